#!/usr/bin/env bash
# Makes sure promtool and the Prometheus server (Debian's prometheus package, 2.42) are installed,
# for the rule tests and the end-to-end test, which runs its own Prometheus on a free port. The
# package's own service is not wanted: it is stopped and disabled if the install started it.
set -euo pipefail

if command -v promtool >/dev/null && command -v prometheus >/dev/null; then
  exit 0
fi
DEBIAN_FRONTEND=noninteractive apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
  systemctl disable --now prometheus >/dev/null 2>&1 || true
elif [ -x /etc/init.d/prometheus ] && /etc/init.d/prometheus status >/dev/null 2>&1; then
  /etc/init.d/prometheus stop >/dev/null 2>&1 || true
fi
promtool --version | head -1

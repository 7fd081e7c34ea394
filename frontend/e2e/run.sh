#!/usr/bin/env bash
# Runs the Playwright scenarios against the real booking service: a fresh MariaDB database
# (podo_e2e) and Redis DB 5, the built SPA served by the service on 127.0.0.1:18080, Debian's
# Chromium as the browser. Holds last 20 s (not 5 min) so that one scenario can watch one run
# out. The waiting room lets 2 a second through, 3 at most at once, so that one scenario can watch
# a line move. The server is stopped however the tests end.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/test-output/e2e
# PODO_E2E_ADDR, PODO_E2E_DB and PODO_E2E_REDIS_DB move them, so that two checkouts can run at once.
addr=${PODO_E2E_ADDR:-127.0.0.1:18080}
db=${PODO_E2E_DB:-podo_e2e}
rdb=${PODO_E2E_REDIS_DB:-5}
mkdir -p "$out"

mariadb -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS $db; CREATE DATABASE $db"
redis-cli -n "$rdb" flushdb >/dev/null

PODO_HTTP_ADDR=$addr PODO_MYSQL_DSN="root@tcp(127.0.0.1:3306)/$db" PODO_REDIS_DB=$rdb \
  PODO_DEV_LOGIN=true PODO_SEED_DEMO=true PODO_ADMIN_EMAILS=admin@dev.podo.local PODO_STATIC_DIR="$root/frontend/dist" PODO_HOLD_TTL=20s \
  PODO_LINE_RATE=2 PODO_LINE_CAP=3 \
  "$root/bin/podo" serve >"$out/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; true' EXIT

ready() { node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "http://$addr/readyz"; }
for _ in $(seq 1 120); do
  if ready; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "e2e: the service exited before it was ready:" >&2
    cat "$out/server.log" >&2
    exit 1
  fi
  sleep 0.5
done
ready || { echo "e2e: the service never became ready" >&2; tail -50 "$out/server.log" >&2; exit 1; }

cd "$root/frontend"
PODO_E2E_BASE_URL="http://$addr" PODO_E2E_OUTPUT="$out" npx playwright test -c e2e/playwright.config.ts "$@"

#!/usr/bin/env bash
# Makes sure MariaDB and Redis run on 127.0.0.1 (3306 and 6379), installing them with apt-get on a
# fresh Debian/Ubuntu machine, and that root may connect over TCP with an empty password, as the
# app's local defaults and tests expect. Safe to run again and again.
set -euo pipefail

apt_install() {
  if [ -z "${PODO_APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    export PODO_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

wait_for() { # name, command...
  local name=$1; shift
  for _ in $(seq 1 60); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "services: $name did not come up" >&2
  return 1
}

# Redis
if ! command -v redis-server >/dev/null; then apt_install redis-server; fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/podo.log
  wait_for redis redis-cli -h 127.0.0.1 -p 6379 ping
fi

# MariaDB
if ! command -v mariadbd >/dev/null && [ ! -x /usr/sbin/mariadbd ]; then apt_install mariadb-server; fi
if ! mariadb-admin ping >/dev/null 2>&1 && ! mariadb -h127.0.0.1 -uroot -e 'select 1' >/dev/null 2>&1; then
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld 2>/dev/null || true
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  wait_for mariadb mariadb-admin ping
fi
if ! mariadb -h127.0.0.1 -uroot -e 'select 1' >/dev/null 2>&1; then
  # A fresh Debian install lets root in through the socket only.
  mariadb -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD(''); FLUSH PRIVILEGES;"
fi
wait_for "mariadb over TCP" mariadb -h127.0.0.1 -uroot -e 'select 1'
echo "services: MariaDB and Redis are up"

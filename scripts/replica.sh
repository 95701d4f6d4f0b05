#!/usr/bin/env bash
# A streaming read replica of the local PostgreSQL server, for development and CI: Debian's cluster
# "15 replica" on port 5433, cloned with pg_basebackup from 127.0.0.1:5432 and kept in sync by
# streaming replication (`-R` writes primary_conninfo and standby.signal).
#
#   scripts/replica.sh start    create it if missing, start it, wait until it streams
#   scripts/replica.sh rebuild  drop it and clone again (after a promotion, say)
#   scripts/replica.sh stop     stop it (the primary is never touched)
#
# The primary only gains a `host replication all 127.0.0.1/32 trust` line in pg_hba.conf and a
# reload; it is never restarted. Needs root (or the postgres user) and Debian's postgresql-common.
set -euo pipefail

PRIMARY_PORT="${PRIMARY_PORT:-5432}"
REPLICA_PORT="${REPLICA_PORT:-5433}"
NAME="${REPLICA_CLUSTER:-replica}"

version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
[ -n "$version" ] || { echo "no PostgreSQL cluster configured under /etc/postgresql" >&2; exit 1; }
data_dir="/var/lib/postgresql/$version/$NAME"

as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi; }

allow_replication() {
  local hba
  hba=$(psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -Atc 'SHOW hba_file')
  if ! grep -q '^host replication all 127.0.0.1/32 trust' "$hba"; then
    sed -i '1i host replication all 127.0.0.1/32 trust' "$hba"
    psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -qAtc 'SELECT pg_reload_conf()' >/dev/null
  fi
}

create() {
  allow_replication
  # The cluster's configuration (port, logs) from Debian's tools; its data from the primary.
  pg_createcluster "$version" "$NAME" --port "$REPLICA_PORT" >/dev/null
  rm -rf "$data_dir"
  install -d -o postgres -g postgres -m 700 "$data_dir"
  as_postgres pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$data_dir" -R -X stream -c fast
  cat >"/etc/postgresql/$version/$NAME/conf.d/replica.conf" <<EOF
listen_addresses = '127.0.0.1'
hot_standby = on
hot_standby_feedback = on
# A replica queries against a replay that has moved on would be cancelled; let them finish first.
max_standby_streaming_delay = 5s
EOF
  if ! grep -q '^host all all 127.0.0.1/32 trust' "/etc/postgresql/$version/$NAME/pg_hba.conf"; then
    sed -i '1i host all all 127.0.0.1/32 trust' "/etc/postgresql/$version/$NAME/pg_hba.conf"
  fi
}

start() {
  [ -f "$data_dir/PG_VERSION" ] || { [ -d "/etc/postgresql/$version/$NAME" ] && pg_dropcluster "$version" "$NAME"; create; }
  pg_ctlcluster --skip-systemctl-redirect "$version" "$NAME" start 2>/dev/null || true
  for _ in $(seq 1 60); do
    if [ "$(psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -Atc 'SELECT pg_is_in_recovery()' 2>/dev/null)" = t ]; then
      echo "replica streaming on 127.0.0.1:$REPLICA_PORT"
      return 0
    fi
    sleep 1
  done
  echo "replica on $REPLICA_PORT did not come up in recovery" >&2
  return 1
}

stop() {
  [ -d "/etc/postgresql/$version/$NAME" ] || return 0
  pg_ctlcluster --skip-systemctl-redirect "$version" "$NAME" stop -m fast 2>/dev/null || true
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  rebuild)
    stop
    [ -d "/etc/postgresql/$version/$NAME" ] && pg_dropcluster "$version" "$NAME"
    start
    ;;
  *) echo "usage: $0 start|stop|rebuild" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# A throwaway PostgreSQL on 127.0.0.1 for the digest store tests.
# Prints `export BULKSENDS_TEST_POSTGRES_URL=postgresql://…` on stdout (for `eval`);
# everything else goes to stderr. Idempotent: a second run reuses the running server.
# Installs Debian's postgresql package when initdb/pg_ctl are missing. initdb refuses
# to run as root, so as root the cluster belongs to the `postgres` user.
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

state=${BULKSENDS_PG_DIR:-${TMPDIR:-/tmp}/bulksends-test-postgres}
db=bulksends_test
user=bulksends

find_bin() {
    command -v "$1" 2>/dev/null && return 0
    ls -1 /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1
}

if [ -z "$(find_bin initdb)" ] || [ -z "$(find_bin pg_ctl)" ]; then
    log "installing postgresql (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
fi
bindir=$(dirname "$(readlink -f "$(find_bin initdb)")")

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin postgres
fi

url_for() { echo "postgresql://$user@127.0.0.1:$1/$db"; }

if [ -f "$state/port" ] && as_owner "$bindir/pg_ctl" -D "$state/data" status >/dev/null 2>&1; then
    log "reusing the server in $state"
    echo "export BULKSENDS_TEST_POSTGRES_URL=$(url_for "$(cat "$state/port")")"
    exit 0
fi

if [ -d "$state/data" ]; then
    as_owner "$bindir/pg_ctl" -D "$state/data" -m immediate stop >/dev/null 2>&1 || true
fi
rm -rf "$state"
mkdir -p "$state"
[ "$(id -u)" -eq 0 ] && chown postgres: "$state"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_owner "$bindir/initdb" -D "$state/data" --username="$user" --auth=trust \
    --encoding=UTF8 --no-locale >"$state/initdb.log" 2>&1 \
    || { cat "$state/initdb.log" >&2; exit 1; }
as_owner "$bindir/pg_ctl" -D "$state/data" -l "$state/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $state -c fsync=off" start >&2 \
    || { cat "$state/server.log" >&2; exit 1; }
as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$db" >&2
echo "$port" | as_owner tee "$state/port" >/dev/null
log "$("$bindir/pg_ctl" --version) on 127.0.0.1:$port"
echo "export BULKSENDS_TEST_POSTGRES_URL=$(url_for "$port")"

#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests, on a free loopback port.
#
#   source scripts/postgres.sh   # then: postgres_start; ...; postgres_stop
#
# postgres_start installs Debian's postgresql package when no server binaries are
# found (as root, skipping apt when it is already installed), runs initdb in a
# temporary folder (as the `postgres` user when we are root: initdb refuses root),
# starts the server on 127.0.0.1 only, and exports FILMBOT_TEST_DATABASE_URL.
# Durability is off (fsync, synchronous_commit): the cluster lives for one run.
# Where PostgreSQL cannot be installed it prints one loud line and returns 1;
# the PostgreSQL tests then skip, loudly, for want of the URL.

_pg_bindir() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
        fi
    done | sort -V | tail -n 1
}

_pg_install() {
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
        return 1
    fi
    echo "postgres.sh: installing PostgreSQL from the Debian packages (about a minute, once)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
}

_pg_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

postgres_start() {
    local bindir
    bindir=$(_pg_bindir)
    if [ -z "$bindir" ]; then
        _pg_install || true
        bindir=$(_pg_bindir)
    fi
    if [ -z "$bindir" ]; then
        echo "!!! postgres.sh: PostgreSQL is not installed and cannot be installed here: the PostgreSQL tests will be SKIPPED !!!" >&2
        return 1
    fi
    PG_TMP=$(mktemp -d -t filmbot-pg.XXXXXX)
    local port run_as=()
    port=$(_pg_free_port)
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$PG_TMP"
        run_as=(runuser -u postgres --)
    fi
    PG_RUN_AS=("${run_as[@]}")
    PG_CTL="$bindir/pg_ctl"
    # A password on TCP (scram), so the tests can check what a wrong one does.
    local password
    password=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
    echo "$password" >"$PG_TMP/password"
    chmod 644 "$PG_TMP/password"
    "${run_as[@]}" "$bindir/initdb" -D "$PG_TMP/data" -U filmbot --pwfile="$PG_TMP/password" \
        --auth-host=scram-sha-256 --auth-local=trust --encoding=UTF8 --locale=C.UTF-8 \
        >"$PG_TMP/initdb.log" 2>&1 || {
        echo "!!! postgres.sh: initdb failed (see below): the PostgreSQL tests will be SKIPPED !!!" >&2
        cat "$PG_TMP/initdb.log" >&2
        return 1
    }
    "${run_as[@]}" "$PG_CTL" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || {
        echo "!!! postgres.sh: the server did not start (see below): the PostgreSQL tests will be SKIPPED !!!" >&2
        cat "$PG_TMP/server.log" >&2
        return 1
    }
    export FILMBOT_TEST_DATABASE_URL="postgresql://filmbot:$password@127.0.0.1:$port/postgres"
    echo "postgres.sh: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throw-away, $PG_TMP)" >&2
}

postgres_stop() {
    if [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP/data" ]; then
        "${PG_RUN_AS[@]}" "$PG_CTL" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$PG_TMP"
    fi
}

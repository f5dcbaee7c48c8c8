# Sourced by scripts/test.sh: a throwaway PostgreSQL server for the gradebook tests.
# Installs Debian's server if it is missing, starts one on a loopback port in a
# temporary folder, exports GRADING_TEST_POSTGRES_URL, and stops it on exit.
# Without it the tests start their own server when the binaries are there.
pg_bin() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}
if [ -z "$(pg_bin)" ] && command -v apt-get >/dev/null; then
    echo "installing PostgreSQL (Debian's package)..."
    { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        postgresql; } > /tmp/postgres-install.log 2>&1 || tail -20 /tmp/postgres-install.log
fi
if [ -n "$(pg_bin)" ]; then
    PG_DIR="$(mktemp -d /tmp/grading-pg.XXXXXX)"
    as_pg=()
    if [ "$(id -u)" = 0 ]; then  # the server refuses to run as root
        chown postgres "$PG_DIR" 2>/dev/null && as_pg=(runuser -u postgres --)
    fi
    started=""
    if "${as_pg[@]}" "$(pg_bin)/initdb" -D "$PG_DIR/data" -U grader --auth=trust >"$PG_DIR/initdb.log" 2>&1; then
        for PG_PORT in 55432 55433 55434 55435; do  # the first free one
            if "${as_pg[@]}" "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
                    -o "-k $PG_DIR -p $PG_PORT -c listen_addresses=127.0.0.1" start >/dev/null; then
                started=yes
                break
            fi
        done
    fi
    if [ -n "$started" ]; then
        export GRADING_TEST_POSTGRES_URL="postgresql://grader@127.0.0.1:$PG_PORT/postgres"
        trap '"${as_pg[@]}" "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1; rm -rf "$PG_DIR"' EXIT
        echo "PostgreSQL for the tests: $GRADING_TEST_POSTGRES_URL"
    else
        echo "could not start PostgreSQL:"; cat "$PG_DIR/initdb.log" "$PG_DIR/server.log" 2>/dev/null | tail -20
    fi
fi

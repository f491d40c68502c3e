#!/bin/sh
# The PostgreSQL server programs (initdb, pg_ctl) from which the tests start a server of their
# own (tests/support/pg_server.py). Found in $PDV_PG_BINDIR, on PATH or in Debian's
# /usr/lib/postgresql/*/bin; otherwise, as root on Debian (CI), Debian's `postgresql` package is
# installed, without the system cluster the tests do not use; otherwise the way is printed.
set -eu
if [ -n "${PDV_PG_BINDIR:-}" ] && [ -x "$PDV_PG_BINDIR/initdb" ]; then exit 0; fi
if command -v initdb >/dev/null 2>&1; then exit 0; fi
for bin in /usr/lib/postgresql/*/bin; do
    if [ -x "$bin/initdb" ]; then exit 0; fi
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "PostgreSQL para os testes: instalando o pacote postgresql..."
    mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/pdv-sim-tests.conf
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    exit 0
fi
echo "PostgreSQL não encontrado (initdb, pg_ctl), necessário aos testes do banco compartilhado:" >&2
echo "  sudo apt-get install postgresql   (ou indique a pasta dos programas em PDV_PG_BINDIR)" >&2
exit 1

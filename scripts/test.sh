#!/usr/bin/env bash
# Set up everything the test suite needs and run it: the README's test command.
#   bash scripts/test.sh [pytest args...]
# On a machine where this runs as root with apt (CI, the dev machines), it also installs
# Debian's chromium (browser tests), PostgreSQL (portal tests on a real server) and poppler-utils,
# and starts PostgreSQL on 127.0.0.1.  Elsewhere those tests are skipped with a reason.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q -e '.[test]'

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  need=()
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
  [ -d /usr/lib/postgresql ] || need+=(postgresql)
  # stand-ins for the installed 楷体/宋体 faces the PDF uses when present (tests/writers/test_fonts.py)
  [ -f /usr/share/fonts/truetype/arphic/ukai.ttc ] || need+=(fonts-arphic-ukai)
  [ -f /usr/share/fonts/truetype/arphic/uming.ttc ] || need+=(fonts-arphic-uming)
  # LibreOffice lays the DOCX out for tests/writers/test_docx_layout.py (目录 pages, landscape tables)
  command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
  if [ ${#need[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  # A real PostgreSQL on loopback for the portal tests.
  if command -v pg_lsclusters >/dev/null 2>&1; then
    cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
    if [ -z "$cluster" ]; then
      ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
      pg_createcluster "$ver" main >/dev/null
      cluster="$ver main"
    fi
    pg_ctlcluster $cluster start >/dev/null 2>&1 || true
    for _ in $(seq 1 30); do
      su postgres -c "pg_isready -q -h 127.0.0.1" && break
      sleep 1
    done
    su postgres -c "psql -q -tc \"SELECT 1 FROM pg_roles WHERE rolname='juesuan'\"" | grep -q 1 \
      || su postgres -c "psql -q -c \"CREATE ROLE juesuan LOGIN PASSWORD 'juesuan' CREATEDB\""
    su postgres -c "psql -q -tc \"SELECT 1 FROM pg_database WHERE datname='juesuan_test'\"" | grep -q 1 \
      || su postgres -c "psql -q -c \"CREATE DATABASE juesuan_test OWNER juesuan\""
    export JUESUAN_TEST_PG_URL=${JUESUAN_TEST_PG_URL:-postgresql://juesuan:juesuan@127.0.0.1:5432/juesuan_test}
  fi
fi

.venv/bin/python -m ruff check src tests benchmarks
.venv/bin/lint-imports --no-cache  # one-way imports: the contracts in pyproject.toml (docs/architecture.md)
exec .venv/bin/python -m pytest "$@"

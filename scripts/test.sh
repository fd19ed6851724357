#!/usr/bin/env bash
# Set up everything the test suite needs and run it: the README's test command.
#   bash scripts/test.sh [pytest args...]
# On a machine where this runs as root with apt (CI, the dev machines), it also installs
# Debian's chromium (browser tests), PostgreSQL's server binaries and poppler-utils.  The `postgres`
# tests start their own server in a temporary folder on a free port and stop it at the end
# (tests/pgserver.py); no system cluster, role or database is created, port 5432 is never touched.
# Without those programs the tests that need them are skipped with a reason.
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
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  # stand-ins for the installed 楷体/宋体 faces the PDF uses when present (tests/writers/test_fonts.py)
  [ -f /usr/share/fonts/truetype/arphic/ukai.ttc ] || need+=(fonts-arphic-ukai)
  [ -f /usr/share/fonts/truetype/arphic/uming.ttc ] || need+=(fonts-arphic-uming)
  # LibreOffice lays the DOCX out for tests/writers/test_docx_layout.py (目录 pages, landscape tables)
  command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
  if [ ${#need[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    # The server binaries only: no system cluster is created or started (the tests start their own).
    if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
      mkdir -p /etc/postgresql-common
      echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
    fi
    apt-get update -qq >/dev/null
    apt-get -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confold install -y -qq "${need[@]}" >/dev/null
  fi
fi

.venv/bin/python -m ruff check src tests benchmarks
.venv/bin/lint-imports --no-cache  # one-way imports: the contracts in pyproject.toml (docs/architecture.md)
exec .venv/bin/python -m pytest "$@"

#!/usr/bin/env bash
# PostgreSQL + PostGIS of this Debian release (bookworm 15, trixie 17, forky 18) and psycopg2, for the shared-ledger
# tests: the server binaries only; tests/pg_server.py starts a throw-away cluster inside the test run.
set -euo pipefail
for dir in /usr/lib/postgresql/*/lib; do
  if [ -e "$dir/postgis-3.so" ] && /usr/bin/python3 -c "import psycopg2" 2>/dev/null; then exit 0; fi
done
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
version=$(apt-cache depends postgresql 2>/dev/null | sed -n 's/^ *Depends: postgresql-\([0-9][0-9]*\)$/\1/p' | head -n 1)
if [ -z "$version" ]; then
  $sudo apt-get update -qq
  version=$(apt-cache depends postgresql | sed -n 's/^ *Depends: postgresql-\([0-9][0-9]*\)$/\1/p' | head -n 1)
fi
# The throw-away clusters are the tests' own: no default cluster to start at installation (in a chroot too).
if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
  $sudo mkdir -p /etc/postgresql-common
  echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.conf >/dev/null
fi
echo "Installing PostgreSQL $version with PostGIS 3 and psycopg2"
bash "$(dirname "$0")/install-debian-packages.sh" "postgresql-$version" "postgresql-$version-postgis-3" python3-psycopg2

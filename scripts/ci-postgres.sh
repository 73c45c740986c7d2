#!/usr/bin/env bash
# Provides a local PostgreSQL for CI (Debian, run as root): installs the
# `postgresql` package unless present, starts the cluster, creates the role and
# database `vitrine` (password `vitrine`, CI ONLY) and prints, as its last line,
#   DATABASE_URL=postgres://vitrine:vitrine@127.0.0.1:5432/vitrine
# Idempotent: running it again changes nothing and prints the same line.
# Progress goes to stderr, so `export "$(scripts/ci-postgres.sh | tail -n 1)"` works.
set -euo pipefail

NAME=vitrine
PASSWORD=vitrine # CI ONLY
log() { echo "[ci-postgres] $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  log "run me as root (apt-get, pg_ctlcluster)"
  exit 1
fi

if command -v pg_ctlcluster >/dev/null 2>&1 && compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; then
  log "postgresql already installed"
else
  log "installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
# Some images install the server without creating the default cluster.
if ! pg_lsclusters -h | awk '{ print $1 " " $2 }' | grep -qx "$version main"; then
  log "creating cluster $version/main"
  pg_createcluster "$version" main >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')

if pg_ctlcluster "$version" main status >/dev/null 2>&1; then
  log "cluster $version/main already running on port $port"
else
  log "starting cluster $version/main on port $port"
  pg_ctlcluster "$version" main start >&2
fi

for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$port" || { log "server did not become ready"; exit 1; }

# Role and database, created once; the password is (re)set every time.
cd /tmp
runuser -u postgres -- psql -q -X -v ON_ERROR_STOP=1 -p "$port" >&2 <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$NAME') THEN
    CREATE ROLE $NAME LOGIN PASSWORD '$PASSWORD';
  ELSE
    ALTER ROLE $NAME LOGIN PASSWORD '$PASSWORD';
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE $NAME OWNER $NAME' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$NAME') \gexec
SQL

url="postgres://$NAME:$PASSWORD@127.0.0.1:$port/$NAME"
PGPASSWORD=$PASSWORD psql -q -X -v ON_ERROR_STOP=1 "$url" -c 'SELECT 1' >/dev/null
log "ready"
echo "DATABASE_URL=$url"

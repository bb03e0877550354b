# Make sure a PostgreSQL server answers for the test suite; sourced by scripts/test.
# Order: already up → start an installed but stopped cluster → install Debian's package.
# Exports UNICARD_TEST_POSTGRES_URL and UNICARD_REQUIRE_POSTGRES=1 on success; on failure
# prints a loud banner and leaves the PostgreSQL half of the suite to skip with that reason.

PG_HOST=127.0.0.1
PG_PORT=5432

_pg_up() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; }

_pg_start_installed() {
  command -v pg_ctlcluster >/dev/null || return 1
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
  [ -n "$version" ] || return 1
  echo "== starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || pg_ctlcluster "$version" main start
  for _ in $(seq 1 30); do _pg_up && return 0; sleep 1; done
  return 1
}

_pg_install() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 1
  echo "== installing PostgreSQL from Debian's packages"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null || return 1
  _pg_start_installed || return 1
  # A fresh Debian cluster asks for a password over TCP; give the superuser one for the tests.
  su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'unicard-ci'\"" >/dev/null
  export PGPASSWORD=unicard-ci
}

_pg_url() {
  local password="${PGPASSWORD:+:$PGPASSWORD}"
  echo "postgresql+psycopg://postgres${password}@${PG_HOST}:${PG_PORT}/test"
}

ensure_postgres() {
  if [ -n "${UNICARD_TEST_POSTGRES_URL:-}" ]; then
    export UNICARD_REQUIRE_POSTGRES=1
    return 0
  fi
  if ! command -v pg_isready >/dev/null && ! _pg_install; then
    _pg_banner "no PostgreSQL client or server on this machine, and it could not be installed"
    return 0
  fi
  if ! _pg_up && ! _pg_start_installed && ! { _pg_install && _pg_up; }; then
    _pg_banner "no server answers at ${PG_HOST}:${PG_PORT} and none could be started or installed"
    return 0
  fi
  if ! psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -lqt 2>/dev/null | cut -d'|' -f1 | grep -qw test; then
    createdb -h "$PG_HOST" -p "$PG_PORT" -U postgres test || {
      _pg_banner "could not create the database 'test'"
      return 0
    }
  fi
  export UNICARD_TEST_POSTGRES_URL
  UNICARD_TEST_POSTGRES_URL=$(_pg_url)
  export UNICARD_REQUIRE_POSTGRES=1
  echo "== PostgreSQL ready at ${PG_HOST}:${PG_PORT}/test"
}

_pg_banner() {
  echo
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  echo "!! THE POSTGRESQL HALF OF THE TEST SUITE WILL BE SKIPPED: $1"
  echo "!! Only SQLite is tested in this run. Set UNICARD_TEST_POSTGRES_URL to a server to test it."
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  echo
}

# Shared by tests/run.sh and tests/FunnelStudio.Benchmarks/load.sh (source it, do not run it):
# a throw-away PostgreSQL cluster — initdb in a temp dir, loopback only, fsync off — installed with
# apt-get when missing (as root). start_postgres exports FUNNELSTUDIO_TEST_PG; stop_postgres removes
# the cluster and is safe to call more than once (call it from an EXIT trap).

pg_dir=""
pg_bin=""
pg_user=""
pg_port=""
pg_password=""

as_pg() {
  if [ -n "$pg_user" ]; then runuser -u "$pg_user" -- "$@"; else "$@"; fi
}

find_pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; fi
}

# The first loopback port from $1 (default 55432) on which nothing listens.
free_port() {
  local port first=${1:-55432}
  for port in $(seq "$first" $((first + 99))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

# start_postgres [extra server options…], e.g. "-c shared_buffers=256MB".
start_postgres() {
  pg_bin=$(find_pg_bin)
  if [ -z "$pg_bin" ]; then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
      echo "PostgreSQL server binaries are missing (/usr/lib/postgresql/*/bin) and cannot be installed without root and apt-get"
      return 1
    fi
    echo "installing postgresql with apt-get"
    apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 || { echo "apt-get install postgresql failed"; return 1; }
    pg_bin=$(find_pg_bin)
    [ -n "$pg_bin" ] || { echo "postgresql installed, but no initdb under /usr/lib/postgresql"; return 1; }
  fi
  # initdb refuses to run as root: the cluster belongs to the postgres user (or an unprivileged one made for it).
  if [ "$(id -u)" -eq 0 ]; then
    pg_user=postgres
    if ! id "$pg_user" >/dev/null 2>&1; then
      pg_user=funnelstudio-pg
      id "$pg_user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$pg_user" \
        || { echo "could not create a user to run PostgreSQL"; return 1; }
    fi
  fi
  local port password
  port=$(free_port 55432) || { echo "no free loopback port in 55432-55531"; return 1; }
  password=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/funnelstudio-pg.XXXXXX")
  printf '%s\n' "$password" >"$pg_dir/pwfile"
  [ -z "$pg_user" ] || chown -R "$pg_user" "$pg_dir"
  chmod 700 "$pg_dir"
  if ! as_pg "$pg_bin/initdb" -D "$pg_dir/data" -U funnelstudio --pwfile="$pg_dir/pwfile" --auth=scram-sha-256 \
      -E UTF8 --no-locale >"$pg_dir/initdb.log" 2>&1; then
    echo "initdb failed:"; tail -n 20 "$pg_dir/initdb.log"; return 1
  fi
  rm -f "$pg_dir/pwfile"
  if ! as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $pg_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 $*" \
      start >/dev/null 2>&1; then
    echo "PostgreSQL did not start:"; tail -n 20 "$pg_dir/server.log" 2>/dev/null; return 1
  fi
  pg_port=$port
  pg_password=$password
  export FUNNELSTUDIO_TEST_PG="Host=127.0.0.1;Port=$port;Username=funnelstudio;Password=$password;Database=postgres"
  echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throw-away cluster)"
}

# create_database NAME: an empty database in the running cluster.
create_database() {
  PGPASSWORD="$pg_password" "$pg_bin/psql" -X -q -h 127.0.0.1 -p "$pg_port" -U funnelstudio -d postgres \
    -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$1\"" >/dev/null
}

stop_postgres() {
  if [ -n "$pg_dir" ] && [ -d "$pg_dir" ]; then
    as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
  pg_dir=""
}

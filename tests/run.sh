#!/usr/bin/env bash
# Everything: build, every test project, and a last line "N passed, N failed" (CI reads that line,
# not dotnet test's own summary). Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results=$(mktemp -d)
pg_dir=""
pg_bin=""
pg_user=""

# Stops the throw-away PostgreSQL cluster (if one was started) and removes every temporary file,
# on success, on failure and on Ctrl-C alike.
cleanup() {
  if [ -n "$pg_dir" ] && [ -d "$pg_dir" ]; then
    as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
  rm -rf "$results"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "== build"
if ! dotnet build FunnelStudio.sln -c Release -nologo -v q; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# == PostgreSQL: the storage and pipeline tests run on SQLite and on a real PostgreSQL. This starts
# a throw-away cluster (initdb in a temp dir, loopback only, fsync off) and passes its connection
# string in FUNNELSTUDIO_TEST_PG. Tests never skip PostgreSQL: without it they fail, and so does this run.
as_pg() {
  if [ -n "$pg_user" ]; then runuser -u "$pg_user" -- "$@"; else "$@"; fi
}

find_pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; fi
}

free_port() {
  local port
  for port in $(seq 55432 55531); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

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
  port=$(free_port) || { echo "no free loopback port in 55432-55531"; return 1; }
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
      -o "-c listen_addresses=127.0.0.1 -p $port -k $pg_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null 2>&1; then
    echo "PostgreSQL did not start:"; tail -n 20 "$pg_dir/server.log" 2>/dev/null; return 1
  fi
  export FUNNELSTUDIO_TEST_PG="Host=127.0.0.1;Port=$port;Username=funnelstudio;Password=$password;Database=postgres"
  echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throw-away cluster)"
}

status=0
echo "== postgresql"
if ! start_postgres; then
  echo "PostgreSQL not available: the PostgreSQL tests will fail and so will this run"
  unset FUNNELSTUDIO_TEST_PG
  status=1
fi

# == Chromium: the browser tests drive Debian's /usr/bin/chromium (Playwright never downloads a
# browser). Installed here when missing; without it the browser tests fail with a clear message.
echo "== chromium"
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing chromium with apt-get"
    apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
      || echo "apt-get install chromium failed: the browser tests will fail"
  else
    echo "/usr/bin/chromium is missing and cannot be installed without root and apt-get: the browser tests will fail"
  fi
fi
[ -x /usr/bin/chromium ] && /usr/bin/chromium --version 2>/dev/null | head -n 1

for project in tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" || status=1
  if [ ! -f "$results/$name.trx" ]; then
    echo "$name produced no results"
    status=1
  fi
done

# Sum the counters of every TRX file: <Counters total=".." executed=".." passed=".." failed=".." ...>
passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
[ "$passed" -gt 0 ] || { status=1; [ "$failed" -gt 0 ] || failed=1; }

cd "$root"
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]

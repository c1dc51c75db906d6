#!/usr/bin/env bash
# Publishing a version under load (README "Publishing a version under load"): a throw-away PostgreSQL,
# the portal in Release on a loopback port, 100k deals created through the API by load.sh's client
# (--load --scenarios create), a second portal process on the same database, then the publish client
# (--publish): a steady open-loop background load on the first portal while a draft that adds an
# indexed field and removes one holding data is uploaded, its impact read and published, the second
# portal polled every 50 ms until it serves the new version; then --repeats more publishes for the
# instance switch. Everything stops on exit, also on failure.
#
#   tests/FunnelStudio.Benchmarks/publish.sh [--creates 100000] [--rate 50] [--concurrency 32] [--repeats 5]
#
# FUNNELSTUDIO_PUBLISH_LOG=DIR keeps both portals' logs (and PostgreSQL's) there.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
. "$root/tests/pg.sh"

creates=100000
publish_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --creates) creates=$2; shift 2 ;;
    *) publish_args+=("$1"); shift ;;
  esac
done

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
  if [ -n "${FUNNELSTUDIO_PUBLISH_LOG:-}" ]; then
    mkdir -p "$FUNNELSTUDIO_PUBLISH_LOG"
    cp "$work"/portal-*.log "$FUNNELSTUDIO_PUBLISH_LOG/" 2>/dev/null || true
    [ -z "$pg_dir" ] || cp "$pg_dir/server.log" "$FUNNELSTUDIO_PUBLISH_LOG/postgresql.log" 2>/dev/null || true
  fi
  stop_postgres
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
client=tests/FunnelStudio.Benchmarks/bin/Release/net10.0/FunnelStudio.Benchmarks.dll

echo "== build (Release)"
dotnet build portal/FunnelStudio.Portal -c Release -nologo -v q >"$work/build.log" 2>&1 || { tail -n 30 "$work/build.log"; exit 1; }
dotnet build tests/FunnelStudio.Benchmarks -c Release -nologo -v q >>"$work/build.log" 2>&1 || { tail -n 30 "$work/build.log"; exit 1; }

echo "== postgresql"
start_postgres -c shared_buffers=256MB -c log_min_duration_statement=1000 -c log_lock_waits=on
create_database funnelstudio
connection="${FUNNELSTUDIO_TEST_PG/Database=postgres/Database=funnelstudio}"
password="Load-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"

# start_portal NAME PORT_FROM [NAME=value…]: the portal as load.sh runs it (Production, logging at Warning,
# PostgreSQL, the demo users with a known password, no demo deals); sets $url.
start_portal() {
  local name=$1 port pid
  port=$(free_port "$2") || { echo "no free loopback port from $2"; exit 1; }
  shift 2
  url="http://127.0.0.1:$port"
  (
    cd portal/FunnelStudio.Portal
    exec env ASPNETCORE_ENVIRONMENT=Production \
      Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.AspNetCore=Warning \
      Logging__LogLevel__FunnelStudio.Versions=Information \
      FunnelStudio__Database__Provider=postgres ConnectionStrings__FunnelStudio="$connection" \
      FunnelStudio__Demo__Records=0 FunnelStudio__Demo__Password="$password" "$@" \
      dotnet bin/Release/net10.0/FunnelStudio.Portal.dll --urls "$url"
  ) >"$work/portal-$name.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "$url/Account/Login" 2>/dev/null; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "portal $name exited:"; tail -n 40 "$work/portal-$name.log"; exit 1; fi
    sleep 1
  done
  curl -fsS -o /dev/null "$url/Account/Login" || { echo "portal $name did not answer on $url:"; tail -n 40 "$work/portal-$name.log"; exit 1; }
  echo "portal $name on $url (pid $pid)"
  portal_pid=$pid
}

echo "== portal A (seeds the demo users)"
start_portal a 15180 FunnelStudio__Demo__Seed=true
first_url=$url first_pid=$portal_pid

echo "== $creates deals through the API (load.sh's creates)"
DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 dotnet "$client" --load --scenarios create --creates "$creates" --warmup 2 \
  --base-url "$first_url" --user rep@funnelstudio.local --password "$password" --pg "$connection" \
  --portal-pid "$first_pid" --pg-pid "$(head -n 1 "$pg_dir/data/postmaster.pid")"

echo "== portal B (the same database)"
start_portal b 15280

echo "== publish under load; load average $(cut -d' ' -f1-3 /proc/loadavg)"
status=0
DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 dotnet "$client" --publish --base-url "$first_url" --second-url "$url" \
  --password "$password" "${publish_args[@]}" || status=$?
for name in a b; do
  echo "== portal $name log: $(grep -c '^fail:' "$work/portal-$name.log" || true) errors; the lines of FunnelStudio.Versions and failures:"
  grep -A3 -E '^(fail|warn|info): FunnelStudio' "$work/portal-$name.log" | head -n 60 || true
done
echo "== PostgreSQL statements over 1 s / lock waits:"
grep -E 'duration: [0-9]{4,}|still waiting|acquired' "$pg_dir/server.log" | cut -c1-400 | head -n 40 || true
exit "$status"

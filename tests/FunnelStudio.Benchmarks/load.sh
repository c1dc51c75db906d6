#!/usr/bin/env bash
# The portal load test (README "Portal load"): a throw-away PostgreSQL, the portal in Release as its
# own process on a loopback port, and the load client (--load) as a second process that creates the
# deals through the API and then reads lists and boards. Everything stops on exit, also on failure.
#
#   tests/FunnelStudio.Benchmarks/load.sh [--creates 100000] [--concurrency 32] [--seconds 20] [--warmup 10]
#
# Every scenario runs flat out (the most it can do) and, for the targets, at the target rate
# (--create-rate 2000, --read-rate 500 requests/s for --rated-seconds 20) to read the latency there.
# Extra arguments go to the load client and win over these defaults. FUNNELSTUDIO_LOAD_PORTAL_ENV may name more NAME=value
# settings for the portal (space-separated), e.g. to compare a setting on and off;
# FUNNELSTUDIO_LOAD_LOG a file to keep the portal's log in. Reports CPU per request (from /proc).
# FUNNELSTUDIO_LOAD_UNIQUE=1 gives the deal two more unique fields (a copy of the sample package made by
# --unique-package) and sends unique values for them. FUNNELSTUDIO_LOAD_PORTAL_DIR runs the portal of
# another checkout (built there) against this client: measure a change before and after in one session:
#   git worktree add ../before <commit>; FUNNELSTUDIO_LOAD_PORTAL_DIR=../before tests/FunnelStudio.Benchmarks/load.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
. "$root/tests/pg.sh"

work=$(mktemp -d)
portal_pid=""
cleanup() {
  if [ -n "$portal_pid" ] && kill -0 "$portal_pid" 2>/dev/null; then
    kill "$portal_pid" 2>/dev/null || true
    wait "$portal_pid" 2>/dev/null || true
  fi
  stop_postgres
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

portal_root=$(cd "${FUNNELSTUDIO_LOAD_PORTAL_DIR:-$root}" && pwd)
echo "== build (Release)"
dotnet build "$portal_root/portal/FunnelStudio.Portal" -c Release -nologo -v q >"$work/build.log" 2>&1 || { tail -n 30 "$work/build.log"; exit 1; }
dotnet build tests/FunnelStudio.Benchmarks -c Release -nologo -v q >>"$work/build.log" 2>&1 || { tail -n 30 "$work/build.log"; exit 1; }

echo "== postgresql"
start_postgres -c shared_buffers=256MB
create_database funnelstudio
connection="${FUNNELSTUDIO_TEST_PG/Database=postgres/Database=funnelstudio}"

client_args=()
portal_env="${FUNNELSTUDIO_LOAD_PORTAL_ENV:-}"
if [ "${FUNNELSTUDIO_LOAD_UNIQUE:-}" = 1 ]; then
  dotnet tests/FunnelStudio.Benchmarks/bin/Release/net10.0/FunnelStudio.Benchmarks.dll --unique-package \
    "$root/sample-configs/b2b-saas" "$work/unique-package"
  portal_env="$portal_env FunnelStudio__Package=$work/unique-package"
  client_args+=(--unique-fields)
fi

echo "== portal ($portal_root)"
# Not 5080, the portal's default: a developer's own portal (or a script stopping it) must not meet this one.
port=$(free_port 15080) || { echo "no free loopback port from 15080"; exit 1; }
url="http://127.0.0.1:$port"
password="Load-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
# Production, logging at Warning, the demo users (outside Development only when asked) without demo
# deals (the load's creates are the data), a known password.
(
  cd "$portal_root/portal/FunnelStudio.Portal"
  # shellcheck disable=SC2086
  exec env ASPNETCORE_ENVIRONMENT=Production \
    Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.AspNetCore=Warning \
    FunnelStudio__Database__Provider=postgres ConnectionStrings__FunnelStudio="$connection" \
    FunnelStudio__Demo__Seed=true FunnelStudio__Demo__Records=0 FunnelStudio__Demo__Password="$password" \
    $portal_env \
    dotnet bin/Release/net10.0/FunnelStudio.Portal.dll --urls "$url"
) >"$work/portal.log" 2>&1 &
portal_pid=$!
for _ in $(seq 1 120); do
  if curl -fsS -o /dev/null "$url/Account/Login" 2>/dev/null; then break; fi
  if ! kill -0 "$portal_pid" 2>/dev/null; then echo "the portal exited:"; tail -n 40 "$work/portal.log"; exit 1; fi
  sleep 1
done
curl -fsS -o /dev/null "$url/Account/Login" || { echo "the portal did not answer on $url:"; tail -n 40 "$work/portal.log"; exit 1; }
echo "portal on $url (pid $portal_pid)"

echo "== load"
status=0
# The client's thread pool must not spin while it waits for the next request due: at a target rate its
# threads idle between requests, and spinning took a quarter of its CPU per request from the two cores
# the portal and PostgreSQL share with it (measured in alternating runs).
DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 \
dotnet tests/FunnelStudio.Benchmarks/bin/Release/net10.0/FunnelStudio.Benchmarks.dll --load \
  --base-url "$url" --user rep@funnelstudio.local --password "$password" --pg "$connection" \
  --portal-pid "$portal_pid" --pg-pid "$(head -n 1 "$pg_dir/data/postmaster.pid")" "${client_args[@]}" "$@" \
  --create-rate 2000 --read-rate 500 || status=$?
if [ -s "$work/portal.log" ]; then
  echo "== portal log: $(grep -c '^fail:' "$work/portal.log" || true) errors, $(grep -c '^warn:' "$work/portal.log" || true) warnings; the first 30 lines:"
  head -n 30 "$work/portal.log"
  [ -z "${FUNNELSTUDIO_LOAD_LOG:-}" ] || cp "$work/portal.log" "$FUNNELSTUDIO_LOAD_LOG"
fi
exit "$status"

#!/usr/bin/env bash
# Everything: build, every test project, and a last line "N passed, N failed" (CI reads that line,
# not dotnet test's own summary). Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results=$(mktemp -d)
. "$root/tests/pg.sh"

# Stops the throw-away PostgreSQL cluster (if one was started) and removes every temporary file,
# on success, on failure and on Ctrl-C alike.
cleanup() {
  stop_postgres
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
# string in FUNNELSTUDIO_TEST_PG (tests/pg.sh). Tests never skip PostgreSQL: without it they fail, and so does this run.
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

#!/usr/bin/env bash
# Serves one SQLite table from lbrun and from a hand-written Hummingbird + sqlite-nio server
# (baseline/), in turn, on the same database file, and loads each with wrk:
#   GET by id, GET list (where + limit 20), count, POST, PATCH, each server on a fresh copy of the
#   same seeded file.
# Prints req/s, p50 and p99 latency, the ratio lbrun / hand-written, RSS under load and the time
# from process start to the first 200. Run by hand: Benchmarks/rest/run.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-10}
connections=${2:-32}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
(cd ../.. && swift build -c release --product lbrun 2>&1 | tail -1)
(cd baseline && swift build -c release 2>&1 | tail -1)
lbrun=../../.build/release/lbrun
baseline=baseline/.build/release/Baseline
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export BENCH_DB=$work/bench.db
seed=$work/seed.db

# Create the table through lbrun, then seed 10,000 rows directly.
"$lbrun" serve app --port 18080 --host 127.0.0.1 --env production >/dev/null 2>&1 &
pid=$!
until curl -sf localhost:18080/api/Notes/count >/dev/null; do sleep 0.05; done
kill -TERM $pid; wait $pid || true
python3 - "$BENCH_DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executemany('INSERT INTO "Note" ("title", "done", "priority") VALUES (?, ?, ?)',
               [(f"note {i}", i % 2, i % 5) for i in range(10000)])
db.commit()
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.close()
PY
mv "$BENCH_DB" "$seed"
rm -f "$BENCH_DB-wal" "$BENCH_DB-shm"

boot_ms() {  # milliseconds from process start to the first 200 on $1
    local start=$(date +%s%N)
    until curl -sf "$1" >/dev/null; do sleep 0.002; done
    echo $(( ($(date +%s%N) - start) / 1000000 ))
}

declare -A rps p50 p99 rss boot
measure() {  # name, command…
    local name=$1; shift
    # Each server starts from the same seeded file.
    cp "$seed" "$BENCH_DB"
    rm -f "$BENCH_DB-wal" "$BENCH_DB-shm"
    "$@" >/dev/null 2>&1 &
    local server=$!
    boot[$name]=$(boot_ms localhost:18080/api/Notes/count)
    for case in id list count post patch; do
        local args=()
        case $case in
            id) args=(-s get-by-id.lua http://127.0.0.1:18080) ;;
            list) args=("http://127.0.0.1:18080/api/Notes?filter%5Bwhere%5D%5Bdone%5D=false&filter%5Blimit%5D=20") ;;
            post) args=(-s post.lua http://127.0.0.1:18080/api/Notes) ;;
            patch) args=(-s patch.lua http://127.0.0.1:18080) ;;
            count) args=(http://127.0.0.1:18080/api/Notes/count) ;;
        esac
        local out=$(wrk -t1 -c"$connections" -d"${seconds}s" --latency "${args[@]}")
        rps[$name,$case]=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
        p50[$name,$case]=$(awk '$1 == "50%" {print $2}' <<<"$out")
        p99[$name,$case]=$(awk '$1 == "99%" {print $2}' <<<"$out")
        rss[$name,$case]=$(( $(ps -o rss= -p $server) / 1024 ))
    done
    kill -TERM $server; wait $server || true
}

measure lbrun "$lbrun" serve app --port 18080 --host 127.0.0.1 --env production
measure baseline "$baseline" "$BENCH_DB" 18080

printf "\n%-6s | %12s %9s %9s | %12s %9s %9s | %6s | %9s %9s\n" request "lbrun req/s" p50 p99 "hand req/s" p50 p99 ratio "lbrun RSS" "hand RSS"
for case in id list count post patch; do
    ratio=$(awk -v a="${rps[lbrun,$case]}" -v b="${rps[baseline,$case]}" 'BEGIN { printf "%.2f", a / b }')
    printf "%-6s | %12s %9s %9s | %12s %9s %9s | %6s | %6s MiB %6s MiB\n" "$case" "${rps[lbrun,$case]}" "${p50[lbrun,$case]}" \
        "${p99[lbrun,$case]}" "${rps[baseline,$case]}" "${p50[baseline,$case]}" "${p99[baseline,$case]}" "$ratio" \
        "${rss[lbrun,$case]}" "${rss[baseline,$case]}"
done
echo "boot to first 200: lbrun ${boot[lbrun]} ms, hand-written ${boot[baseline]} ms"
echo "($seconds s per case, $connections connections, wrk 1 thread, 10,000 rows, $(nproc) cores)"

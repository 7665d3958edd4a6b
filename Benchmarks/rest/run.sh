#!/usr/bin/env bash
# Serves one SQLite table from lbrun and from a hand-written Hummingbird + sqlite-nio server
# (baseline/), in turn, and loads each with wrk: GET by id, GET list (where + limit 20), count,
# POST, PATCH. Each server starts from a fresh copy of the same seeded file. The two servers
# alternate for ROUNDS rounds, so that drift in the machine's speed hits both alike.
# Prints, per request, the median over the rounds of req/s, p50 and p99 latency, of the ratio
# lbrun / hand-written, and of the server's CPU time per request (lbrun / hand-written: less noisy
# than req/s on a small machine, where wrk shares the cores); RSS under load and the time from
# process start to the first 200. Both servers are warmed up with reads before measuring.
# Run by hand: Benchmarks/rest/run.sh [SECONDS] [CONNECTIONS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-10}
connections=${2:-32}
rounds=${3:-3}
source ../lib.sh
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

declare -A rps p50 p99 rss boot cpu
measure() {  # name, round, command…
    local name=$1 round=$2; shift 2
    # Each server starts from the same seeded file.
    cp "$seed" "$BENCH_DB"
    rm -f "$BENCH_DB-wal" "$BENCH_DB-shm"
    "$@" >/dev/null 2>&1 &
    local server=$!
    boot[$name,$round]=$(boot_ms localhost:18080/api/Notes/count)
    # Warm-up (reads only, so both servers measure the same data): first-request costs of either
    # server stay out of the figures.
    wrk -t1 -c"$connections" -d2s -s get-by-id.lua http://127.0.0.1:18080 >/dev/null
    wrk -t1 -c"$connections" -d1s "http://127.0.0.1:18080/api/Notes?filter%5Bwhere%5D%5Bdone%5D=false&filter%5Blimit%5D=20" >/dev/null
    for case in id list count post patch; do
        local args=()
        case $case in
            id) args=(-s get-by-id.lua http://127.0.0.1:18080) ;;
            list) args=("http://127.0.0.1:18080/api/Notes?filter%5Bwhere%5D%5Bdone%5D=false&filter%5Blimit%5D=20") ;;
            post) args=(-s post.lua http://127.0.0.1:18080/api/Notes) ;;
            patch) args=(-s patch.lua http://127.0.0.1:18080) ;;
            count) args=(http://127.0.0.1:18080/api/Notes/count) ;;
        esac
        local ticks_before=$(cpu_ticks $server)
        local out=$(wrk -t1 -c"$connections" -d"${seconds}s" --latency "${args[@]}")
        local ticks=$(( $(cpu_ticks $server) - ticks_before ))
        cpu[$name,$case,$round]=$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$(awk '/requests in/ {print $1}' <<<"$out")" \
            'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
        rps[$name,$case,$round]=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
        p50[$name,$case,$round]=$(awk '$1 == "50%" {print $2}' <<<"$out")
        p99[$name,$case,$round]=$(awk '$1 == "99%" {print $2}' <<<"$out")
        rss[$name,$case,$round]=$(( $(ps -o rss= -p $server) / 1024 ))
    done
    kill -TERM $server; wait $server || true
}

for round in $(seq 1 "$rounds"); do
    measure lbrun "$round" "$lbrun" serve app --port 18080 --host 127.0.0.1 --env production
    measure baseline "$round" "$baseline" "$BENCH_DB" 18080
done

series() {  # array-name name case → its values over the rounds
    local -n values=$1
    for round in $(seq 1 "$rounds"); do echo "${values[$2,$3,$round]}"; done
}

printf "\n%-6s | %12s %9s %9s | %12s %9s %9s | %6s | %14s | %9s %9s\n" request "lbrun req/s" p50 p99 "hand req/s" p50 p99 ratio "CPU µs/req" "lbrun RSS" "hand RSS"
for case in id list count post patch; do
    ratios=()
    for round in $(seq 1 "$rounds"); do
        ratios+=("$(awk -v a="${rps[lbrun,$case,$round]}" -v b="${rps[baseline,$case,$round]}" 'BEGIN { printf "%.2f", a / b }')")
    done
    printf "%-6s | %12s %9s %9s | %12s %9s %9s | %6s | %6s / %-6s | %6s MiB %6s MiB\n" "$case" \
        "$(median $(series rps lbrun $case))" "$(median $(series p50 lbrun $case))" "$(median $(series p99 lbrun $case))" \
        "$(median $(series rps baseline $case))" "$(median $(series p50 baseline $case))" "$(median $(series p99 baseline $case))" \
        "$(median "${ratios[@]}")" "$(median $(series cpu lbrun $case))" "$(median $(series cpu baseline $case))" \
        "$(median $(series rss lbrun $case))" "$(median $(series rss baseline $case))"
    echo "         ratios by round: ${ratios[*]}"
done
boots_l=(); boots_b=()
for round in $(seq 1 "$rounds"); do boots_l+=("${boot[lbrun,$round]}"); boots_b+=("${boot[baseline,$round]}"); done
echo "boot to first 200 (median): lbrun $(median "${boots_l[@]}") ms, hand-written $(median "${boots_b[@]}") ms"
echo "($seconds s per case, $connections connections, $rounds rounds, wrk 1 thread, 10,000 rows, $(nproc) cores)"

#!/usr/bin/env bash
# GET 100 parents with `include` of a hasMany (10 children each) on SQLite: lbrun against a
# hand-written Hummingbird + sqlite-nio handler running the same two queries
# (../rest/baseline, product IncludeBaseline). Each server starts from a fresh copy of the same
# seeded file, is warmed up, then loaded with wrk; the servers alternate for ROUNDS rounds.
# Prints the median req/s, p50, p99, server CPU time per request and the ratio lbrun / hand-written.
# Run by hand: Benchmarks/include/run.sh [SECONDS] [CONNECTIONS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-10}
connections=${2:-32}
rounds=${3:-3}
source ../lib.sh
(cd ../.. && swift build -c release --product lbrun 2>&1 | tail -1)
(cd ../rest/baseline && swift build -c release --product IncludeBaseline 2>&1 | tail -1)
lbrun=../../.build/release/lbrun
baseline=../rest/baseline/.build/release/IncludeBaseline
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export BENCH_DB=$work/bench.db
seed=$work/seed.db
url="http://127.0.0.1:18080/api/Parents?filter%5Binclude%5D=children&filter%5Blimit%5D=100"

# Create the tables through lbrun, then seed 100 parents with 10 children each.
"$lbrun" serve app --port 18080 --host 127.0.0.1 --env production >/dev/null 2>&1 &
pid=$!
until curl -sf localhost:18080/api/Parents/count >/dev/null; do sleep 0.05; done
kill -TERM $pid; wait $pid || true
python3 - "$BENCH_DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executemany('INSERT INTO "Parent" ("name") VALUES (?)', [(f"parent {i}",) for i in range(1, 101)])
db.executemany('INSERT INTO "Child" ("title", "parentId") VALUES (?, ?)',
               [(f"child {p}.{c}", p) for c in range(10) for p in range(1, 101)])
db.commit()
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.close()
PY
mv "$BENCH_DB" "$seed"
rm -f "$BENCH_DB-wal" "$BENCH_DB-shm"

declare -A rps p50 p99 cpu
measure() {  # name, round, command…
    local name=$1 round=$2; shift 2
    cp "$seed" "$BENCH_DB"
    rm -f "$BENCH_DB-wal" "$BENCH_DB-shm"
    "$@" >/dev/null 2>&1 &
    local server=$!
    until curl -sf "$url" >/dev/null; do sleep 0.01; done
    wrk -t1 -c"$connections" -d2s "$url" >/dev/null
    local before=$(cpu_ticks $server)
    local out=$(wrk -t1 -c"$connections" -d"${seconds}s" --latency "$url")
    local ticks=$(( $(cpu_ticks $server) - before ))
    rps[$name,$round]=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50[$name,$round]=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99[$name,$round]=$(awk '$1 == "99%" {print $2}' <<<"$out")
    cpu[$name,$round]=$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$(awk '/requests in/ {print $1}' <<<"$out")" \
        'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
    kill -TERM $server; wait $server || true
}

for round in $(seq 1 "$rounds"); do
    measure lbrun "$round" "$lbrun" serve app --port 18080 --host 127.0.0.1 --env production
    measure baseline "$round" "$baseline" "$BENCH_DB" 18080
done

series() {  # array-name name → its values over the rounds
    local -n values=$1
    for round in $(seq 1 "$rounds"); do echo "${values[$2,$round]}"; done
}
ratios=()
for round in $(seq 1 "$rounds"); do
    ratios+=("$(awk -v a="${rps[lbrun,$round]}" -v b="${rps[baseline,$round]}" 'BEGIN { printf "%.2f", a / b }')")
done
printf "\n%-8s | %12s %9s %9s %10s\n" server "req/s" p50 p99 "CPU µs/req"
for name in lbrun baseline; do
    printf "%-8s | %12s %9s %9s %10s\n" "$name" "$(median $(series rps $name))" "$(median $(series p50 $name))" \
        "$(median $(series p99 $name))" "$(median $(series cpu $name))"
done
echo "ratio lbrun / hand-written (median): $(median "${ratios[@]}")   by round: ${ratios[*]}"
echo "(GET 100 parents + include of 10 children each; $seconds s, $connections connections, $rounds rounds, $(nproc) cores)"

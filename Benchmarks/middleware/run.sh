#!/usr/bin/env bash
# GET by id through the middleware chain `lb app` scaffolds (favicon, compression, helmet, cors,
# token, rest, urlNotFound, strong-error-handler: app/server/middleware.json) against the same
# request with `loopback#rest` alone (the `restonly` environment's overlay disables the rest).
# Two lbrun processes in turn, each on a fresh copy of one seeded SQLite file, alternating for
# ROUNDS rounds after a warm-up. Prints req/s, p50, p99, CPU µs/request and the ratio chain / rest.
# Run by hand: Benchmarks/middleware/run.sh [SECONDS] [CONNECTIONS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-10}
connections=${2:-32}
rounds=${3:-3}
source ../lib.sh
(cd ../.. && swift build -c release --product lbrun 2>&1 | tail -1)
lbrun=../../.build/release/lbrun
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export BENCH_DB=$work/bench.db
seed=$work/seed.db
base=http://127.0.0.1:18080

"$lbrun" serve app --port 18080 --host 127.0.0.1 >/dev/null 2>&1 &
pid=$!
until curl -sf $base/api/Notes/count >/dev/null; do sleep 0.05; done
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

measure() {  # environment → "req/s p50 p99 cpu-µs/req"
    cp "$seed" "$BENCH_DB"
    rm -f "$BENCH_DB-wal" "$BENCH_DB-shm"
    "$lbrun" serve app --port 18080 --host 127.0.0.1 --env "$1" >/dev/null 2>&1 &
    local server=$!
    until curl -sf $base/api/Notes/1 >/dev/null; do sleep 0.02; done
    if [ "$1" = development ]; then
        curl -sfI -H 'Origin: http://a.example' $base/api/Notes/1 | grep -qi '^x-frame-options: DENY' # the chain is on
    else
        ! curl -sfI $base/api/Notes/1 | grep -qi '^x-frame-options'                                    # the chain is off
    fi
    wrk -t1 -c"$connections" -d2s -s get-by-id.lua $base >/dev/null
    local ticks_before=$(cpu_ticks $server)
    local out=$(wrk -t1 -c"$connections" -d"${seconds}s" --latency -s get-by-id.lua $base)
    local ticks=$(( $(cpu_ticks $server) - ticks_before ))
    kill -TERM $server; wait $server || true
    echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '$1 == "50%" {print $2}' <<<"$out") $(awk '$1 == "99%" {print $2}' <<<"$out")" \
        "$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$(awk '/requests in/ {print $1}' <<<"$out")" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')"
}

ratios=(); chain=(); rest=()
for round in $(seq 1 "$rounds"); do
    a=$(measure development); b=$(measure restonly)
    chain+=("$a"); rest+=("$b")
    ratios+=("$(awk -v x="${a%% *}" -v y="${b%% *}" 'BEGIN { printf "%.2f", x / y }')")
done
printf "%-38s %s\n" "scaffolded chain (req/s p50 p99 µs):" "${chain[*]}" "loopback#rest alone (req/s p50 p99 µs):" "${rest[*]}"
echo "ratio chain / rest by round: ${ratios[*]}; median $(median "${ratios[@]}")"
echo "($seconds s per run, $connections connections, $rounds rounds, 10,000 rows, $(nproc) cores)"

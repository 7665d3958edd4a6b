#!/usr/bin/env bash
# GET by id of a model that needs a valid access token ($authenticated ALLOW READ, $everyone DENY)
# against the same request on a model open to $everyone, both on one SQLite file, both from the
# same lbrun process. Prints req/s, p50, p99 and the ratio token / open (median over ROUNDS
# alternating rounds, after a warm-up).
# Run by hand: Benchmarks/auth/run.sh [SECONDS] [CONNECTIONS] [ROUNDS]
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
base=http://127.0.0.1:18080

"$lbrun" serve app --port 18080 --host 127.0.0.1 --env production >/dev/null 2>&1 &
until curl -sf $base/api/OpenNotes/count >/dev/null; do sleep 0.05; done
python3 - "$BENCH_DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for table in ("Note", "OpenNote"):
    db.executemany(f'INSERT INTO "{table}" ("title") VALUES (?)', [(f"note {i}",) for i in range(1000)])
db.commit()
db.close()
PY
curl -sf -XPOST -H 'content-type: application/json' -d '{"email":"bench@example.com","password":"bench-secret"}' $base/api/Users >/dev/null
token=$(curl -sf -XPOST -H 'content-type: application/json' -d '{"email":"bench@example.com","password":"bench-secret"}' $base/api/Users/login |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
test "$(curl -s -o /dev/null -w '%{http_code}' $base/api/Notes/1)" = 401
test "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: $token" $base/api/Notes/1)" = 200

run() {  # path token → "req/s p50 p99"
    local out=$(BENCH_PATH=$1 TOKEN=$2 wrk -t1 -c"$connections" -d"${seconds}s" --latency -s get-by-id.lua $base)
    echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '$1 == "50%" {print $2}' <<<"$out") $(awk '$1 == "99%" {print $2}' <<<"$out")"
}
BENCH_PATH=/api/Notes/ TOKEN=$token wrk -t1 -c"$connections" -d2s -s get-by-id.lua $base >/dev/null
BENCH_PATH=/api/OpenNotes/ wrk -t1 -c"$connections" -d2s -s get-by-id.lua $base >/dev/null
ratios=(); tokened=(); open=()
for round in $(seq 1 "$rounds"); do
    a=$(run /api/Notes/ "$token"); b=$(run /api/OpenNotes/ "")
    tokened+=("$a"); open+=("$b")
    ratios+=("$(awk -v x="${a%% *}" -v y="${b%% *}" 'BEGIN { printf "%.2f", x / y }')")
done
printf "%-28s %s\n" "with token (req/s p50 p99):" "${tokened[*]}" "open (req/s p50 p99):" "${open[*]}"
echo "ratio token / open by round: ${ratios[*]}; median $(median "${ratios[@]}")"
echo "($seconds s per run, $connections connections, $rounds rounds, 1,000 rows per model, $(nproc) cores)"

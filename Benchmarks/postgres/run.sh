#!/usr/bin/env bash
# Serves one PostgreSQL table from lbrun (app/, a `postgresql` datasource) and from a hand-written
# Hummingbird + postgres-nio server (../rest/baseline, product PostgresBaseline) twice — with
# unnamed statements (`client.query`) and with prepared ones (`client.execute` of
# PostgresPreparedStatement types) — in turn, and loads each with wrk: GET by id (random ids), GET list (where done = false, limit 20), POST.
# Both servers use the same throwaway cluster (scripts/postgres-cluster), the same table (created
# by lbrun, seeded with 10,000 rows by psql) and the same pool size (POOL, default 10: lbrun's
# `max`, PostgresClient's maximumConnections). POST grows the table, alike for all. The three
# servers run side by side on their own ports (an idle one costs nothing) and take turns request
# by request: each round loads lbrun, unnamed and prepared (in a rotating order) with one case
# before the next case, so that the machine's drift, which on a shared machine lasts tens of
# seconds, hits all three alike and each ratio compares runs seconds apart. Each round also runs
# `pgbench -S` (select-only, its own tables in the same cluster, CONNECTIONS clients, one thread)
# as a reference for what the database itself answers.
# Prints, per request, the median over the rounds of req/s, p50 and p99 latency, of the ratio
# lbrun / hand-written (each variant), of the server's CPU time per request and of PostgreSQL's (all its
# processes, background workers included) per request; pgbench's tps; and, from one request of
# each kind logged with log_statement = all, the statements each server sends per request.
# Run by hand: Benchmarks/postgres/run.sh [SECONDS] [CONNECTIONS] [ROUNDS]   (env POOL=n)
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-5}
connections=${2:-32}
rounds=${3:-5}
pool=${POOL:-10}
source ../lib.sh
for tool in wrk curl python3; do
    command -v $tool >/dev/null || { echo "run.sh: $tool is missing" >&2; exit 1; }
done
(cd ../.. && swift build -c release --product lbrun 2>&1 | tail -1)
(cd ../rest/baseline && swift build -c release --product PostgresBaseline 2>&1 | tail -1)
lbrun=../../.build/release/lbrun
baseline=../rest/baseline/.build/release/PostgresBaseline
[ -x "$lbrun" ] && [ -x "$baseline" ] || { echo "run.sh: the release builds are missing" >&2; exit 1; }

work=$(mktemp -d)
cluster=$work/cluster
names=(lbrun baseline prepared)
declare -A pid_of port_of
cleanup() {
    set +e
    for name in "${!pid_of[@]}"; do kill -TERM "${pid_of[$name]}" 2>/dev/null && wait "${pid_of[$name]}" 2>/dev/null; done
    kill $(jobs -p) 2>/dev/null
    ../../scripts/postgres-cluster stop "$cluster" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Local ports nobody listens on, so that another benchmark running meanwhile cannot answer.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
for name in "${names[@]}"; do port_of[$name]=$(free_port); done
base_of() { echo "http://127.0.0.1:${port_of[$1]}"; }
list_path="/api/Notes?filter%5Bwhere%5D%5Bdone%5D=false&filter%5Blimit%5D=20"

# The cluster; psql and pgbench from the directory of its initdb.
exports=$(../../scripts/postgres-cluster start "$cluster" 2>"$work/cluster.log") || { cat "$work/cluster.log" >&2; exit 1; }
export BENCH_PG_URL=${exports#*=}
export BENCH_PG_POOL=$pool
pg_port=$(cat "$cluster/port")
bin=$(cat "$cluster/bin")
tool_path() {  # name → its path next to initdb, else on PATH
    if [ -x "$bin/$1" ]; then echo "$bin/$1"; else command -v "$1" || { echo "run.sh: $1 is missing (install postgresql-client)" >&2; exit 1; }; fi
}
psql_bin=$(tool_path psql)
pgbench_bin=$(tool_path pgbench)
sql() { "$psql_bin" -X -q -A -t -v ON_ERROR_STOP=1 "$BENCH_PG_URL" "$@"; }

wait_for() {  # pid log url: until url answers 200; fails after 60 s or when the process exits
    local deadline=$((SECONDS + 60))
    until curl -sf -o /dev/null "$3"; do
        if ! kill -0 "$1" 2>/dev/null; then echo "run.sh: the server exited; its log:" >&2; tail -n 20 "$2" >&2; exit 1; fi
        if ((SECONDS >= deadline)); then echo "run.sh: no answer from $3 within 60 s; the server's log:" >&2; tail -n 20 "$2" >&2; exit 1; fi
        sleep 0.05
    done
}
start() {  # name command… → starts the server in the background, logging to $work/name.log; waits for it
    local name=$1; shift
    if curl -s -o /dev/null "$(base_of "$name")/"; then echo "run.sh: something already answers on port ${port_of[$name]}" >&2; exit 1; fi
    "$@" >>"$work/$name.log" 2>&1 &
    pid_of[$name]=$!
    wait_for "${pid_of[$name]}" "$work/$name.log" "$(base_of "$name")/api/Notes/1"
}

# Create the table through lbrun, then seed 10,000 rows; a separate database for pgbench.
"$lbrun" serve app --port "${port_of[lbrun]}" --host 127.0.0.1 --env production >>"$work/lbrun.log" 2>&1 &
creator=$!
wait_for "$creator" "$work/lbrun.log" "$(base_of lbrun)/api/Notes/count"
kill -TERM "$creator"; wait "$creator" || true
sql <<'SQL'
INSERT INTO "Note" ("title", "done", "priority") SELECT 'note ' || i, i % 2 = 1, i % 5 FROM generate_series(0, 9999) AS i;
SQL
[ "$(sql -c 'SELECT count(*), min("id"), max("id") FROM "Note"')" = "10000|1|10000" ] || { echo "run.sh: seeding failed" >&2; exit 1; }
sql -c 'CREATE DATABASE pgbench'
"$pgbench_bin" -i -q -s 1 -h 127.0.0.1 -p "$pg_port" -U lbrun pgbench >"$work/pgbench-init.log" 2>&1 \
    || { cat "$work/pgbench-init.log" >&2; exit 1; }
sql -c 'VACUUM ANALYZE "Note"'

db_ticks() {  # user + system CPU time of the PostgreSQL server: the postmaster, its exited children, its live ones
    local postmaster=$(head -n 1 "$cluster/data/postmaster.pid")
    { awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' /proc/"$postmaster"/stat
      for child in $(ps -o pid= --ppid "$postmaster"); do
          awk '{ sub(/^.*\) /, ""); print $12 + $13 }' /proc/"$child"/stat 2>/dev/null || true
      done || true; } | awk '{ t += $1 } END { print t + 0 }'
}

probe() {  # name: one request of each kind with log_statement = all; prints the statements each sent
    local name=$1 log=$cluster/server.log case base
    base=$(base_of "$name")
    sql -c "ALTER SYSTEM SET log_statement = 'all'" -c 'SELECT pg_reload_conf()' >/dev/null
    sleep 0.5
    for case in id list post; do
        sql -c "SELECT 'benchmark probe: $case'" >/dev/null
        case $case in
            id) curl -sf -o /dev/null "$base/api/Notes/42" ;;
            list) curl -sf -o /dev/null "$base$list_path" ;;
            post) curl -sf -o /dev/null -H 'Content-Type: application/json' -d '{"title":"probe note","priority":3}' "$base/api/Notes" ;;
        esac
    done
    sql -c "SELECT 'benchmark probe: end'" -c 'ALTER SYSTEM RESET log_statement' -c 'SELECT pg_reload_conf()' >/dev/null
    # The statements between the markers of this probe (the log grows by one probe at a time).
    awk -v name="$name" '
        /benchmark probe: / && /statement: SELECT/ { match($0, /probe: [a-z]+/); current = substr($0, RSTART + 7, RLENGTH - 7); if (current == "end") current = ""; next }
        current != "" && / LOG:  (execute [^:]*|statement): / {
            n[current]++; sub(/^.* LOG:  (execute [^:]*|statement): /, ""); text[current] = text[current] "\n      " substr($0, 1, 300) }
        END { for (c = 1; c <= 3; c++) { k = (c == 1) ? "id" : (c == 2) ? "list" : "post"
              printf "  %-8s %-5s %d statement(s)%s\n", name, k, n[k], text[k] } }' <(tail -n +"$(($(cat "$work/probe-offset" 2>/dev/null || echo 0) + 1))" "$log")
    wc -l <"$log" >"$work/probe-offset"
}

# The three servers, side by side; the answers all must give alike (status, content type, body);
# warm-up (reads only), so that the pools' connections are open and first-request costs stay out.
start lbrun "$lbrun" serve app --port "${port_of[lbrun]}" --host 127.0.0.1 --env production
start baseline "$baseline" "$BENCH_PG_URL" "${port_of[baseline]}" "$pool"
start prepared "$baseline" "$BENCH_PG_URL" "${port_of[prepared]}" "$pool" prepared
declare -A rps p50 p99 cpu dbcpu tps shape
notes=()
for name in "${names[@]}"; do
    base=$(base_of "$name")
    shape[$name]=$(for path in "/api/Notes/1" "$list_path" "/api/Notes/99999999"; do
        curl -s -w ' %{http_code} %{content_type}\n' "$base$path"; done | md5sum)
    wrk -t1 -c"$connections" -d2s -s ../rest/get-by-id.lua "$base" >/dev/null
    wrk -t1 -c"$connections" -d1s "$base$list_path" >/dev/null
    probe "$name" >>"$work/statements"
done

load() {  # name case round: one wrk run, with the server's and PostgreSQL's CPU time
    local name=$1 case=$2 round=$3 base args=()
    base=$(base_of "$name")
    case $case in
        id) args=(-s ../rest/get-by-id.lua "$base") ;;
        list) args=("$base$list_path") ;;
        post) args=(-s ../rest/post.lua "$base/api/Notes") ;;
    esac
    local ticks_before=$(cpu_ticks "${pid_of[$name]}") db_before=$(db_ticks)
    local out=$(wrk -t1 -c"$connections" -d"${seconds}s" --latency "${args[@]}")
    local ticks=$(( $(cpu_ticks "${pid_of[$name]}") - ticks_before )) db=$(( $(db_ticks) - db_before ))
    local requests=$(awk '/requests in/ {print $1}' <<<"$out")
    cpu[$name,$case,$round]=$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
    dbcpu[$name,$case,$round]=$(awk -v t="$db" -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
    rps[$name,$case,$round]=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50[$name,$case,$round]=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99[$name,$case,$round]=$(awk '$1 == "99%" {print $2}' <<<"$out")
    local bad=$(awk '/Non-2xx/ {print "non-2xx responses: " $NF} /Socket errors/ {sub(/^ *Socket errors: /, "socket errors: "); print}' <<<"$out" | paste -sd ';')
    [ -z "$bad" ] || notes+=("$name $case round $round: $bad")
}

for round in $(seq 1 "$rounds"); do
    # Who goes first rotates, so that none always follows another's POSTs.
    order=("${names[@]:$(( (round - 1) % 3 ))}" "${names[@]:0:$(( (round - 1) % 3 ))}")
    for case in id list post; do
        for name in "${order[@]}"; do load "$name" "$case" "$round"; done
    done
    out=$("$pgbench_bin" -S -c "$connections" -j 1 -T "$seconds" -h 127.0.0.1 -p "$pg_port" -U lbrun pgbench 2>&1) \
        || { echo "$out" >&2; exit 1; }
    tps[$round]=$(awk '/^tps/ {printf "%.0f", $3; exit}' <<<"$out")
done

series() {  # array-name name case → its values over the rounds
    local -n values=$1
    for round in $(seq 1 "$rounds"); do echo "${values[$2,$3,$round]}"; done
}

echo
echo "statements per request (one request of each kind, log_statement = all):"
cat "$work/statements"
printf "\n%-6s | %12s %9s %9s | %12s %9s %9s | %12s %9s %9s | %6s %6s | %22s | %22s\n" request "lbrun req/s" p50 p99 \
    "unnamed req/s" p50 p99 "prepared req/s" p50 p99 ratio ratio "CPU µs/req" "PG CPU µs/req"
for case in id list post; do
    declare -a ratios=() prepared_ratios=()
    for round in $(seq 1 "$rounds"); do
        ratios+=("$(awk -v a="${rps[lbrun,$case,$round]}" -v b="${rps[baseline,$case,$round]}" 'BEGIN { printf "%.2f", a / b }')")
        prepared_ratios+=("$(awk -v a="${rps[lbrun,$case,$round]}" -v b="${rps[prepared,$case,$round]}" 'BEGIN { printf "%.2f", a / b }')")
    done
    printf "%-6s | %12s %9s %9s | %12s %9s %9s | %12s %9s %9s | %6s %6s | %6s / %6s / %-6s | %6s / %6s / %-6s\n" "$case" \
        "$(median $(series rps lbrun $case))" "$(median $(series p50 lbrun $case))" "$(median $(series p99 lbrun $case))" \
        "$(median $(series rps baseline $case))" "$(median $(series p50 baseline $case))" "$(median $(series p99 baseline $case))" \
        "$(median $(series rps prepared $case))" "$(median $(series p50 prepared $case))" "$(median $(series p99 prepared $case))" \
        "$(median "${ratios[@]}")" "$(median "${prepared_ratios[@]}")" \
        "$(median $(series cpu lbrun $case))" "$(median $(series cpu baseline $case))" "$(median $(series cpu prepared $case))" \
        "$(median $(series dbcpu lbrun $case))" "$(median $(series dbcpu baseline $case))" "$(median $(series dbcpu prepared $case))"
    echo "         ratios by round: to unnamed ${ratios[*]}; to prepared ${prepared_ratios[*]}"
done
echo "pgbench -S (select-only, $connections clients, 1 thread): $(median "${tps[@]}") tps (by round: ${tps[*]})"
echo "(ratio: lbrun / hand-written with unnamed statements, then / hand-written with prepared ones; CPU µs/req: lbrun / unnamed / prepared;"
echo " PG CPU: all PostgreSQL processes, per request, same order)"
echo "($seconds s per case, $connections connections, pool $pool, $rounds rounds, wrk 1 thread, 10,000 rows to start, $(nproc) cores)"
for name in baseline prepared; do
    [ "${shape[lbrun]}" = "${shape[$name]}" ] || echo "WARNING: lbrun and the hand-written server ($name) answer GET by id, the list or a missing id differently"
done
for note in "${notes[@]}"; do echo "WARNING: $note"; done
# Log lines at level warning or above (lbrun logs each 4xx/5xx answer at notice: the missing id above).
for name in lbrun baseline prepared; do
    count=$(grep -cE ' (warning|error|critical) |Fatal error' "$work/$name.log" || true)
    [ "$count" = 0 ] || { echo "WARNING: $count lines of the $name log are warnings or errors, the first:"; grep -E ' (warning|error|critical) |Fatal error' "$work/$name.log" | head -n 5; }
done
count=$(grep -cE '(ERROR|FATAL|PANIC):' "$cluster/server.log" || true)
[ "$count" = 0 ] || { echo "WARNING: $count errors in PostgreSQL's log, the first:"; grep -E '(ERROR|FATAL|PANIC):' "$cluster/server.log" | head -n 5; }

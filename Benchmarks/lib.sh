# Shared by the benchmark scripts: `source "$(dirname "$0")/../lib.sh"`.

# wrk, installed from Debian when missing.
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

median() {  # values… (numbers, or latencies with a unit: us, ms, s) → the median, as given
    printf "%s\n" "$@" | awk '
        { v = $1; u = $1; sub(/[a-z]+$/, "", v); sub(/^[0-9.]+/, "", u)
          f = (u == "us") ? 0.001 : (u == "s") ? 1000 : 1; print v * f, $1 }' |
        sort -g | awk '{ a[NR] = $2 } END { print a[int((NR + 1) / 2)] }'
}

cpu_ticks() {  # user + system CPU time of process $1, in clock ticks
    awk '{ print $14 + $15 }' /proc/"$1"/stat
}

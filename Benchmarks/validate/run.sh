#!/usr/bin/env bash
# Times `lbrun validate` on a generated 1,000-model YAML app with a release build.
# usage: Benchmarks/validate/run.sh [MODELS]      (run by hand; not part of scripts/test)
set -euo pipefail
cd "$(dirname "$0")/../.."
models=${1:-1000}
swift build -c release --product lbrun
app=$(mktemp -d)
trap 'rm -rf "$app"' EXIT
python3 Benchmarks/validate/generate_app.py "$app" "$models"
lbrun=.build/release/lbrun
"$lbrun" validate --strict "$app" >/dev/null   # warm the file cache; fails the run if the app is not clean
if command -v hyperfine >/dev/null; then
    hyperfine --warmup 2 --runs 10 "$lbrun validate $app"
else
    for run in 1 2 3 4 5; do
        /usr/bin/env time -f "run $run: %e s wall, %M KiB max RSS" "$lbrun" validate "$app" >/dev/null
    done
fi

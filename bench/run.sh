#!/usr/bin/env bash
# Load benchmark: generate the 100,000-ENI synthetic snapshot into
# bench/data/ once (gitignored), then time vpcsim's load against the bare
# JSON parser on the same bytes.  Figures only; never fails on a timing.
#
#   bench/run.sh [BUILD_DIR]        (default: build; `make bench` builds it)
#   RUNS=5 bench/run.sh             best/median over 5 runs (default 3)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build=${1:-build}
runs=${RUNS:-3}
data=bench/data/100k-enis
gen_args=(--vpcs 100 --subnets-per-vpc 50 --enis 100000 --sgs-per-vpc 20 --rules-per-sg 30 --seed 1)

for exe in gen_snapshot bench_load; do
	if [ ! -x "$build/bench/$exe" ]; then
		echo "bench: $build/bench/$exe is missing; run 'make bench'" >&2
		exit 2
	fi
done

# The stamp records the arguments, so changing them regenerates the data.
stamp="$data/.generated"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "${gen_args[*]}" ]; then
	rm -rf "$data"
	mkdir -p "$data"
	"$build/bench/gen_snapshot" "$data" "${gen_args[@]}"
	echo "${gen_args[*]}" >"$stamp"
fi

echo "== load benchmark ($(nproc) cores, $(uname -m))"
"$build/bench/bench_load" "$data" --runs "$runs"

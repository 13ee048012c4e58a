#!/usr/bin/env bash
# instructions.sh — instructions per operation of Go benchmarks, counted by valgrind's callgrind.
#
# Wall-clock benchmarks on a shared VM move by ±30% between runs; the number of instructions a
# benchmark executes barely does (within about 3%: the garbage collector's timing and Go's map
# seeds vary; what the other core does not matter), so A/B comparisons of sfconnect's own code
# use this.
#
#   scripts/instructions.sh [-p PKG] BENCH_REGEX...
#   scripts/instructions.sh 'ServerRequest/Q4-detail' 'ServerRequest/Q2-related-10$'
#
# Each benchmark runs twice (1000 and 3000 iterations); the difference divided by 2000 is the
# cost of one operation without the setup. PKG defaults to ./bench/micro. GOMAXPROCS=1, async
# preemption off (callgrind does not follow Go's preemption signals) and GOGC=400 as the server.
set -euo pipefail
pkg=./bench/micro
if [[ ${1:-} == -p ]]; then pkg=$2; shift 2; fi
[[ $# -gt 0 ]] || { sed -n '2,14p' "$0"; exit 2; }
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go test -c -o "$dir/bench.test" "$pkg"
count() { # regex iterations
	GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 GOGC=400 valgrind --tool=callgrind \
		--callgrind-out-file="$dir/cg.out" "$dir/bench.test" -test.run='^$' -test.bench="$1" \
		-test.benchtime="$2x" 2>&1 | awk '/Collected/ {print $4}'
}
for b in "$@"; do
	lo=$(count "$b" 1000) hi=$(count "$b" 3000)
	[[ -n $lo && -n $hi ]] || { echo "$b: no count (does the regex match one benchmark?)" >&2; exit 1; }
	printf '%-40s %12d instructions/op\n' "$b" $(((hi - lo) / 2000))
done

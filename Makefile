# Developer shortcuts; CI runs .ci/run.

.PHONY: bench bench-micro bench-instr bench-profile

# Load benchmark against PostgreSQL 15 with 1M orders; writes bench/REPORT.md (about 10-15 min).
# Pass options with BENCHFLAGS, e.g. make bench BENCHFLAGS="-duration 4s -queries Q1,Q4".
bench:
	go run ./bench/loadbench $(BENCHFLAGS)

# Micro-benchmarks: parser, translator, scanning, JSON writing, $metadata.
bench-micro:
	go test -run '^$$' -bench . -benchmem ./odata ./sources/... ./metadata ./bench/micro

# Instructions per operation (callgrind; repeatable on a shared machine), e.g.
# make bench-instr BENCH='ServerRequest/Q4-detail'
bench-instr:
	scripts/instructions.sh $(BENCH)

# The load benchmark through the profiled server variant; CPU profiles under bench/data/run/profiles.
bench-profile:
	go run ./bench/loadbench -profile -concurrency 4 -walk-pages 500 -out bench/data/PROFILE.md $(BENCHFLAGS)

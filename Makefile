# `make bench` runs the benchmark (README, "Benchmark"). Everything else is `python3 dev.py`.
#   make bench BENCH_ARGS="--duration 10 --scenarios case_detail,baseline"
BENCH_ARGS ?=

.PHONY: bench
bench:
	python3 -c 'import dev; dev.install_python(); dev.install_frontend()'
	.venv/bin/python -m ops.bench $(BENCH_ARGS)

# Two entry points for a new machine: `make demo` and `make test` (see README).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test test-fast lint system-deps eval bench train-claims

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/claimgraph analyze examples/ceasefire-talks.txt --format table
	$(BIN)/claimgraph ingest examples/velmora-coverage.jsonl --quiet
	$(BIN)/claimgraph claims --limit 5

system-deps:
	bash scripts/system-deps.sh

lint: setup
	$(BIN)/ruff check src tests scripts
	$(BIN)/lint-imports

test: setup system-deps lint
	$(BIN)/python -m pytest

# The edit-run loop: every test but the slow kinds (markers set in tests/conftest.py).
SLOW_MARKERS := postgres or browser or dask or kill or slow
test-fast: setup
	$(BIN)/python -m pytest -q -p no:cacheprovider -m "not ($(SLOW_MARKERS))"

eval: setup
	$(BIN)/python scripts/evaluate.py
	$(BIN)/python scripts/evaluate_claims.py
	$(BIN)/python scripts/evaluate_speakers.py
	$(BIN)/python scripts/check_fields.py

bench: setup
	$(BIN)/python scripts/benchmark.py
	$(BIN)/python scripts/bench_nested.py

# Refit the claims decision on training/stories (and ../shared's claims-dev and claims-real-dev
# when present): writes src/claimgraph/data/claim_models.json and prints every figure.
train-claims: setup
	$(BIN)/pip install --quiet -e '.[train]'
	$(BIN)/python scripts/train_claims.py

# Two entry points for a new machine: `make demo` and `make test` (see README).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint system-deps eval bench train-claims

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

eval: setup
	$(BIN)/python scripts/evaluate.py
	$(BIN)/python scripts/evaluate_claims.py
	$(BIN)/python scripts/evaluate_speakers.py

bench: setup
	$(BIN)/python scripts/benchmark.py

# Refit the claims decision on training/stories (and ../shared's claims-dev and claims-real-dev
# when present): writes src/claimgraph/data/claim_pair_model.json and prints every figure.
train-claims: setup
	$(BIN)/pip install --quiet -e '.[train]'
	$(BIN)/python scripts/train_claims.py

# The set-up on a fresh machine is two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test sdist-test bench train dev clean chromium iproute2

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Install dechaff (compiling its speed-ups) and run it on the pages in samples/.
demo: $(BIN)/python
	$(BIN)/pip install -q .
	$(BIN)/dechaff extract samples/drupal-press-release.html --format markdown
	$(BIN)/dechaff extract samples --format json --output out/demo
	@echo "All samples extracted to out/demo/; flattened text goes through 'dechaff clean'."

# Install with the test tools, then lint, type-check and run the tests (the quality gate
# among them runs when ../shared/bench is present). Ray (the `ray` extra) is for the test of
# `--engine ray` on a two-node cluster in network namespaces (iproute2's ip, as root).
test: $(BIN)/python chromium iproute2
	$(BIN)/pip install -q ".[test,ray]"
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy src/dechaff
	$(BIN)/python -m pytest

# The sdist as a user gets it: built, installed in a fresh venv (compiling the C modules),
# and its tests run from its unpacked folder against that install.
SDIST := build/sdist
sdist-test: $(BIN)/python
	rm -rf $(SDIST) && mkdir -p $(SDIST)
	$(BIN)/pip install -q build
	$(BIN)/python -m build --sdist -o $(SDIST) .
	$(PYTHON) -m venv $(SDIST)/venv
	$(SDIST)/venv/bin/pip install -q "$$(ls $(SDIST)/dechaff-*.tar.gz)[test]"
	tar xzf $(SDIST)/dechaff-*.tar.gz -C $(SDIST)
	ln -sfn "$(abspath ..)/shared" $(SDIST)/shared  # the tests read ../shared, as in the repo
	cd $(SDIST)/dechaff-*/ && ../venv/bin/python -m pytest -q -p no:cacheprovider

# Debian's Chromium, in which the tests open `dechaff run`'s report (as root, as CI runs).
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# iproute2's `ip`, with which the Ray test makes its two hosts (network namespaces).
iproute2:
	@command -v ip >/dev/null || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iproute2 >/dev/null; }

# Side-by-side benchmarks against the peers, on ../shared/bench (see BENCHMARKS.md).
bench: $(BIN)/python
	$(BIN)/pip install -q ".[bench]"
	$(BIN)/python benchmarks/extract.py
	$(BIN)/python benchmarks/metadata.py
	$(BIN)/python benchmarks/clean.py
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/near_duplicates.py
	$(BIN)/python benchmarks/site_boilerplate.py

# Retrain the shipped models (their scripts print the held-out figures).
train: $(BIN)/python
	$(BIN)/pip install -q -e ".[train,test]"
	$(BIN)/python scripts/train_blocks.py
	$(BIN)/python scripts/train_blocks.py --train article-extraction,readability-pages,modern-web \
		--out src/dechaff/data/blocks_general.json
	$(BIN)/python scripts/train_pagetype.py
	$(BIN)/python scripts/train_lines.py
	$(BIN)/python scripts/train_language.py

# An editable install for working on the code: pure Python (plus the C walker), so that an
# edit to a .py file takes effect at once; `make test` reinstalls the compiled build.
dev: $(BIN)/python
	$(BIN)/pip install -q -e ".[test,bench,train]"

clean:
	rm -rf build out src/dechaff/*.so .pytest_cache .mypy_cache .ruff_cache

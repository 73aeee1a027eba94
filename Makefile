# Two commands do all the set-up on a fresh machine (see README):
#   make sample   lint a sample report
#   make test     run the tests
# Both create .venv/ when it is missing, installing the pinned, hashed lock file.

PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.cpclint-installed

.PHONY: sample test lint bench venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --require-hashes -r requirements.lock
	$(VENV)/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

sample: $(STAMP)
	-$(VENV)/bin/cpclint check examples/icpc-report-draft.md

test: $(STAMP)
	$(VENV)/bin/python -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .

bench: $(STAMP)
	$(VENV)/bin/python benchmarks/bench_check.py

clean:
	rm -rf $(VENV) build *.egg-info

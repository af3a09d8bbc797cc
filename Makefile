# Two entry points: `make synth` (synthesize the sample app) and `make test` (the test suite).
# Each sets itself up idempotently: a virtualenv with the package and its dev tools, and the
# cdktf CLI from the committed package-lock.json.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := .make

# No calls to HashiCorp's checkpoint service; no end-of-life banner for this machine's Node 20.
export CHECKPOINT_DISABLE := 1
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20

# A TF_CLI_CONFIG_FILE naming a missing file only makes terraform print warnings.
ifneq ($(TF_CLI_CONFIG_FILE),)
ifeq ($(wildcard $(TF_CLI_CONFIG_FILE)),)
unexport TF_CLI_CONFIG_FILE
endif
endif

.PHONY: synth test lint docs bench wheel-smoke setup clean

synth: $(STAMP)/python $(STAMP)/node
	node_modules/.bin/cdktf synth
	@for f in cdktf.out/stacks/*/cdk.tf.json; do echo "--- $$f"; cat "$$f"; echo; done

test: $(STAMP)/python $(STAMP)/node
	$(BIN)/python -m pytest -n 2 --dist loadgroup

lint: $(STAMP)/python
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The documentation site (mkdocs-material + mkdocstrings), strict: a broken link fails.
docs: $(STAMP)/python
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# Benchmarks: writes docs/benchmarks.md and docs/img/fleet-scaling.png.
bench: $(STAMP)/python $(STAMP)/node
	$(BIN)/python -m benchmarks.bench

# Build the wheel, install it into a clean virtualenv, and run a smoke test there.
wheel-smoke: $(STAMP)/python
	rm -rf dist .make/smoke-venv
	$(BIN)/python -m build --wheel --outdir dist . > /dev/null
	$(PYTHON) -m venv .make/smoke-venv
	.make/smoke-venv/bin/python -m pip install --quiet dist/*.whl
	cd /tmp && $(CURDIR)/.make/smoke-venv/bin/python $(CURDIR)/scripts/smoke_test.py

setup: $(STAMP)/python $(STAMP)/node

# Plain `pip install` byte-compiles the dependencies: without that, every cdktf import
# takes ~26 s (this environment sets PYTHONDONTWRITEBYTECODE=1).
$(STAMP)/python: pyproject.toml
	@mkdir -p $(STAMP)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

# --ignore-scripts: synth needs no native module (node-pty serves only `cdktf deploy`'s TTY).
$(STAMP)/node: package-lock.json
	@mkdir -p $(STAMP)
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

clean:
	rm -rf cdktf.out site dist $(STAMP) $(VENV) node_modules

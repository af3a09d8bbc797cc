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

.PHONY: synth test lint setup clean

synth: $(STAMP)/python $(STAMP)/node
	node_modules/.bin/cdktf synth
	@for f in cdktf.out/stacks/*/cdk.tf.json; do echo "--- $$f"; cat "$$f"; echo; done

test: $(STAMP)/python $(STAMP)/node
	$(BIN)/python -m pytest -n 2 --dist loadgroup

lint: $(STAMP)/python
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

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
	rm -rf cdktf.out $(STAMP) $(VENV) node_modules

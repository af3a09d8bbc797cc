# Two entry points: `make synth` (synthesize the sample app) and `make test` (the test suite).
# Each sets itself up idempotently: a virtualenv with the package, its dev tools and one CDK,
# and the CDK CLIs with Node.js 22 from the committed package-lock.json.
#
# Lanes (lanes/<lane>.txt pins each end of the supported ranges):
#   cdktf       CDK for Terraform + hashicorp/aws 5.x bindings (the default)
#   cdktf-aws6  CDK for Terraform + hashicorp/aws 6.x bindings, what `pip install
#               'eks-addons[cdktf-bindings]'` resolves to (constructs, snapshots, Terraform)
#   cdktn       CDK Terrain + hashicorp/aws 6.x bindings
# `make test LANE=cdktn`, `make synth CDK=cdktn`; `make test-lanes` runs the other two lanes.

SHELL := /bin/bash
PYTHON ?= python3
STAMP := .make
ifdef CDK
LANE ?= $(CDK)
endif
LANE ?= cdktf
CDK := $(if $(filter cdktn%,$(LANE)),cdktn,cdktf)
venv_of = $(if $(filter cdktf,$(1)),.venv,.venv-$(1))
VENV := $(call venv_of,$(LANE))
BIN := $(VENV)/bin
TESTS_cdktf-aws6 := tests/constructs tests/snapshots tests/terraform \
	tests/adversarial/test_constructs.py tests/e2e/test_example_project.py
# CDK Terrain: every tier that touches a CDK (the pure tiers import none, and run once, on the
# default lane with the deploy tier: a real apply and destroy on a local AWS API)
TESTS_cdktn := tests/constructs tests/snapshots tests/terraform tests/parity tests/e2e \
	tests/adversarial/test_constructs.py
# The docs' apps under the real CDK CLI, on the CDK Terrain lane, whose bindings load in a third
# of the time (they run as written, in process, on every lane)
TESTS_cdktf := --ignore=tests/e2e/test_docs_apps.py
TESTS := $(TESTS_$(LANE))
EMULATOR := $(if $(filter cdktf,$(LANE)),$(STAMP)/emulator)

# The app's CDK for eks-addons; Node.js 22 from npm for the CLIs and for jsii (this machine's
# Node 20 is end of life); no calls to HashiCorp's checkpoint service.
export EKS_ADDONS_CDK := $(CDK)
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)
export CHECKPOINT_DISABLE := 1
# The CLIs' dependencies call Node APIs Node 22 deprecates (DEP0044): their warnings are not ours.
export NODE_OPTIONS := --no-deprecation

# A TF_CLI_CONFIG_FILE naming a missing file only makes terraform print warnings.
ifneq ($(TF_CLI_CONFIG_FILE),)
ifeq ($(wildcard $(TF_CLI_CONFIG_FILE)),)
unexport TF_CLI_CONFIG_FILE
endif
endif

.PHONY: synth test test-lanes lint docs chromium bench wheel-smoke setup clean

# Each entry point first makes what it needs, side by side (`-j`: the downloads and installs of
# the virtualenv, the CLIs and the local AWS API overlap), each part's output kept together.
SIDE_BY_SIDE := $(MAKE) --no-print-directory -j 3 --output-sync=target

synth:
	@$(SIDE_BY_SIDE) $(STAMP)/python-$(LANE) $(STAMP)/node
	@rm -rf cdktf.out
	node_modules/.bin/$(CDK) synth --app "$(BIN)/python main.py"
	@$(BIN)/python -m scripts.synth_summary cdktf.out

test:
	@$(SIDE_BY_SIDE) setup
	$(BIN)/python -m pytest -n 2 --dist loadgroup $(TESTS)

# The two lanes' virtualenvs are made side by side, then tested in turn.
test-lanes:
	@$(SIDE_BY_SIDE) $(STAMP)/python-cdktn $(STAMP)/python-cdktf-aws6 $(STAMP)/node
	$(MAKE) test LANE=cdktn
	$(MAKE) test LANE=cdktf-aws6

lint: $(STAMP)/python-cdktf
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy

# The documentation site (mkdocs-material + mkdocstrings), strict: a broken link fails; then
# every included snippet must have rendered (no literal marker, no empty code block), and every
# page must fit a 1280 px window in headless Chromium (Debian's package, installed if missing).
docs: $(STAMP)/python-cdktf chromium
	NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict
	.venv/bin/python -m scripts.check_site site
	.venv/bin/python -m scripts.check_layout site

# Debian's Chromium, where it is missing (the package lists refreshed only if the install fails).
chromium:
	command -v chromium > /dev/null || apt-get install -y -qq chromium > /dev/null || \
		(apt-get update -qq && apt-get install -y -qq chromium > /dev/null)

# Benchmarks: writes docs/benchmarks.md and docs/img/fleet-scaling.png.
bench: $(STAMP)/python-cdktf $(STAMP)/python-cdktn $(STAMP)/node
	.venv/bin/python -m benchmarks.bench

# Build the sdist and the wheel (twine check: what PyPI renders); install the wheel alone into a
# clean virtualenv (the pure part, no jsii; LICENSE in both), then with each CDK's extra alone
# (`pip install 'eks-addons[cdktn]'`, `'eks-addons[cdktf]'`: no provider bindings, the fast
# path) into fresh projects that run the example project's own tests. (The bindings extras
# are what each test lane installs.)
SMOKE := .make/smoke
SMOKE_LANES := smoke-cdktn smoke-cdktf-aws6
.PHONY: smoke-pure $(SMOKE_LANES)
wheel-smoke: $(STAMP)/python-cdktf $(STAMP)/node
	rm -rf dist $(SMOKE)-*
	.venv/bin/python -m build --outdir dist . > /dev/null
	.venv/bin/twine check --strict dist/*
	@$(SIDE_BY_SIDE) smoke-pure $(SMOKE_LANES)

smoke-pure:
	$(PYTHON) -m venv $(SMOKE)-pure
	$(SMOKE)-pure/bin/python -m pip install -qq dist/*.whl
	cd /tmp && env -u EKS_ADDONS_CDK $(CURDIR)/$(SMOKE)-pure/bin/python $(CURDIR)/scripts/smoke_test.py \
		$(CURDIR)/dist/*.tar.gz

# smoke-<lane>: the wheel with the extra of the lane's CDK, pinned as the lane pins it.
$(SMOKE_LANES): smoke-%:
	$(PYTHON) -m venv $(SMOKE)-$*
	$(SMOKE)-$*/bin/python -m pip install -qq -c lanes/$*.txt \
		"$$(ls dist/*.whl)[$(firstword $(subst -, ,$*))]" pytest syrupy
	$(SMOKE)-$*/bin/python scripts/example_project.py $(firstword $(subst -, ,$*))

setup: $(STAMP)/python-$(LANE) $(STAMP)/node $(EMULATOR)

# The default lane's virtualenv has every tool (the `dev` group), the others what the tests need
# (`test`). The dependencies are byte-compiled, on every core: without that every cdktf import
# takes ~26 s (this environment sets PYTHONDONTWRITEBYTECODE=1), and pip compiles on one.
$(STAMP)/python-%: pyproject.toml lanes/%.txt
	@mkdir -p $(STAMP)
	test -x $(call venv_of,$*)/bin/python || $(PYTHON) -m venv $(call venv_of,$*)
	$(call venv_of,$*)/bin/python -m pip install -qq --upgrade pip
	$(call venv_of,$*)/bin/python -m pip install -qq --no-compile -c lanes/$*.txt \
		--group $(if $(filter cdktf,$*),dev,test) -e '.[$(if $(filter cdktn%,$*),cdktn,cdktf)-bindings]'
	$(call venv_of,$*)/bin/python -m compileall -q -j 0 $(call venv_of,$*)/lib > /dev/null
	@touch $@

# The deploy tier's local AWS API: MiniStack in a virtualenv of its own (lanes/emulator.txt).
$(STAMP)/emulator: lanes/emulator.txt
	@mkdir -p $(STAMP)
	test -x .venv-emulator/bin/python || $(PYTHON) -m venv .venv-emulator
	.venv-emulator/bin/python -m pip install -qq --no-deps -r lanes/emulator.txt
	@touch $@

# --ignore-scripts: synth needs no native module (node-pty serves only `cdktf deploy`'s TTY).
$(STAMP)/node: package-lock.json
	@mkdir -p $(STAMP)
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error > /dev/null
	@touch $@

clean:
	rm -rf cdktf.out site dist $(STAMP) .venv .venv-* node_modules

# Every target creates or reuses .venv and installs the pinned dependencies itself,
# so each one works on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# The stamp is keyed on the pin files, so editing them reinstalls.
PINS := pyproject.toml constraints.txt overlays/pyproject.toml reference_server/pyproject.toml \
	contract_tests/pyproject.toml
STAMP := $(VENV)/.installed-$(shell cat $(PINS) 2>/dev/null | cksum | cut -d' ' -f1)
export PATH := $(CURDIR)/$(BIN):$(PATH)

SPEC := openapi/hoko.yaml
GEN_CONFIG := openapi/generator.yaml
GEN_OUT := generated/hoko_client

.PHONY: setup generate check-generated lint test contract load mutation mutation-quick variants bench serve clean \
	spec-diff release-check

setup: $(STAMP)

# The client, the reference server and the contract suite are three distributions (each folder has
# its pyproject.toml); the root one is the dev environment with the tools.
$(STAMP): $(PINS)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt \
		-e './overlays[cli]' -e ./reference_server -e ./contract_tests -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

SPEC_COPY := reference_server/hoko_reference/spec/hoko.yaml

generate: $(STAMP)
	$(PY) scripts/generate.py --spec $(SPEC) --config $(GEN_CONFIG) --out $(GEN_OUT)
	cp $(SPEC) $(SPEC_COPY)

check-generated: $(STAMP)
	$(PY) scripts/generate.py --spec $(SPEC) --config $(GEN_CONFIG) --out $(GEN_OUT) --check
	@cmp -s $(SPEC) $(SPEC_COPY) || { echo "$(SPEC_COPY) differs from $(SPEC). Run \`make generate\` and commit."; exit 1; }

lint: $(STAMP)
	$(PY) -m openapi_spec_validator $(SPEC)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy overlays reference_server contract_tests tests benchmarks scripts

# --durations: every run says where its time went (the slowest tests), so waste shows.
test: $(STAMP) lint check-generated release-check
	$(PY) scripts/run_pytest.py tests --durations=25
	$(PY) -m hoko_contract.mutation --quick --report reports/mutation-quick.md --logs reports/mutation-quick

# What a spec change does downstream (docs/changing-the-spec.md): wire changes by side, Python API
# breaks of hoko_client (and of hoko, against a git ref), a draft CHANGELOG entry; exit 1 when
# breaking. BASE is a git ref, or `release` (the last spec in openapi/releases/).
BASE ?= release
spec-diff: $(STAMP)
	$(PY) scripts/spec_diff --base $(BASE) --out reports

# A breaking change since the last release needs a major version, and every version a
# CHANGELOG.md entry.
release-check: $(STAMP)
	$(PY) scripts/spec_diff --release-check

# HOKO_BASE_URL / HOKO_API_KEY* select the target (README "Contract suite against staging");
# CONTRACT_ARGS passes extra pytest options (e.g. --hoko-reference-fault NAME, -x).
contract: $(STAMP)
	$(PY) scripts/run_pytest.py contract_tests --junitxml=reports/contract.xml $(CONTRACT_ARGS)

# The contract under load (docs/load-testing.md): Locust against HOKO_BASE_URL or the embedded
# server, every response checked, the final state audited; reports/load/. WORKERS=N starts a
# master and N workers on loopback; LOAD_ARGS passes Locust options (-u, -t, --hoko-max-p95-ms).
WORKERS ?= 0
load: $(STAMP)
	$(PY) -m hoko_contract.load --workers $(WORKERS) $(LOAD_ARGS)

# Kill matrix (README "Mutation testing"): clean run, every seeded server fault and every proxy
# fault, schemathesis CLI baseline; writes reports/mutation.md. Exit 1 if a fault is not killed by
# its expected guarantee, 2 if the clean run fails. MUTATION_ARGS passes options, e.g.
# MUTATION_ARGS="--fault NAME" or MUTATION_ARGS="--pytest-args='-k \"not test_ordering\"'".
mutation: $(STAMP)
	$(PY) -m hoko_contract.mutation $(MUTATION_ARGS)

# The same matrix without the schemathesis baseline (what `make test` runs).
# Variant matrix only (legal alternatives to our decisions, docs/mutation-testing.md): the two
# combinations in the documented profile, every variant in the reference profile.
variants: $(STAMP)
	$(PY) -m hoko_contract.mutation --quick --no-server --no-proxy --report reports/variants.md \
		--logs reports/variants $(MUTATION_ARGS)

mutation-quick: $(STAMP)
	$(PY) -m hoko_contract.mutation --quick --report reports/mutation-quick.md \
		--logs reports/mutation-quick $(MUTATION_ARGS)

serve: $(STAMP)
	$(PY) -m hoko_reference --host 127.0.0.1 --port 8000

# Benchmarks (never part of `make test`). `make contract` gets what is left of 10 minutes (`make
# test` never fits); BENCH_SUITES=0 skips both, BENCH_SUITES=full gives each up to 30 minutes.
# BENCH_ARGS passes extra options, e.g. BENCH_ARGS=--quick for a smoke run.
BENCH_SUITES ?= 1
BENCH_T0 := $(shell date +%s)
bench: $(STAMP)
	$(PY) -m benchmarks.run \
		$(if $(filter 0,$(BENCH_SUITES)),--no-suites,--suites) \
		$(if $(filter full,$(BENCH_SUITES)),--suite-timeout 1800) \
		--started-at $(BENCH_T0) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) reports .pytest_cache .mypy_cache .ruff_cache .hypothesis

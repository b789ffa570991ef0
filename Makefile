# interview-sim: `make run` serves the app, `make test` runs every tier. Both install what is missing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FE := frontend
FE_SOURCES := $(shell find $(FE)/src $(FE)/public -type f -not -path '*/public/pyodide/*' 2>/dev/null) $(wildcard $(FE)/index.html $(FE)/vite.config.ts)

.PHONY: run test lint fmt install test-backend test-unit test-integration test-e2e test-frontend \
	test-frontend-unit test-sandbox test-browser test-eval eval gen-types cluster bench clean

run: install
	$(PY) -m interview_sim

install: $(VENV)/.installed $(if $(wildcard $(FE)/package.json),$(FE)/dist/index.html)

$(VENV)/.installed: backend/pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e 'backend[dev]'
	@touch $@

$(FE)/node_modules/.installed: $(FE)/package.json $(FE)/package-lock.json
	cd $(FE) && npm ci --no-audit --no-fund
	@touch $@

$(FE)/dist/index.html: $(FE)/node_modules/.installed $(FE_SOURCES)
	cd $(FE) && npm run build

# ---------------------------------------------------------------- tests
test: install lint test-backend test-frontend

test-backend: test-unit test-integration test-e2e test-eval

test-unit: $(VENV)/.installed
	cd backend && ../$(PY) -m pytest tests/unit -q

test-integration: $(VENV)/.installed
	cd backend && ../$(PY) -m pytest tests/integration -q

test-e2e: install
	cd backend && ../$(PY) -m pytest tests/e2e -q

# scripted candidates: every persona x every question in process (~15 s), a sample over the wire
# with the real judge (~25-75 s); docs/EVALUATION.md
test-eval: $(VENV)/.installed
	cd backend && ../$(PY) -m pytest tests/eval -q

eval: $(VENV)/.installed
	cd backend && ../$(PY) -m tests.eval.table

test-frontend: test-frontend-unit test-sandbox test-browser

test-frontend-unit: $(FE)/node_modules/.installed
	cd $(FE) && npx vitest run

test-sandbox: install
	cd $(FE) && npx vitest run -c vitest.sandbox.config.ts

test-browser: install
	cd $(FE) && npx vitest run -c vitest.e2e.config.ts

# ---------------------------------------------------------------- checks
lint: $(VENV)/.installed $(FE)/node_modules/.installed
	cd backend && ../$(VENV)/bin/ruff check . && ../$(VENV)/bin/ruff format --check . && ../$(VENV)/bin/mypy
	cd $(FE) && npx vue-tsc --noEmit

fmt: $(VENV)/.installed
	cd backend && ../$(VENV)/bin/ruff check --fix . && ../$(VENV)/bin/ruff format .

gen-types: $(VENV)/.installed $(FE)/node_modules/.installed
	$(PY) -m interview_sim.protocol > $(FE)/src/protocol/schema.json
	cd $(FE) && npm run gen-types

# ---------------------------------------------------------------- multi-node, benchmarks
cluster: install
	bash scripts/cluster.sh

# The product's path: interviewers greet (CLIENT_READY), a typed final every 5 s, partials 1/s, snapshots 2/s.
bench: install
	$(PY) scripts/bench_fanout.py --ready --final-every 5 --partials 1 --targets pg1,peer1,pg3,peer3

clean:
	rm -rf $(VENV) $(FE)/node_modules $(FE)/dist data

# The README's two commands: `make run` (the app on its bundled data) and `make test` (every test).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501
WORKERS ?= $(shell nproc)
SERVE_PORT ?= 8080

.PHONY: run serve test geodata served vendor bench load lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.run-deps: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-deps: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.run-deps

run: $(VENV)/.run-deps
	$(BIN)/streamlit run app.py --server.port $(PORT)

# N app processes behind HAProxy on one port (scripts/serve.sh; installs haproxy if missing).
serve: $(VENV)/.run-deps
	WORKERS=$(WORKERS) PORT=$(SERVE_PORT) PYTHON=$(BIN)/python bash scripts/serve.sh

# One worker per core, each taking whole test files (a browser module shares one app server).
PYTEST_ARGS ?= -n auto --dist loadfile

test: $(VENV)/.test-deps
	bash scripts/ensure_chromium.sh
	bash scripts/ensure_haproxy.sh
	$(BIN)/python -m pytest $(PYTEST_ARGS)

geodata: $(VENV)/.run-deps
	$(BIN)/python scripts/build_geodata.py

served: $(VENV)/.run-deps
	$(BIN)/python scripts/build_served.py

# The instrument's front-end libraries: npm ci (exact versions from frontend/package-lock.json),
# then copy the browser builds and licences into static/vendor/ (commit the result).
vendor: $(VENV)/.run-deps
	$(BIN)/python scripts/vendor_js.py

bench: $(VENV)/.test-deps
	bash scripts/ensure_chromium.sh
	$(BIN)/python bench/bench_instrument.py

# Load bench: 1 process and the balanced setup under 10, 30 and 60 sessions (not in make test).
load: $(VENV)/.test-deps
	bash scripts/ensure_chromium.sh
	bash scripts/ensure_haproxy.sh
	$(BIN)/python bench/load.py $(LOAD_ARGS)

lint: $(VENV)/.test-deps
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf $(VENV)

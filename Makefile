# Tact: every command a developer or CI needs. `make run` and `make test` work on a fresh clone.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DEMO_USER ?= demo
DEMO_PASSWORD ?= tact-demo-2026
CHROMIUM ?= /usr/bin/chromium

.PHONY: install messages migrate demo run test test-fast browser-deps lint bench bench-deps clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

messages: install
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0

migrate: install
	$(BIN)/python manage.py migrate --verbosity 0

demo: migrate
	$(BIN)/python manage.py demo --user $(DEMO_USER) --password $(DEMO_PASSWORD) --if-empty

run: messages demo
	@echo "Tact on http://127.0.0.1:8000 — log in as $(DEMO_USER) / $(DEMO_PASSWORD)"
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile.dev

browser-deps:
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

test: install messages browser-deps
	$(BIN)/pytest

test-fast: install messages
	$(BIN)/pytest -m "not browser"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) var

bench-deps:
	@if ! command -v wrk >/dev/null; then \
		echo "Installing Debian's wrk for the throughput benchmark"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null) \
			|| echo "wrk could not be installed: the benchmark loads the pages with a Python loop instead"; \
	fi

bench: install bench-deps
	$(BIN)/python -m benchmarks.run --write $(if $(QUICK),--quick,) $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL),)

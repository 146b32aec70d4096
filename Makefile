# Tact: every command a developer or CI needs. `make run` and `make test` work on a fresh clone.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DEMO_USER ?= demo
DEMO_PASSWORD ?= tact-demo-2026
PORT ?= 8000
# What the tests need from Debian: Chromium for the browser tests, Dovecot's IMAP server for the mail tests.
CHROMIUM ?= /usr/bin/chromium
DOVECOT_IMAP ?= /usr/lib/dovecot/imap
# As root, `make test` installs what is missing; anyone else is told the command to run.
AS_ROOT ?= $(filter 0,$(shell id -u))
# Only `make screenshots` rewrites docs/screenshots/: the browser tests that call screenshot(), told where.
PAREN := (
SCREENSHOT_TESTS = $(shell grep -l "screenshot$(PAREN)" tests/browser/test_*.py)

.PHONY: install messages migrate demo run test test-fast test-deps screenshots lint bench bench-deps clean

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
	@echo "Tact on http://127.0.0.1:$(PORT) — log in as $(DEMO_USER) / $(DEMO_PASSWORD)"
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile.dev --port $(PORT)

test-deps:
	@missing=""; \
	[ -x "$(CHROMIUM)" ] || missing="chromium"; \
	[ -e "$(DOVECOT_IMAP)" ] || missing="$${missing:+$$missing }dovecot-imapd"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ -n "$(AS_ROOT)" ]; then \
		echo "Installing Debian's $$missing for the browser and mail tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
		echo "The tests need Debian's $$missing (the browser and mail tests). Install it, then run make test again:" >&2; \
		echo "    sudo apt-get install $$missing" >&2; \
		exit 1; \
	fi

test: install messages test-deps
	$(BIN)/pytest

screenshots: install messages test-deps
	TACT_SCREENSHOTS="$(CURDIR)/docs/screenshots" $(BIN)/pytest $(SCREENSHOT_TESTS)

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

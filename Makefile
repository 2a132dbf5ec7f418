# The two commands of the README: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The phone mode's HTTPS port (NETCOACH_LAN=1 make run; netcoach/lan.py).
LAN_PORT ?= 8443
# Three test processes on two cores: the browser tests wait on Chromium, and work stealing keeps
# the last slow files from running alone (measured: 206 s against 249 s with -n auto; on
# 2026-12-03, 227 s against 262 s with four).
TEST_WORKERS ?= 3

# python3.12 if present, else python3 when it is 3.12 or newer.
PYTHON := $(shell for p in python3.12 python3.13 python3.14 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	echo $$p; break; fi; done)

.PHONY: run test lint format install bench bench-import bench-backups loadtest clean-venv messages

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "netcoach needs Python 3.12 or newer (python3.12 or python3); none was found." >&2; exit 1; fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e . --group dev
	@touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@if [ "$$NETCOACH_LAN" = "1" ]; then \
		$(PY) -m netcoach.lan $(LAN_PORT) $(PORT); \
	elif [ "$$NETCOACH_DEBUG" = "1" ]; then \
		$(PY) manage.py runserver $(HOST):$(PORT); \
	else \
		echo "netcoach is serving on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"; \
		$(PY) -m waitress --listen=$(HOST):$(PORT) --threads=8 netcoach.wsgi:application; \
	fi

test: install
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal --durations=12

bench: install
	$(PY) -m benchmarks $(BENCH)

# 20 clients browsing and writing for 60 s while a maximum-size import runs (loopback only).
loadtest: install
	$(PY) -m benchmarks.loadtest $(LOADTEST)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

clean-venv:
	rm -rf $(VENV)

bench-import: install
	$(PY) -m benchmarks import

# The pre-import snapshot among 20 full accounts (NETCOACH_BENCH_ACCOUNTS), before and after.
bench-backups: install
	$(PY) -m benchmarks backups

# The French catalogues after a change of wording: extract every string, then compile the .mo
# files, which are committed (a user's machine has no gettext). Needs GNU gettext.
MESSAGES_IGNORE := --ignore 'tests/*' --ignore 'benchmarks/*' --ignore 'build/*' --ignore 'var/*' --ignore 'docs/*'
messages: install
	$(PY) manage.py makemessages -l fr --no-obsolete --no-location $(MESSAGES_IGNORE)
	$(PY) manage.py makemessages -l fr -d djangojs --no-obsolete --no-location $(MESSAGES_IGNORE)
	$(PY) manage.py compilemessages -l fr --ignore '.venv'

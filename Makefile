# Buurtpreventie — two commands on a fresh machine:
#   make run    install everything, prepare the SQLite database with the demo municipality, serve :8000
#   make test   install what tests need and run ruff, mypy and the whole suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.dev

.PHONY: run test install install-dev npm lint typecheck pytest serve demo messages chromium bench-smoke clean

# The port is picked once, before the demo is loaded: the demo's e-mails (sent when the worker
# starts) link to the port the server really uses, also when 8000 is taken.
run: install npm
	@port=$$(bash scripts/pick_port.sh $(HOST) $(PORT)); \
	  $(MAKE) --no-print-directory demo serve PORT=$$port PUBLIC_BASE_URL=$${PUBLIC_BASE_URL:-http://$(HOST):$$port}

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip --progress-bar on

$(VENV)/.installed-run: pyproject.toml | $(VENV)/bin/python
	@echo "Installing Python packages (a few minutes the first time)…"
	$(PIP) install --progress-bar on -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	@echo "Installing Python packages with the dev tools (a few minutes the first time)…"
	$(PIP) install --progress-bar on -e '.[dev]'
	touch $@ $(VENV)/.installed-run

install: $(VENV)/.installed-run

install-dev: $(VENV)/.installed-dev

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

npm: node_modules/.installed

demo: install npm
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py createcachetable
	$(PY) manage.py load_demo

serve:
	HOST=$(HOST) PORT=$(PORT) bash scripts/serve.sh

# Browser tests drive the system Chromium; install it when missing and we are root.
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Chromium for browser tests (apt-get)…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: install the 'chromium' package (browser tests need it)." >&2; exit 1; fi; }

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports .importlinter

typecheck: install-dev
	$(VENV)/bin/mypy buurtpreventie config

# Unit and page tests may run on several workers (pytest-xdist); tests that start browsers or
# extra processes stay serial. PYTEST_WORKERS=auto on a machine with spare cores, 0 = serial
# (the default on a 2-core machine, where workers only add start-up time).
PYTEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 1); [ $$n -gt 2 ] && echo auto || echo 0)

pytest: install-dev npm chromium
ifeq ($(strip $(PYTEST_ARGS)),)
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest -n $(PYTEST_WORKERS) -m "not browser and not multiprocess"
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest -m "browser or multiprocess"
else
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest $(PYTEST_ARGS)
endif

test: lint typecheck pytest

messages: install-dev
	cd buurtpreventie && ../$(VENV)/bin/django-admin makemessages -l en --ignore '*/tests/*' \
	  --ignore 'initiatives/*' --ignore 'patrols/*' \
	  --ignore 'feedback/*' --ignore 'alerts/*' --ignore 'surveys/*' --ignore 'engagement/*' \
	  --ignore 'insights/*' --ignore 'public/*'
	cd buurtpreventie && ../$(VENV)/bin/django-admin compilemessages

bench-smoke: install-dev
	DJANGO_SETTINGS_MODULE=config.settings.test bash scripts/bench_smoke.sh

clean:
	rm -rf $(VENV) node_modules staticfiles var/buurtpreventie.sqlite3*

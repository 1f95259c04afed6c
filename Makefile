# The two commands a fresh machine needs: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := run

UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
PY := .venv/bin/python
MANAGE := SECRET_KEY_FILE=var/secret_key $(PY) manage.py
export DJANGO_SETTINGS_MODULE := config.settings
# Debian packages the platform needs: gettext compiles the catalogues, pango and the
# Noto fonts render PDF certificates and reports in all six languages (Arabic, Chinese).
RUN_DEB := gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-noto-cjk
TEST_DEB := chromium poppler-utils
# The production topology of `make stack` (and its tests): PostgreSQL 15, Redis, nginx.
STACK_DEB := postgresql-15 redis-server nginx-light

.PHONY: stack stack-stop deb-stack run test install deb-run deb-test uv node messages secret migrate setup serve \
        lint typecheck migrations-check pytest collectstatic bench bench-smoke clean

uv:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv

install: uv node
	$(UV) sync --frozen --quiet

node:
	@command -v npm >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq nodejs npm)
	npm ci --no-audit --no-fund --silent

deb-run:
	@missing=""; for p in $(RUN_DEB); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi

deb-test: deb-run
	@missing=""; for p in $(TEST_DEB) $(STACK_DEB); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi

secret:
	@mkdir -p var
	@test -s var/secret_key || python3 -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key
	@chmod 600 var/secret_key

messages: install deb-run secret
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

collectstatic: install secret
	$(MANAGE) collectstatic --noinput -v 0

migrate: install secret
	$(MANAGE) migrate --noinput -v 0

setup: deb-run install secret messages migrate collectstatic
	$(MANAGE) setup_platform

serve:
	@echo "Serving the IITE Platform at http://127.0.0.1:8000 (Ctrl+C to stop)"
	SECRET_KEY_FILE=var/secret_key $(PY) -m gunicorn -c config/gunicorn.py config.wsgi:application

deb-stack: deb-run
	@missing=""; for p in $(STACK_DEB); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "Installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi

## make stack: PostgreSQL, Redis, two app servers, the task worker and nginx on loopback
## (http://127.0.0.1:8080/), started from deploy/systemd and deploy/nginx; make stack-stop ends it.
stack: deb-stack install secret messages
	$(PY) deploy/stack.py start

stack-stop:
	$(PY) deploy/stack.py stop

## make run: install, migrate, load the strategy and demo data, print the admin login, serve.
run: setup serve

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	.venv/bin/lint-imports --no-cache

typecheck: install
	DEBUG=1 $(PY) -m mypy config iite $(wildcard bench)

migrations-check: install secret
	$(MANAGE) makemigrations --check --dry-run

pytest: install
	DEBUG=0 SECRET_KEY=test-only-not-secret REQUEST_LOG_LEVEL=WARNING $(PY) -m pytest $(PYTEST_ARGS)

## make test: install what the tests need (chromium included), then every check.
test: deb-test install messages lint typecheck migrations-check collectstatic-test pytest

collectstatic-test: install secret
	$(MANAGE) collectstatic --noinput -v 0

## make bench: every benchmark (BENCH_ARGS="--scale 0.2 --seconds 2" for a reduced run on a busy machine).
bench: install secret
	SECRET_KEY_FILE=var/secret_key $(PY) -m bench.run $(BENCH_ARGS)

clean:
	rm -rf var/static .pytest_cache .mypy_cache .ruff_cache

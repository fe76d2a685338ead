# Saqtandyru: every check is one command. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint worker beat messages bench load clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# WeasyPrint (PDF statements) needs Pango and a font with Kazakh letters, from Debian's packages.
$(VENV)/.system:
	@if ldconfig -p | grep -q libpango-1.0 && fc-list 2>/dev/null | grep -qi dejavu; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; \
	else echo "PDFs need Pango and DejaVu fonts: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"; exit 1; fi
	@mkdir -p $(VENV) && touch $@

$(VENV)/.runtime: requirements.txt $(VENV)/.system | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.system | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

## make run: install, migrate, load demo data and serve on http://127.0.0.1:8000
run: $(VENV)/.runtime
	@if command -v msgfmt >/dev/null; then $(BIN)/python manage.py compilemessages --ignore=.venv -v 0; \
	else echo "msgfmt not found: using the committed .mo catalogues"; fi
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## make test: install what tests need and run the whole suite, in parallel: one pytest-xdist worker per CPU core
## (TEST_WORKERS=4 to choose, TEST_WORKERS=0 for one process); the fault tests stay together in one worker
TEST_WORKERS ?= auto
test: $(VENV)/.dev
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(TEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

worker: $(VENV)/.runtime
	$(BIN)/celery -A portal worker --loglevel=INFO

beat: $(VENV)/.runtime
	$(BIN)/celery -A portal beat --loglevel=INFO

## make bench: the import and recompute benchmark on PostgreSQL (1,000,000 people; PEOPLE=100000 for a quick run)
PEOPLE ?= 1000000
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/saq_bench
bench: $(VENV)/.dev
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/run.py --people $(PEOPLE) $(BENCH_ARGS)

## make load: locust against gunicorn + PostgreSQL + Redis on loopback (5 minutes; LOAD_SECONDS=60 for a quick run)
load: $(VENV)/.dev
	$(BIN)/python loadtest/run.py

## make messages: refresh the .po catalogues from the code and compile them (needs GNU gettext): the Python and
## template strings (django.po), and the admin's JavaScript strings listed in portal/admin_strings.js (djangojs.po)
messages: $(VENV)/.dev
	$(BIN)/python manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=var --ignore=static --ignore=bench --ignore=e2e --ignore=loadtest
	$(BIN)/python manage.py makemessages --all --no-obsolete -d djangojs --ignore=.venv --ignore=var --ignore=static --ignore=bench --ignore=e2e --ignore=loadtest
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var

# Briefing Desk: `make run` to try it, `make test` to prove it.
SHELL := /bin/bash
PORT ?= 8000
PYTHON ?= python3
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
VENV := .venv
PY := $(VENV)/bin/python
# uv from PATH, or installed with pip into .tools/ when missing.
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)

.PHONY: help install ocr producers run serve serve-cached test test-fast check lint format bench corpus resilience clean

help:
	@echo "make run     install, migrate, load the demo and serve http://127.0.0.1:$(PORT)"
	@echo "make test    install what the tests need (chromium included) and run the whole suite"
	@echo "make check   lint, formatting and migrations check"
	@echo "make serve   production server (gunicorn, 2 workers) on port $(PORT)"
	@echo "make serve-cached  the same behind Varnish: Varnish on port $(PORT), the app on $(PORT)+1"
	@echo "make bench   benchmarks, printed and written to bench/results/"
	@echo "make corpus  PDFs from nine producers for the reading bench (bench/work/corpus/)"
	@echo "make resilience  60 s of load, readers and webhooks while editors upload, then a PostgreSQL restart under load (CI runs it)"

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet
	@touch $@

install: $(VENV)/.synced

# The background workers run beside the web server, one process per queue (reading, OCR,
# deliveries, periodic work; TASK_WORKER_QUEUES), forked from one that keeps the desk's clock:
# scheduled items, digests, watched sources and cleanup need no cron. Ctrl-C stops them all.
# Links the desk writes (e-mail, feeds, cards) point at the port it serves, unless SITE_URL says.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: install
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py load_demo
	@DEBUG=1 $(PY) manage.py desk_worker & workers=$$!; \
	trap 'kill $$workers 2>/dev/null; wait $$workers 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The same workers beside gunicorn, stopped with it, at a lower CPU priority than the pages
# readers wait for; TASK_WORKER_QUEUES="reading reading ocr deliveries,default periodic" gives
# documents two workers.
serve: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input --verbosity 0
	@nice -n 19 $(PY) manage.py desk_worker & workers=$$!; \
	trap 'kill $$workers 2>/dev/null; wait $$workers 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn desk.project.wsgi --workers $${WEB_CONCURRENCY:-2} --bind 127.0.0.1:$(PORT) \
		--no-control-socket --access-logfile - --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

# Varnish with its xkey module (Debian's varnish and varnish-modules), for serve-cached and the bench.
VARNISH_XKEY = /usr/lib/$(shell uname -m)-linux-gnu/varnish/vmods/libvmod_xkey.so
$(VARNISH_XKEY):
	@echo "Installing Debian's varnish and varnish-modules for the front cache…"
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq varnish varnish-modules >/dev/null

# Varnish on PORT in front of `make serve` on PORT+1 (deploy/varnish/desk.vcl): readers' pages
# from memory, purged by what each decision changed, served stale while the app is down.
serve-cached: export FRONT_CACHE_PURGER ?= desk.public.purging.HttpPurger
serve-cached: export FRONT_CACHE_PURGE_URLS ?= http://127.0.0.1:$(PORT)/
serve-cached: export TRUSTED_PROXY_COUNT ?= 1
serve-cached: install $(VARNISH_XKEY)
	@app=$$(( $(PORT) + 1 )); mkdir -p .varnish; \
	sed "s/APP_HOST/127.0.0.1/; s/APP_PORT/$$app/" deploy/varnish/desk.vcl > .varnish/desk.vcl; \
	varnishd -F -n "$(CURDIR)/.varnish/state" -a 127.0.0.1:$(PORT) -f "$(CURDIR)/.varnish/desk.vcl" \
		-s malloc,$${VARNISH_MEMORY:-256m} & varnish=$$!; \
	trap 'kill $$varnish 2>/dev/null; wait $$varnish 2>/dev/null' EXIT INT TERM; \
	$(MAKE) --no-print-directory serve PORT=$$app SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)}

/usr/bin/chromium:
	@echo "Installing Debian's chromium for the browser tests…"
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null

# axe-core, which the accessibility tests inject into pages (from the npm registry, pinned).
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq npm >/dev/null; }
	npm ci --no-audit --no-fund --silent
	@touch $@



# Tesseract and the language data of the desk's sources, for reading scans (sources/ocr.py).
OCR_LANGUAGES := eng rus bel ukr pol
ocr:
	@missing=; for code in $(OCR_LANGUAGES); do \
	  ls /usr/share/tesseract-ocr/*/tessdata/$$code.traineddata >/dev/null 2>&1 || missing="$$missing tesseract-ocr-$$code"; done; \
	if ! command -v tesseract >/dev/null || [ -n "$$missing" ]; then \
	  echo "Installing Debian's tesseract-ocr and its language data for reading scans…"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq tesseract-ocr $$missing >/dev/null; fi

# Tests write bytecode even where the environment says not to (PYTHONDONTWRITEBYTECODE): every
# test process imports Django, its libraries and the project, and compiling them from source in
# each one, with pytest's assertion rewriting uncached, was a quarter of `make test-fast`.
TEST_ENV := PYTHONDONTWRITEBYTECODE= DESK_TESTING=1

test: install ocr producers /usr/bin/chromium node_modules/axe-core/axe.min.js
	$(TEST_ENV) DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest $(PYTEST_ARGS)

# Everything but the browser tests and those marked slow (property tests, simulations, most of
# the role-by-URL and role-by-action matrices and query counts, subprocesses, timeouts), on
# TEST_WORKERS processes (default 2): for a quick check while working. A slice of the matrices
# (the cells four eyes decides, a few pages every role asks) and of the query counts runs here.
test-fast: install ocr
	$(TEST_ENV) $(PY) -m pytest -m "not e2e and not slow" -n $${TEST_WORKERS:-2} $(PYTEST_ARGS)

check: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DESK_TESTING=1 $(PY) manage.py makemigrations --check --dry-run
	DESK_TESTING=1 $(PY) manage.py check

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The producers the PDF tests make files with right now (tests/sources/test_pdf_producers.py):
# WeasyPrint, and pdfTeX with its Cyrillic fonts, installed from Debian when missing.
TEST_PRODUCERS := weasyprint:weasyprint pdflatex:texlive-latex-recommended
producers:
	@missing=; for pair in $(TEST_PRODUCERS); do command -v $${pair%%:*} >/dev/null || missing="$$missing $${pair#*:}"; done; \
	kpsewhich t2aenc.def >/dev/null 2>&1 || missing="$$missing texlive-lang-cyrillic"; \
	if [ -n "$$missing" ]; then echo "Installing$$missing for the PDF producer tests…"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; fi

# The reading bench's PDFs (bench/pdf_corpus): made by the producers people use, installed from
# Debian when missing. Each file is made once; delete bench/work/corpus/ to make them again.
# pdftotext (poppler) is one of the peers the reading bench compares the desk with.
CORPUS_TOOLS := chromium:chromium soffice:libreoffice-writer pdflatex:texlive-latex-recommended \
	lualatex:texlive-luatex weasyprint:weasyprint gs:ghostscript pdftotext:poppler-utils
corpus: install producers
	@missing=; for pair in $(CORPUS_TOOLS); do command -v $${pair%%:*} >/dev/null || missing="$$missing $${pair#*:}"; done; \
	kpsewhich t2aenc.def >/dev/null 2>&1 || missing="$$missing texlive-lang-cyrillic"; \
	if [ -n "$$missing" ]; then echo "Installing$$missing for the corpus…"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; fi
	$(PY) -m bench.pdf_corpus

# The front cache's rows stop this machine's PostgreSQL for 30 s (BENCH_STOP_DATABASE=0 to skip).
bench: install ocr corpus $(VARNISH_XKEY)
	BENCH_STOP_DATABASE=$${BENCH_STOP_DATABASE:-1} $(PY) bench/run.py
	$(PY) bench/documents.py
	$(PY) bench/anchoring_accuracy.py

resilience: install
	$(PY) bench/resilience.py

clean:
	rm -rf $(VENV) .tools staticfiles

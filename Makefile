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

.PHONY: help install ocr run serve test test-fast check lint format bench corpus resilience clean

help:
	@echo "make run     install, migrate, load the demo and serve http://127.0.0.1:$(PORT)"
	@echo "make test    install what the tests need (chromium included) and run the whole suite"
	@echo "make check   lint, formatting and migrations check"
	@echo "make serve   production server (gunicorn, 2 workers) on port $(PORT)"
	@echo "make bench   benchmarks, printed and written to bench/results/"
	@echo "make corpus  PDFs from nine producers for the reading bench (bench/work/corpus/)"
	@echo "make resilience  60 s of load, then a PostgreSQL restart under load (CI runs it)"

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet
	@touch $@

install: $(VENV)/.synced

# One background worker (reading PDFs, scans, fetching, readers' digests) runs beside the web
# server; Ctrl-C stops both. The digests' periodic run is queued for it if none is waiting.
# Links the desk writes (e-mail, feeds, cards) point at the port it serves, unless SITE_URL says.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: install
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py send_digests --queue-only
	@DEBUG=1 $(PY) manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# TASK_WORKERS background workers (default 1) run beside gunicorn and stop with it.
serve: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(PY) manage.py send_digests --queue-only
	@workers=; for n in $$(seq $${TASK_WORKERS:-1}); do \
	  $(PY) manage.py db_worker --no-reload & workers="$$workers $$!"; done; \
	trap 'kill $$workers 2>/dev/null; wait $$workers 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn desk.wsgi --workers $${WEB_CONCURRENCY:-2} --bind 127.0.0.1:$(PORT) \
		--no-control-socket --access-logfile - --forwarded-allow-ips "$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

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

test: install ocr /usr/bin/chromium node_modules/axe-core/axe.min.js
	$(TEST_ENV) DJANGO_ALLOW_ASYNC_UNSAFE=true $(PY) -m pytest $(PYTEST_ARGS)

# Everything but the browser tests and those marked slow (property tests, simulations, the
# role-by-URL and role-by-action matrices, subprocesses, timeouts), on TEST_WORKERS processes
# (default 2): for a quick check while working.
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

# The reading bench's PDFs (bench/pdf_corpus): made by the producers people use, installed from
# Debian when missing. Each file is made once; delete bench/work/corpus/ to make them again.
CORPUS_TOOLS := chromium:chromium soffice:libreoffice-writer pdflatex:texlive-latex-recommended \
	lualatex:texlive-luatex weasyprint:weasyprint gs:ghostscript
corpus: install
	@missing=; for pair in $(CORPUS_TOOLS); do command -v $${pair%%:*} >/dev/null || missing="$$missing $${pair#*:}"; done; \
	kpsewhich t2aenc.def >/dev/null 2>&1 || missing="$$missing texlive-lang-cyrillic"; \
	if [ -n "$$missing" ]; then echo "Installing$$missing for the corpus…"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; fi
	$(PY) -m bench.pdf_corpus

bench: install ocr corpus
	$(PY) bench/run.py
	$(PY) bench/documents.py
	$(PY) bench/anchoring_accuracy.py

resilience: install
	$(PY) bench/resilience.py

clean:
	rm -rf $(VENV) .tools staticfiles

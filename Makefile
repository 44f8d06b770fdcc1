# Set-up and checks for the course. `make lab` to learn, `make test` to check everything.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8888
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

.PHONY: lab test check notebooks lint bench constraints clean

# Python keeps compiled modules (and pytest its rewritten test modules) in the ignored __pycache__
# folders, so a second run does not compile everything again, even where the environment says not to.
unexport PYTHONDONTWRITEBYTECODE

$(STAMP): requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==26.3
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

## Open the course in JupyterLab on this machine only (127.0.0.1), with a login token, and the
## course's settings (jupyter-config/labconfig: no news prompt over the sliders).
lab: $(STAMP)
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter-config" $(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 \
		--ServerApp.port=$(PORT) $(ROOT_FLAG) notebooks/00-start-here.ipynb

## Run every test: helpers, lint, nbval on every notebook, and the browser test.
test: $(STAMP)
	$(BIN)/python -m pytest

## While editing: everything but the browser test, on two workers (one notebook per worker).
check: $(STAMP)
	$(BIN)/python -m pytest -m "not browser" -n 2 --dist loadscope

## Re-execute every notebook in place, top to bottom, each in a fresh kernel; two runs store the same bytes.
notebooks: $(STAMP)
	$(BIN)/python scripts/run_notebooks.py notebooks/*.ipynb

lint: $(STAMP)
	$(BIN)/ruff check helpers tests notebooks scripts benchmarks data

## Time a slider move for each explorer against a rebuild-everything baseline.
bench: $(STAMP)
	$(BIN)/python benchmarks/slider_moves.py

## Re-pin every transitive dependency after changing requirements*.txt.
constraints: $(STAMP)
	{ echo "# Every package the course and its tests install, at the exact version tested together."; \
	  echo "# Generated with: make constraints"; \
	  $(BIN)/pip freeze --exclude-editable; } > constraints.txt

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis artifacts

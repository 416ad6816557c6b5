# Media-bias notebook suite. `make help` lists the targets.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
CORPUS ?= corpus/demo
STAMP  := $(VENV)/.installed-stamp
DEV    := $(VENV)/.installed-dev-stamp
PIP    := $(BIN)/python -m pip --disable-pip-version-check

.DEFAULT_GOAL := help
.PHONY: help setup report check test lint lock bench bench-scale bench-report bench-loaded bench-zh validate train-loaded

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "  Variables: CORPUS=$(CORPUS)  PYTHON=$(PYTHON)"

$(BIN)/python:
	@echo "Creating $(VENV) with $(PYTHON)"
	@$(PYTHON) -m venv $(VENV) || { \
	  echo "error: '$(PYTHON) -m venv' failed. On Debian/Ubuntu install the venv module:"; \
	  echo "       apt-get install python3.11-venv"; rm -rf $(VENV); exit 1; }

# What the report needs: the package and its core dependencies, pinned by the lock.
# (pip warns that lxml has no 'html_clean' extra, which trafilatura's metadata asks for;
# lxml_html_clean, the package that extra named, is installed as a dependency of ours,
# so the warning is dropped from the output.)
QUIET := 2>&1 | grep -v "does not provide the extra 'html_clean'" || true
$(STAMP): pyproject.toml requirements.lock | $(BIN)/python
	@echo "Installing the package and its pinned dependencies into $(VENV)"
	@$(PIP) install -q -c requirements.lock -e . $(QUIET)
	@$(BIN)/python -c "import analysis, trafilatura, papermill" || { echo "error: the install failed"; exit 1; }
	@touch $(STAMP)

# Tests and development: JupyterLab, the Dask engine, pytest, ruff, Playwright, ...
$(DEV): $(STAMP)
	@echo "Installing JupyterLab, Dask and the development tools"
	@$(PIP) install -q -c requirements.lock -e '.[dev]' $(QUIET)
	@$(BIN)/python -c "import pytest, jupyterlab, distributed" || { echo "error: the install failed"; exit 1; }
	@touch $(DEV)

setup: $(DEV) ## Create .venv with everything: the package, JupyterLab, Dask, the test tools

report: $(STAMP) ## Run every notebook headless on CORPUS and build reports/<corpus>/
	$(BIN)/python -m analysis report $(CORPUS)

check: $(STAMP) ## Validate CORPUS and print its outlet x event summary
	$(BIN)/python -m analysis check $(CORPUS)

test: $(DEV) ## Run the whole test suite
	@$(BIN)/python -m pytest; status=$$?; \
	  if [ $$status -eq 5 ]; then echo "error: pytest collected no tests" >&2; fi; \
	  exit $$status

bench: $(DEV) ## Benchmark score on 5M words of real news, and memory on 50,000 articles
	$(BIN)/python benchmarks/bench.py

bench-scale: $(DEV) ## Scale benchmark: 200,000 articles, Dask with 1 and 2 workers, memory
	$(BIN)/python benchmarks/bench_scale.py

bench-report: $(DEV) ## Report benchmark: report on 10,000 generated articles with 5 and 25 events, time and memory
	$(BIN)/python benchmarks/bench_report.py

validate: $(STAMP) ## Measure every detector against the human gold; figures in reports/validation
	$(BIN)/python -m analysis validate all --readme README.md
	$(BIN)/papermill notebooks/90-validation.ipynb reports/validation/90-validation.ipynb --cwd notebooks

train-loaded: $(STAMP) ## Retrain the learned loaded-term scorer on ../shared/data (writes analysis/lexicons/models/loaded-model.json)
	$(BIN)/python -m analysis.validation.train_loaded

bench-loaded: $(STAMP) ## Throughput of score with the learned loaded-term scorer against without it
	$(BIN)/python benchmarks/bench_loaded.py

lint: $(DEV) ## Lint and format-check the code
	$(BIN)/ruff check analysis tests benchmarks notebooks
	$(BIN)/ruff format --check analysis tests benchmarks

lock: ## Re-resolve requirements.lock from pyproject.toml in a scratch venv
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install -q -e '.[dev]'
	{ echo "# Full pinned dependency tree (pip constraints file), produced by"; \
	  echo "#   pip freeze in a fresh Python 3.11 venv after installing pyproject.toml's pins."; \
	  echo "# Regenerate with: make lock"; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable; } > requirements.lock
	rm -rf .lock-venv

bench-zh: $(STAMP) ## Throughput of score on Chinese text (characters per second)
	$(BIN)/python benchmarks/bench_zh.py

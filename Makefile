# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export QT_QPA_PLATFORM_THEME :=

.PHONY: run test test-deep lint typecheck translations screenshots bench bench-quick package clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

translations: $(STAMP)
	$(BIN)/python -m tools.i18n_build

run: $(STAMP) translations
	$(BIN)/aiconnect

lint: $(STAMP)
	$(BIN)/ruff check app tests bench tools
	$(BIN)/lint-imports
	$(BIN)/mypy

test: $(STAMP) translations lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# deeper fuzzing: every command driven with 300 random option sets instead of make test's few, on SQLite and then
# on PostgreSQL (tens of minutes; not in CI)
test-deep: $(STAMP)
	CLI_FUZZ_EXAMPLES=300 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/test_cli_contract.py
	CLI_FUZZ_EXAMPLES=300 CLI_FUZZ_BACKEND=postgresql QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/test_cli_contract.py

screenshots: $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tools.screenshots docs/screenshots

bench: $(STAMP)
	$(BIN)/python -m bench.run_all

# start, search, screen switch and import at 50k leads against bench/quick_budgets.json (< 3 min; not in CI)
bench-quick: $(STAMP)
	$(BIN)/python -m bench.quick

package: $(STAMP)
	$(BIN)/python packaging/build.py

clean:
	rm -rf $(VENV) build dist *.egg-info

# Two commands do all the set-up on a fresh machine with Python 3.11+:
#   make run    virtual environment, install, migrate, demo data, serve on 127.0.0.1:8000
#   make test   install the test tools, then ruff, mypy and pytest
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install install-test migrate demo lint typecheck bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

migrate: install
	$(BIN)/temu-dagang migrate

demo: migrate
	$(BIN)/temu-dagang demo

run: demo
	@$(BIN)/temu-dagang keys create --role staff --name "local staff (make run)" \
		--office "Dinas Perdagangan Provinsi Kalimantan Timur" --revoke-others
	@echo "pages (for the local demo only; a new password each run):"
	@$(BIN)/temu-dagang accounts set-password "local staff (make run)" \
		--email staf.demo@example.org --generate
	$(BIN)/temu-dagang serve

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-test
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/python -m pytest

bench: install-test
	$(BIN)/python bench/bench_matching.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .mypy_cache .ruff_cache

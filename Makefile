# Thin wrapper: every target calls run.py, which works without make too.
PYTHON ?= python3

.PHONY: lab test setup notebooks bench
lab:
	$(PYTHON) run.py lab
test:
	$(PYTHON) run.py test
setup:
	$(PYTHON) run.py setup
notebooks:
	$(PYTHON) run.py notebooks
bench:
	$(PYTHON) run.py bench

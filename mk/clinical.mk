# Clinical NLP and classifier targets (bot/nlp, bot/clinical).  Included by the main Makefile,
# which defines PY (.venv/bin/python).
.PHONY: eval eval-holdout bench-clinical test-clinical

eval: ## accuracy, per-type precision/recall, confusion matrix, red-flag recall on tests/clinical/cases.yml
	$(PY) -m bot.clinical.evaluate

eval-holdout: ## the same on descriptions written after the rules (informative, not a gate)
	$(PY) -m bot.clinical.evaluate tests/clinical/holdout.yml || true

bench-clinical: ## ms per classification after loading (target < 20 ms)
	$(PY) -m bot.clinical.bench

test-clinical: ## unit tests of bot/nlp and bot/clinical
	$(PY) -m pytest -q tests/nlp tests/clinical

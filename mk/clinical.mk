# Clinical NLP and classifier targets (bot/nlp, bot/clinical).  Included by the main Makefile,
# which defines PY (.venv/bin/python).
.PHONY: eval eval-holdout bench-clinical test-clinical

eval: ## hand-written cases, real_cases.yml tuning half, dev_cases.yml, dev2_cases.yml, dev3_cases.yml, held-out half; fails under the held-out bar
	@status=0; \
	$(PY) -m bot.clinical.evaluate || status=1; \
	printf '\n== real-language set (tests/clinical/real_cases.yml): tuning half\n'; \
	$(PY) -m bot.clinical.evaluate tests/clinical/real_cases.yml --split tuning || true; \
	printf '\n== development set (tests/clinical/dev_cases.yml)\n'; \
	$(PY) -m bot.clinical.evaluate --split dev || true; \
	printf '\n== second development set (tests/clinical/dev2_cases.yml)\n'; \
	$(PY) -m bot.clinical.evaluate --split dev2 || true; \
	printf '\n== third development set (tests/clinical/dev3_cases.yml)\n'; \
	$(PY) -m bot.clinical.evaluate --split dev3 || true; \
	printf '\n== real-language set: held-out half (totals only)\n'; \
	$(PY) -m bot.clinical.evaluate tests/clinical/real_cases.yml --split heldout || status=1; \
	exit $$status

eval-holdout: ## the same on descriptions written after the rules (informative, not a gate)
	$(PY) -m bot.clinical.evaluate tests/clinical/holdout.yml || true

bench-clinical: ## ms per classification after loading (target < 20 ms)
	$(PY) -m bot.clinical.bench

test-clinical: ## unit tests of bot/nlp and bot/clinical
	$(PY) -m pytest -q tests/nlp tests/clinical

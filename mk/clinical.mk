# Clinical NLP and classifier targets (bot/nlp, bot/clinical).  Included by the main Makefile,
# which defines PY (.venv/bin/python).
.PHONY: eval eval-holdout eval-slips bench-clinical test-clinical text-model clinical-loso red-flag-model red-flag-loso

# The text model (bot/clinical/text_model.py): a spaCy textcat trained from the labelled case files (never the held-out
# half of real_cases.yml), consulted only where the rules cannot pick a type. Not committed; retrained when a case file
# or the trainer changes. make train / make test / make eval build it; make check does not (the rules then say the text
# model was not available).
CLINICAL_TEXT_MODEL := models/clinical_text/meta.json
$(CLINICAL_TEXT_MODEL): $(STAMP) bot/clinical/text_model.py $(wildcard tests/clinical/*cases.yml)
	$(PY) -m bot.clinical.text_model

text-model: $(CLINICAL_TEXT_MODEL) ## train the clinical text model from the labelled cases if they changed (< 30 s)

# The red-flag safety net (bot/clinical/red_flag_model.py): a textcat trained on the same labelled cases to say "this
# description has a red flag", asked only where the rules raised none; adds one doctor-first flag. Not committed.
CLINICAL_FLAG_MODEL := models/clinical_flag/meta.json
$(CLINICAL_FLAG_MODEL): $(STAMP) bot/clinical/red_flag_model.py bot/clinical/text_model.py $(wildcard tests/clinical/*cases.yml)
	$(PY) -m bot.clinical.red_flag_model

red-flag-model: $(CLINICAL_FLAG_MODEL) ## train the red-flag safety net from the labelled cases if they changed (< 30 s)

red-flag-loso: $(STAMP) ## leave-one-set-out of the red-flag safety net (what weights.yml's red_flag_model.threshold was chosen by)
	$(PY) -m bot.clinical.red_flag_model --loso

eval-slips: $(CLINICAL_TEXT_MODEL) $(CLINICAL_FLAG_MODEL) ## the labelled sets as typed and with typing slips in one long word in four (bot/nlp/slips.py)
	$(PY) -m bot.clinical.slip_robustness

clinical-loso: $(STAMP) ## leave-one-set-out: rules, text model and both on each labelled set (what weights.yml's text_model was chosen by)
	$(PY) -m bot.clinical.leave_one_set_out

# the project's own targets that read clinical results get the text model first
train test run: $(CLINICAL_TEXT_MODEL) $(CLINICAL_FLAG_MODEL)

eval: $(CLINICAL_TEXT_MODEL) $(CLINICAL_FLAG_MODEL) ## hand-written cases, real_cases.yml tuning half, dev .. dev6 sets, held-out half; fails under the held-out bar
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
	printf '\n== fourth development set, red flags (tests/clinical/dev4_cases.yml)\n'; \
	$(PY) -m bot.clinical.evaluate --split dev4 || true; \
	printf '\n== fifth development set, red flags in new words (tests/clinical/dev5_cases.yml)\n'; \
	$(PY) -m bot.clinical.evaluate --split dev5 || true; \
	printf '\n== sixth development set, the real mix in new words (tests/clinical/dev6_cases.yml)\n'; \
	$(PY) -m bot.clinical.evaluate --split dev6 || true; \
	printf '\n== real-language set: held-out half (totals only)\n'; \
	$(PY) -m bot.clinical.evaluate tests/clinical/real_cases.yml --split heldout || status=1; \
	exit $$status

eval-holdout: ## the same on descriptions written after the rules (informative, not a gate)
	$(PY) -m bot.clinical.evaluate tests/clinical/holdout.yml || true

bench-clinical: ## ms per classification after loading (target < 20 ms)
	$(PY) -m bot.clinical.bench

test-clinical: ## unit tests of bot/nlp and bot/clinical
	$(PY) -m pytest -q tests/nlp tests/clinical

# Storage and booking targets; included by the Makefile, which defines PY (the venv's python).
# DATABASE_URL picks the database (default: SQLite var/clinic.db), e.g.
#   make migrate DATABASE_URL=postgresql://postgres@127.0.0.1:5432/clinic

.PHONY: migrate summary-schema test-booking

migrate: ## upgrade the clinic database to the newest schema (DATABASE_URL=...: another one)
	$(PY) -m bot.store $(DATABASE_URL)

summary-schema: ## regenerate bot/intake/summary.schema.json from the summary model
	$(PY) -m bot.intake.summary

test-booking: ## storage, booking and summary tests on SQLite and PostgreSQL (SKIP_PG=1: SQLite only)
	$(PY) -m pytest -q tests/store tests/booking tests/intake/test_summary.py tests/intake/test_summary_fhir.py

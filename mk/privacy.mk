# Retention and erasure (bot/privacy); included by the main Makefile, which defines PY and STAMP.
#   make purge            erase what is past retention (RETENTION_UNFINISHED_DAYS, RETENTION_COMPLETED_YEARS,
#                         RETENTION_LOG_DAYS; see README), print counts only
#   make purge DRY_RUN=1  only count what would be erased
#   make test-privacy     retention, erasure and purge tests (SQLite and PostgreSQL; SKIP_PG=1: SQLite only)
.PHONY: purge test-privacy

purge: $(STAMP) ## [DRY_RUN=1] erase what is past retention (prints counts only)
	$(PY) -m bot.privacy.purge $(if $(DRY_RUN),--dry-run,)

test-privacy: $(STAMP) ## retention, erasure and purge tests (SKIP_PG=1: SQLite only)
	$(PY) -m pytest -q tests/privacy

# Staff review app (bot/staff). Included by the Makefile, which defines PY (.venv/bin/python) and STAMP.
#   make staff-user USERNAME=amina [ADMIN=1]   create a staff account (prompts for the password;
#                                              or STAFF_PASSWORD=... in the environment; zxcvbn must
#                                              find it hard to guess: a few unrelated words will do)
#   make staff-unlock USERNAME=amina           end an account's login throttle (failed logins slow further
#                                              attempts down instead of locking the account; after an
#                                              attack the admin can let the real user straight back in)
#   make bench-staff                           list speed with 10,000 intakes on PostgreSQL (target < 1 s)
#   make reminders                             send the day-before appointment reminders now (make run does
#                                              this hourly; each appointment gets one, so running again is safe)
#   make test-staff                            the staff tests (SQLite and PostgreSQL; SKIP_PG=1: SQLite only)
# STAFF_WEB is the browser-test tooling, installed before `make test` (the rule at the end of this file).
STAFF_WEB := staff-web/node_modules/.installed

.PHONY: staff staff-user staff-unlock bench-staff test-staff reminders

$(STAFF_WEB): staff-web/package.json staff-web/package-lock.json
	cd staff-web && npm ci --no-audit --no-fund --loglevel=error
	@test -x /usr/bin/chromium || echo "note: /usr/bin/chromium is missing (apt-get install -y chromium); the browser test will be skipped"
	touch $(STAFF_WEB)

staff: $(STAMP)  ## serve only the staff app on :8090
	$(PY) -m bot.staff --port 8090

staff-user: $(STAMP) ## USERNAME=name [ADMIN=1]: create a staff account (prompts for the password)
	@test -n "$(USERNAME)" || { echo "usage: make staff-user USERNAME=name [ADMIN=1]"; exit 2; }
	$(PY) -m bot.staff.users create --username "$(USERNAME)" $(if $(ADMIN),--admin,)

staff-unlock: $(STAMP) ## USERNAME=name: end an account's login throttle
	@test -n "$(USERNAME)" || { echo "usage: make staff-unlock USERNAME=name"; exit 2; }
	$(PY) -m bot.staff.users unlock --username "$(USERNAME)"

bench-staff: $(STAMP) ## staff list speed with 10,000 intakes on PostgreSQL (target < 1 s)
	$(PY) -m bot.staff.bench

reminders: $(STAMP) ## send the day-before appointment reminders now (WhatsApp template, or listed to call)
	$(PY) -m bot.staff.reminders

test-staff: $(STAMP) $(STAFF_WEB) ## the staff app tests (SKIP_PG=1: SQLite only)
	$(PY) -m pytest -q tests/staff

# The browser tooling is installed before the tests (this file is included after the main rules).
test: $(STAFF_WEB)

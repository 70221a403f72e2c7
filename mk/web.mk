# The website chat widget (web/) and its browser tests; included by the main Makefile.
# WEB_BUILD is the stamp of a finished build; the rules at the end of this file make it (and chromium) a
# prerequisite of `test` and `run`, so the widget is built only when its sources or lock changed.

WEB_BUILD := web/dist/.built
WEB_DEPS := web/node_modules/.package-lock.json
CHROMIUM_BIN := /usr/bin/chromium

.PHONY: web chromium test-web site

web: $(WEB_BUILD)  ## build the widget into web/dist (npm ci + esbuild), only when web/ changed

# npm ci installs exactly the lock file (esbuild, and playwright-core + axe-core for the tests).
$(WEB_DEPS): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(WEB_BUILD): $(WEB_DEPS) web/build.mjs $(wildcard web/src/*)
	cd web && node build.mjs
	touch $@

chromium: $(CHROMIUM_BIN)  ## Debian's chromium for the browser tests (never `npx playwright install`)

$(CHROMIUM_BIN):
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium

test-web: $(MODEL) $(WEB_BUILD) $(CHROMIUM_BIN)  ## the web channel, demo site and widget tests only
	RASA_MODEL=$(MODEL) $(PY) -m pytest -q tests/web

site: $(WEB_BUILD)  ## only the demo site (the assistant must run elsewhere: RASA_URL, default :5005)
	$(PY) -m bot.site --port $(or $(SITE_PORT),8080) --server-url $(or $(RASA_URL),http://127.0.0.1:5005)

# The widget is built before the assistant runs and before the tests, chromium before the tests. (Extra
# prerequisites of the main Makefile's targets: this file is included after them, so a variable added
# to their prerequisite lists there would still be empty when Make reads them.)
run: $(WEB_BUILD)
test: $(WEB_BUILD) $(CHROMIUM_BIN)

.PHONY: clean-web
clean-web: ## remove the built widget (web/dist)
	rm -rf web/dist
clean: clean-web

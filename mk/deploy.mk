# Several Rasa servers and action servers behind HAProxy (deploy/haproxy.cfg.in, issue 15); included by the
# Makefile. HAProxy comes from Debian's package, installed here when missing, like chromium in mk/web.mk.
#   make haproxy         install Debian's haproxy (only when /usr/sbin/haproxy is missing)
#   make test-topology   two Rasa servers + two action servers behind HAProxy on PostgreSQL, Redis, RabbitMQ
HAPROXY_BIN := /usr/sbin/haproxy

.PHONY: haproxy test-topology

haproxy: $(HAPROXY_BIN)  ## Debian's haproxy, for the multi-server set-up and its test

$(HAPROXY_BIN):
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends haproxy

test-topology: $(MODEL) $(HAPROXY_BIN)  ## 2 Rasa + 2 action servers behind HAProxy: concurrent messages, shared limits
	RASA_MODEL=$(MODEL) $(PY) -m pytest -q tests/e2e/test_topology.py tests/test_haproxy_config.py \
		tests/channels/test_shared_limits.py tests/channels/test_shared_replies.py tests/channels/test_client_address.py

# haproxy before the tests (an extra prerequisite of the main Makefile's `test`; see the end of mk/web.mk).
test: $(HAPROXY_BIN)

# Chat load benchmark (tests/bench/): our assistant against Rasa's starter bot under the same load (issue 15).
# Included by the Makefile, which defines PY, STAMP and MODEL. Rasa's starter bot is trained once per Rasa
# version into var/bench/. BENCH_ARGS passes options, e.g. BENCH_ARGS=--quick (2 senders, our bot only).
.PHONY: bench-chat

bench-chat: $(MODEL) ## ours vs Rasa's starter bot: 1, 20, 50 senders, 100 patients; p50, p95, messages/s, memory
	RASA_MODEL=$(MODEL) $(PY) -m tests.bench.chat $(BENCH_ARGS)

"""deploy/reply_times.py: p50/p95 of the servers' reply times read from HAProxy's request log lines."""
from deploy.reply_times import main, percentile, reply_times

LINES = [
    '127.0.0.1:33556 [26/Nov/2026:10:39:32.530] rasa rasa_servers/rasa2 0/0/0/1023/1023 200 687 - - ---- 2/2/1/0/0 0/0 "POST /webhooks/rest/webhook HTTP/1.1"',
    '127.0.0.1:54080 [26/Nov/2026:10:39:34.489] actions action_servers/actions1 0/0/0/12/12 200 464 - - ---- 2/1/0/0/0 0/0 "POST /webhook HTTP/1.1"',
    '127.0.0.1:33572 [26/Nov/2026:10:39:33.554] rasa rasa_servers/rasa1 0/0/0/986/986 200 218 - - ---- 2/1/0/0/0 0/0 "POST /webhooks/rest/webhook HTTP/1.1"',
    '127.0.0.1:33580 [26/Nov/2026:10:39:35.001] rasa rasa_servers/<NOSRV> 0/-1/-1/-1/3001 503 217 - - SC-- 1/1/0/0/3 0/0 "POST /webhooks/rest/webhook HTTP/1.1"',
    "[NOTICE]   (1234) : haproxy version is 2.6.12",
]


def test_reply_times_by_backend_leave_out_requests_no_server_answered():
    assert reply_times(LINES) == {"rasa_servers": [1023, 986], "action_servers": [12]}


def test_nearest_rank_percentiles():
    values = list(range(1, 101))
    assert percentile(values, 0.5) == 50 and percentile(values, 0.95) == 95 and percentile([7], 0.95) == 7


def test_the_report_and_an_empty_log(tmp_path, capsys):
    log = tmp_path / "haproxy.log"
    log.write_text("\n".join(LINES))
    assert main([str(log)]) == 0
    out = capsys.readouterr().out
    assert "rasa_servers" in out and "1023" in out
    log.write_text(LINES[-1])
    assert main([str(log)]) == 1

"""The harness itself, without a server: the simulated patient against a scripted fake bot, the comparison of
stored answers with a profile's expectations, and the fuzz walk's "nothing invented" rule (fast)."""

from __future__ import annotations

from tests.patients.checks import conversation_findings
from tests.patients.expectations import compare, compare_summary
from tests.patients.fuzz import allowed_by_walk, booking_change
from tests.patients.profiles import parse
from tests.patients.simulator import MAX_PATIENT_MESSAGES, SimulatedPatient

QUESTIONS = [
    {
        "text": "Hello! May we store your answers for the clinic?",
        "buttons": [{"title": "Yes, I agree", "payload": "/y"}],
    },
    {"text": "What's your first name?"},
    {
        "text": "Where do you notice it most?",
        "buttons": [{"title": "Round patches", "payload": '/inform{"choice":"patches"}'}],
    },
    {"text": "Would you like to book a consultation now?"},
]


class FakeBot:
    """Asks QUESTIONS in order, one per message; answers "does it hurt?" and then asks the same question again."""

    def __init__(self, silent_on: str = ""):
        self.heard: list[str] = []
        self.index = 0
        self.silent_on = silent_on

    def talk(self, sender: str, message: str):
        self.heard.append(message)
        if message == self.silent_on:
            return 200, []
        if "hurt" in message:
            return 200, [{"text": "A numbing cream is used first."}, QUESTIONS[self.index - 1]]
        if self.index >= len(QUESTIONS):
            return 200, [{"text": "No problem, you can book later."}]
        self.index += 1
        return 200, [QUESTIONS[self.index - 1]]


def _profile(**changes):
    raw = {
        "source": "https://example.org/thread",
        "voice": "test",
        "outcome": "not_now",
        "opening": "hi",
        "says": {
            "consent": "yes",
            "first_name": ["Sara"],
            "pattern": "round spot",
            "wants_booking": "not now",
            "summary_confirm": "yes",
        },
        "expect": {"intake": {}},
    }
    raw.update(changes)
    return parse(raw, "test-profile")


def test_the_patient_answers_in_its_own_words_and_clicks_only_where_it_clicks():
    bot = FakeBot()
    transcript = SimulatedPatient(_profile(clicks={"pattern": "Round patches"}), bot.talk, "s1").converse()
    assert bot.heard == ["hi", "yes", "Sara", '/inform{"choice":"patches"}', "not now"]
    assert transcript.reached and transcript.ended == "declined the booking"
    assert conversation_findings(transcript) == []


def test_a_side_question_comes_when_its_question_is_first_asked_and_must_be_answered():
    bot = FakeBot()
    events = [
        {"at": "first_name", "say": "does it hurt?", "reply_about": ["numbing"]},
        {"at": "pattern", "say": "does it hurt a lot?", "reply_about": ["price"]},
    ]
    transcript = SimulatedPatient(_profile(events=events), bot.talk, "s2").converse()
    assert bot.heard == ["hi", "yes", "does it hurt?", "Sara", "does it hurt a lot?", "round spot", "not now"]
    findings = conversation_findings(transcript)
    assert [(f.kind, f.subject) for f in findings] == [("side question not answered", "pattern")]


def test_silence_and_repeated_questions_are_findings():
    bot = FakeBot(silent_on="Sara")
    transcript = SimulatedPatient(_profile(), bot.talk, "s3").converse()
    kinds = {f.kind for f in conversation_findings(transcript)}
    assert "no reply to a patient message" in kinds

    def stubborn(sender, message):
        return 200, [QUESTIONS[1]]

    transcript = SimulatedPatient(_profile(), stubborn, "s4").converse()
    assert len(transcript.exchanges) == MAX_PATIENT_MESSAGES and not transcript.reached
    assert ("question asked more than twice", "first_name") in {
        (f.kind, f.subject) for f in conversation_findings(transcript)
    }


def test_stored_answers_match_values_codes_ranges_and_the_patients_own_words():
    summary = {
        "answers": {
            "medicines": ["other"],
            "medicines_other": "Iron tablets",
            "duration_days": 120,
            "pattern": "skipped",
            "first_name": "ayesha",
        }
    }
    assert compare("medicines", [{"other": "iron tablets"}], ["other"], summary, []) == []
    assert compare("duration_days", {"between": [100, 140]}, 120, summary, []) == []
    assert compare("first_name", "Ayesha", "ayesha", summary, []) == []
    assert [m.kind for m in compare("pattern", "diffuse", "skipped", summary, [])] == [
        "answer refused: moved on without it"
    ]
    assert [m.kind for m in compare("conditions", [{"other": "high BP"}], [], summary, [])] == [
        "patient's own words not kept"
    ]
    assert [m.kind for m in compare("triggers", [], ["childbirth"], summary, [])] == [
        "stored a fact the patient never gave"
    ]
    assert compare("pregnancy", {"any_of": [None, "no"]}, None, summary, []) == []
    assert compare("description", {"patient_text": True}, "my hair falls", summary, ["oh, my hair falls a lot"]) == []
    assert compare("description", {"patient_text": True}, "alopecia", summary, ["my hair falls"]) != []


def test_an_answer_the_profile_does_not_expect_is_an_invented_fact():
    found = compare_summary({"age": 26}, {"answers": {"age": 26, "duration_days": 9490}}, [])
    assert [(m.kind, m.slot) for m in found] == [("stored a fact the patient never gave", "duration_days")]


def test_the_fuzz_walk_allows_only_facts_it_gave():
    assert allowed_by_walk("age", 34, [34], [])
    assert not allowed_by_walk("duration_days", 12410, [], [])
    assert allowed_by_walk("duration_days", 90, [(85, 95)], [])
    assert allowed_by_walk("medicines", ["other"], [frozenset({"other"})], [])
    assert not allowed_by_walk("first_name", "Ji", [], ["ji"])
    assert allowed_by_walk("description", "round patch", [], ["a round patch behind my ear"])
    assert allowed_by_walk("hairstyles", "skipped", [], [])


def test_a_booking_change_is_noticed():
    booked = {"reference": "K7P2QX", "status": "booked", "start_at": "2026-12-01T10:00", "practitioner_id": "a"}
    assert booking_change([], [booked]) == "created K7P2QX"
    assert "cancelled" in booking_change([booked], [dict(booked, status="cancelled")])
    assert "moved" in booking_change([booked], [dict(booked, start_at="2026-12-02T10:00")])
    assert booking_change([booked], [booked]) == ""


def test_a_noted_fact_taken_out_when_the_patient_did_not_object_is_a_finding():
    class TakesOut(FakeBot):
        def talk(self, sender, message):
            status, replies = super().talk(sender, message)
            if message == "Sara":
                replies = [{"text": "Thanks, I've taken that out: female."}, *replies]
            return status, replies

    transcript = SimulatedPatient(_profile(), TakesOut().talk, "s5").converse()
    assert ("noted fact taken out without an objection", "first_name") in {
        (f.kind, f.subject) for f in conversation_findings(transcript)
    }

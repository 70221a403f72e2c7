"""The structured, versioned summary of one intake: what the patient answered and what the bot concluded.

The answer fields and their allowed codes come from questions.yml (the contract), so a change there shows up
as a change of summary.schema.json; regenerate it with `python -m bot.intake.summary` and raise
SCHEMA_VERSION when stored summaries would no longer validate.

1.1: an answer in the patient's own words. A choice, yes/no or duration answer may be "other", a list answer
may hold "other" beside codes, and `other_answers` keeps the words (question slot -> words, verbatim, at most
300 characters) for staff. Summaries stored as 1.0 have neither and still load.

A red flag may say who should see the patient first (`refer_to`); it is optional, so summaries stored without
it still load and validate, and the version stays 1.1."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Extra, Field, StrictBool, conint, constr, create_model, validator

from bot.intake.questions import OTHER, Question, questions

SCHEMA_PATH = Path(__file__).with_name("summary.schema.json")
SCHEMA_VERSION = "1.1"
READABLE_VERSIONS = ("1.0", SCHEMA_VERSION)  # stored summaries of these versions load
OWN_WORDS_MAX = 300
# Kinds whose answer can be the patient's own words ("other"); a name, an age or the description cannot.
OTHER_KINDS = ("choice", "multi", "yesno", "duration")

log = logging.getLogger(__name__)

Skipped = Literal["skipped"]


def _answer_type(q: Question) -> Any:
    """The Python type of one answer, by the question's kind (see questions.yml)."""
    kind = q.kind
    codes = tuple(dict.fromkeys([*(str(c) for c in q.choices), OTHER]))  # OTHER: the patient's own words
    if kind == "name":
        return constr(strip_whitespace=True, min_length=1, max_length=80)
    if kind == "age":
        return conint(strict=True, ge=1, le=110)
    if kind == "text":
        return constr(strip_whitespace=True, max_length=4000)
    if kind == "duration":
        return conint(strict=True, ge=0) | Literal[OTHER]  # days; the choices are only button shortcuts
    if kind == "choice":
        return Literal[codes]
    if kind == "multi":
        return list[Literal[codes]]  # type: ignore[valid-type]
    if kind == "yesno":
        return StrictBool | Literal[OTHER]
    raise ValueError(f"unknown question kind {kind!r} for {q.slot}")


def _whole_number(value: Any) -> Any:
    """34.0 (a number that went through JSON or a float slot) is 34; 34.5 stays and fails validation."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _answers_model(qs: tuple[Question, ...]) -> Any:
    """The Answers model, made at run time from the questions (so its fields are not known to type checkers)."""
    fields: dict[str, tuple[Any, Any]] = {}
    for q in qs:
        # "skipped" first: pydantic v1 tries Union members in order.
        fields[q.slot] = (Skipped | _answer_type(q) | None, None)
    numbers = [q.slot for q in qs if q.kind in ("age", "duration")]
    validators = {"_whole_numbers": validator(*numbers, pre=True, allow_reuse=True)(_whole_number)} if numbers else {}
    model = create_model("Answers", __config__=_Strict, __validators__=validators, **fields)  # type: ignore[call-overload]
    model.__doc__ = (
        "The patient's answers. None: not asked (yet); 'skipped': asked and skipped; [] for a multi: none of these."
    )
    return model


class _Strict:
    """The models' pydantic Config: no unknown fields, and nullable fields marked so in the JSON Schema."""

    extra = Extra.forbid

    @staticmethod
    def schema_extra(schema: dict[str, Any], model: type) -> None:
        # pydantic 1 leaves `null` out of the JSON Schema of Optional fields; stored summaries have nulls.
        for f in model.__fields__.values():  # type: ignore[attr-defined]
            prop = schema.get("properties", {}).get(f.alias)
            if f.allow_none and prop is not None and "anyOf" not in prop:
                schema["properties"][f.alias] = {"anyOf": [prop, {"type": "null"}], **_keep(prop)}
            elif f.allow_none and prop is not None:
                prop["anyOf"].append({"type": "null"})


def _keep(prop: dict[str, Any]) -> dict[str, Any]:
    """Title, description and default stay beside anyOf."""
    return {k: prop.pop(k) for k in ("title", "description", "default") if k in prop}


ANSWER_SLOTS: tuple[str, ...] = tuple(q.slot for q in questions())
QUESTION_KINDS: dict[str, str] = {q.slot: q.kind for q in questions()}
OTHER_SLOTS: tuple[str, ...] = tuple(q.slot for q in questions() if q.kind in OTHER_KINDS)
OtherSlot = Literal[OTHER_SLOTS]  # type: ignore[valid-type]
OwnWords = constr(strip_whitespace=True, min_length=1, max_length=OWN_WORDS_MAX)


def holds_other(value: Any) -> bool:
    """True when an answer is, or contains, the patient's own words."""
    return value == OTHER or (isinstance(value, list) and OTHER in value)


Answers = _answers_model(questions())
if TYPE_CHECKING:
    AnswersModel = BaseModel  # to a type checker: a pydantic model whose fields are known only at run time
else:
    AnswersModel = Answers


# bot.clinical's Flag as the summary keeps it (field names of the stored JSON).
class SummaryFlag(BaseModel):
    """A red flag or a contraindication, in words for the patient and for staff."""

    code: constr(min_length=1, max_length=64)  # type: ignore[valid-type]
    patient_text: str
    staff_text: str
    # Optional, so summaries stored before it still load: no schema version change.
    refer_to: constr(min_length=1, max_length=64) | None = Field(  # type: ignore[valid-type]
        None,
        description="Who should see the patient first, for a red flag: physician, endocrinologist, dermatologist "
        "or crisis_line. None for a contraindication, and in summaries stored before it existed.",
    )

    class Config(_Strict):
        pass


class LikelyType(BaseModel):
    code: str | None = Field(None, description="The likeliest type of hair loss, None if undecided.")
    probabilities: dict[str, float] = Field(default_factory=dict, description="type code -> probability 0-1")
    confidence: float | None = Field(None, ge=0, le=1, description="How sure the assessment is, 0-1.")
    unclear_reason: str | None = Field(
        None, max_length=500, description="Why no type is given (code 'unclear'): too little said, a red flag ..."
    )

    class Config(_Strict):
        pass


class Handoff(BaseModel):
    requested: bool = False
    reason: str | None = None

    class Config(_Strict):
        pass


class Consent(BaseModel):
    given: bool = False
    at: dt.datetime | None = None

    class Config(_Strict):
        pass


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    """Aware UTC; a naive time is taken to be UTC already (Rasa's timestamps are UTC epochs)."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)


class IntakeSummary(BaseModel):
    """One intake, as stored for staff and exported (FHIR QuestionnaireResponse)."""

    schema_version: Literal[READABLE_VERSIONS] = SCHEMA_VERSION  # type: ignore[valid-type]
    conversation_id: constr(min_length=1, max_length=128)  # type: ignore[valid-type]
    channel: constr(min_length=1, max_length=32)  # type: ignore[valid-type]
    started_at: dt.datetime
    completed_at: dt.datetime | None = None
    answers: AnswersModel
    other_answers: dict[OtherSlot, OwnWords] = Field(  # type: ignore[valid-type]
        default_factory=dict,
        description="Question slot -> the patient's own words, for each answer that is (or holds) 'other'.",
    )
    findings: list[dict[str, Any]] = Field(default_factory=list, description="What the NLP found in the free text.")
    likely_type: LikelyType | None = None
    evidence: list[dict[str, Any] | str] = Field(default_factory=list)
    red_flags: list[SummaryFlag] = Field(default_factory=list)
    contraindications: list[SummaryFlag] = Field(default_factory=list)
    handoff: Handoff = Field(default_factory=Handoff)
    consent: Consent = Field(default_factory=Consent)

    class Config(_Strict):
        title = "IntakeSummary"

        @staticmethod
        def schema_extra(schema: dict[str, Any], model: type) -> None:
            _Strict.schema_extra(schema, model)
            # pydantic 1 does not say which keys a dict may have: only the questions that can be "other".
            schema["properties"]["other_answers"]["propertyNames"] = {"enum": list(OTHER_SLOTS)}

    _utc_times = validator("started_at", "completed_at", allow_reuse=True)(_utc)

    @validator("consent")
    def _utc_consent(cls, v: Consent) -> Consent:
        return v.copy(update={"at": _utc(v.at)})

    @validator("other_answers")
    def _words_of_other_answers_only(cls, v: dict[str, str], values: dict[str, Any]) -> dict[str, str]:
        """Words belong to an answer that is "other": words beside a coded answer would be a fact invented."""
        answers = values.get("answers")
        if answers is not None:
            stray = sorted(slot for slot in v if not holds_other(getattr(answers, slot, None)))
            if stray:
                raise ValueError(f"own words for answers that are not 'other': {stray}")
        return v

    @property
    def red_flag(self) -> bool:
        return bool(self.red_flags)


_ASSESSMENT_KEYS = {
    "likely_type",
    "unclear_reason",
    "probabilities",
    "confidence",
    "evidence",
    "findings",
    "red_flags",
    "contraindications",
}


def build_summary(
    conversation_id: str,
    channel: str,
    slots: dict,
    assessment: dict | None,
    handoff: bool,
    consent: bool,
    started_at: dt.datetime | float | str,
    completed_at: dt.datetime | float | str | None,
    *,
    handoff_reason: str | None = None,
    consent_at: dt.datetime | None = None,
) -> IntakeSummary:
    """Build the summary from the tracker's slots (other slots are ignored) and bot/clinical's assessment:
    {"likely_type": code|None, "probabilities": {code: p}, "confidence": 0-1, "evidence": [...],
    "findings": [...], "red_flags": [{code, patient_text, staff_text, refer_to?}], "contraindications": [...]}.

    Times may be datetimes, ISO strings or epoch seconds (Rasa). The patient's own words come from the
    `other_answers` slot (question slot -> words), kept only for answers that are "other" (an answer corrected
    since keeps no stale words). Raises pydantic.ValidationError when an answer breaks the questions.yml
    contract."""
    assessment = dict(assessment or {})
    unknown = set(assessment) - _ASSESSMENT_KEYS
    if unknown:  # keep going (the intake matters more), but make the mismatch visible
        log.warning("build_summary ignores unknown assessment keys: %s", sorted(unknown))
    likely = None
    if any(assessment.get(k) is not None for k in ("likely_type", "probabilities", "confidence")):
        likely = LikelyType(
            code=assessment.get("likely_type"),
            probabilities=assessment.get("probabilities") or {},
            confidence=assessment.get("confidence"),
            unclear_reason=assessment.get("unclear_reason"),
        )
    answers = {slot: slots.get(slot) for slot in ANSWER_SLOTS}
    # parse_obj: the model itself reads the times (datetime, ISO string or epoch seconds).
    return IntakeSummary.parse_obj(
        {
            "conversation_id": conversation_id,
            "channel": channel,
            "started_at": started_at,
            "completed_at": completed_at,
            "answers": Answers(**answers),
            "other_answers": _own_words(slots.get("other_answers"), answers),
            "findings": assessment.get("findings") or [],
            "likely_type": likely,
            "evidence": assessment.get("evidence") or [],
            "red_flags": assessment.get("red_flags") or [],
            "contraindications": assessment.get("contraindications") or [],
            "handoff": Handoff(requested=handoff, reason=handoff_reason if handoff else None),
            "consent": Consent.parse_obj(
                {"given": consent, "at": (consent_at or completed_at or started_at) if consent else None}
            ),
        }
    )


def _own_words(kept: Any, answers: dict[str, Any]) -> dict[str, str]:
    """The words of the answers that are "other", trimmed to OWN_WORDS_MAX; empty words are left out."""
    if not isinstance(kept, dict):
        return {}
    out = {}
    for slot, words in kept.items():
        if slot in OTHER_SLOTS and holds_other(answers.get(slot)) and isinstance(words, str) and words.strip():
            out[slot] = words.strip()[:OWN_WORDS_MAX]
    return out


def schema_json() -> str:
    """The JSON Schema of IntakeSummary, as committed in summary.schema.json."""
    return json.dumps(IntakeSummary.schema(), indent=2, sort_keys=True) + "\n"


def write_schema(path: Path = SCHEMA_PATH) -> None:
    path.write_text(schema_json(), encoding="utf-8")


if __name__ == "__main__":
    write_schema()
    print(f"wrote {SCHEMA_PATH}")

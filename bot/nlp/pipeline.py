"""The spaCy pipeline (blank English + our rule components) and the public `understand()`.

Built once per process (module-level cache): building the matchers takes ~0.1-0.3 s, a message ~1-5 ms.
No downloaded model: tokenizer and sentencizer are spaCy's rule-based ones; everything else is lexicon.yml.
"""

import threading
from datetime import date
from typing import Any, cast

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import lexicon as lex
from .body_parts import on_the_scalp
from .cause_questions import mark_cause_questions
from .clauses import clause_ids
from .cleaning import MAX_CHARS, clean
from .demographics import AgeMatch, find_age, find_age_sex
from .durations import find_times, in_years
from .family import SubjectDetector, only_own_hair
from .long_ago import mark_long_ago
from .negation import AssertionDetector
from .proxy import find_proxy
from .slots import fill
from .understanding import FAMILY, PATIENT, Finding, Understanding
from .usage import mark_unused_treatments, new_medicine_triggers
from .word_senses import in_hair_sense, ponytail_as_measure
from .worry import without_worry_about_hair

__all__ = ["MAX_CHARS", "clean", "get_nlp", "understand"]
# Findings that mean "this part is about hair", used to tell hair-loss time spans from treatment time spans.
HAIR_FINDING_PREFIXES = ("pattern_", "shedding_", "onset_")

if not Doc.has_extension("hair_findings"):
    Doc.set_extension("hair_findings", default=None)
if not Doc.has_extension("proxy"):
    Doc.set_extension("proxy", default=None)


@Language.factory("hair_findings")
def _make_hair_findings(nlp: Language, name: str):
    return HairFindings(nlp)


class HairFindings:
    """Matches lexicon.yml and marks each match negated / uncertain / whose (patient, family, other)."""

    def __init__(self, nlp: Language):
        self.entries, context = lex.load()
        self.context = lex.tokenized_context(nlp, context)
        self.matcher = lex.LexiconMatcher(nlp, self.entries, context)
        # where hair is lost, which can also be said to be fine ("crown theek hai", "bhanwein theek hain")
        places = {c for c, e in self.entries.items() if e.slot == "pattern"} | {"eyebrow_loss", "beard_patch"}
        conditions = {c for c, e in self.entries.items() if e.slot == "conditions"}
        self.assertion = AssertionDetector(self.context, places, conditions)
        self.subjects = SubjectDetector(self.context)
        self.hair_loss = {c for c, e in self.entries.items() if e.hair_loss}
        # who a message may be written for, and the findings that describe lost hair (bot/nlp/proxy.py)
        self.persons = self.subjects.family | self.subjects.other
        self.hair_codes = (
            self.hair_loss
            | {c for c, e in self.entries.items() if e.slot in ("pattern", "shedding")}
            | {"eyebrow_loss"}
        )
        # what a child's scalp may show: a sentence with one of these keeps a child named in it as the patient
        self.scalp_codes = (
            self.hair_codes
            | {c for c, e in self.entries.items() if e.slot == "scalp_symptoms"}
            | {
                "dry_scaly_patch",
                "black_dots",
                "kerion",
                "fungal_named",
                "scalp_infection",
            }
        )

    def __call__(self, doc: Doc) -> Doc:
        return self.read(doc)

    def read(self, doc: Doc, allow_proxy: bool = True) -> Doc:
        """`allow_proxy`: a message may be written for an adult relative or partner (bot/nlp/proxy.py)."""
        spans = self.matcher(doc)
        clause = clause_ids(doc, self.context["clause_breaks"])
        flags = self.assertion.mark(doc, spans, clause)
        proxy = (
            find_proxy(doc, spans, self.persons, self.hair_codes, frozenset(self.subjects.reporting))
            if allow_proxy
            else None
        )
        who = self.subjects.assign(doc, spans, clause, self.hair_loss, {proxy.word} if proxy else set())
        doc._.proxy = proxy
        findings: list[Finding] = []
        for span, (negated, uncertain), subject in zip(spans, flags, who.subjects, strict=True):
            if span.label_ == "child_age_stated":
                subject = PATIENT  # "mera chota bhai 8th grade mein parhta hai": a child, whoever's brother
            e = self.entries[span.label_]
            findings.append(
                Finding(
                    code=e.code,
                    text=span.text,
                    start=span.start_char,
                    end=span.end_char,
                    negated=negated,
                    uncertain=uncertain,
                    subject=subject,
                    slot=e.slot,
                    value=e.value,
                )
            )
            for slot, value in e.also.items():
                findings.append(
                    Finding(
                        code=e.code,
                        text=span.text,
                        start=span.start_char,
                        end=span.end_char,
                        negated=negated,
                        uncertain=uncertain,
                        subject=subject,
                        slot=slot,
                        value=value,
                    )
                )
        for span in who.comparisons:
            findings.append(
                Finding(
                    code="family_history_mention",
                    text=span.text,
                    start=span.start_char,
                    end=span.end_char,
                    subject=FAMILY,
                )
            )
        if who.child is not None and not only_own_hair(doc, spans, self.scalp_codes, who.child, self.hair_codes):
            findings.append(
                Finding(code="child_patient", text=who.child.text, start=who.child.start_char, end=who.child.end_char)
            )
        doc._.hair_findings = (findings, clause)
        return doc


_lock = threading.Lock()
_nlp: Language | None = None


def get_nlp() -> Language:
    """The pipeline, built on first use and then shared (thread-safe)."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                nlp = spacy.blank("en")
                nlp.add_pipe("sentencizer")
                nlp.add_pipe("hair_findings")
                _nlp = nlp
    return _nlp


def _time_findings(
    doc: Doc,
    findings: list[Finding],
    clause: list[int],
    today: date | None,
    asked: str | None = None,
    hair_loss: frozenset[str] | set[str] = frozenset(),
    age: AgeMatch | None = None,
    context: dict[str, list[list[str]]] | None = None,
) -> list[Finding]:
    """Durations and trigger lags, keeping out the time a treatment, hairstyle or illness lasted.

    `asked`: the question the message answers; a number of years in reply to "how old are you?" is the age,
    not how long the hair loss has lasted ("26 years", "6 saal"). `hair_loss`: the lexicon codes that
    describe hair loss (with the pattern, shedding and onset findings they make a clause about the hair).
    `age`: where the patient said their age ("61 saal," is the age, not 61 years of hair loss).
    `context`: the lexicon's context words (when the patient "noticed" something)."""
    out = []
    noticing = [p for p in (context or {}).get("noticed_it", []) if p]
    hair_anywhere = any(
        f.subject == PATIENT and f.asserted and (f.code.startswith(HAIR_FINDING_PREFIXES) or f.code in hair_loss)
        for f in findings
    )
    # a time inside words read in another sense ("prednisolone 5 days course", "round the clock") is no hair loss's
    other_senses = [(f.start, f.end) for f in findings if f.code == "other_sense"]
    for t in find_times(doc.text, today):
        if age is not None and t.start < age.end and age.start < t.end:
            continue
        if any(start <= t.start and t.end <= end for start, end in other_senses):
            continue
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        near = {clause[span.start]}
        if span.start > 0 and doc[span.start - 1].lower_ in ("since", "for", "from"):
            near.add(clause[span.start - 1] - 1)  # "on finasteride | since 1 year": same thought
        in_clause = []
        someone_else = False  # "I noticed my uncle went bald 5 years ago": their hair, not the patient's
        for f in findings:
            fs = doc.char_span(f.start, f.end, alignment_mode="expand")
            if fs is not None and clause[fs.start] in near:
                if f.subject == PATIENT:
                    in_clause.append(f)
                else:
                    someone_else = True
        about_hair = any(f.code.startswith(HAIR_FINDING_PREFIXES) or f.code in hair_loss for f in in_clause)
        about_else = any(
            f.slot in ("triggers", "treatments_tried", "medicines", "hairstyles", "conditions") for f in in_clause
        )
        kind = t.kind
        if kind == "ago" and not about_hair and not about_else and not someone_else and hair_anywhere:
            # "a round patch, we noticed it 3 weeks ago": when the hair loss was first seen is how long it has lasted
            lower = [tok.lower_ for tok in doc]
            before = [i for i in range(span.start) if clause[i] == clause[span.start]]
            about_hair = any(lower[i : i + len(p)] == p for p in noticing for i in before)
        if asked == "age" and in_years(t) and not about_hair:
            continue
        if kind == "ago" and not about_hair and not about_else and asked != "duration_days":
            continue  # "lost my job 2 months back": since some event, not since the hair loss began
        if kind == "ago":
            kind = "trigger_lag" if about_else and not about_hair else "duration"
        elif kind in ("duration", "vague") and about_else and not about_hair and not t.text.lower().startswith("since"):
            continue
        code = {"trigger_lag": "trigger_lag", "vague": "duration_vague"}.get(kind, "duration")
        out.append(Finding(code=code, text=t.text, start=t.start, end=t.end, value=t.days))
    return out


def understand(text: Any, context_slot: str | None = None, *, today: date | None = None) -> Understanding:
    """What a patient's message says about their hair loss.

    `context_slot`: the intake slot the bot just asked about; lets a bare "yes"/"no"/"none" answer it.
    `today`: reference date for "since August" (tests pass a fixed one).
    Never raises on bad input: anything that is not usable text gives an empty Understanding.
    """
    try:
        cleaned = clean(text)
        if not cleaned.strip():
            return Understanding()
        nlp = get_nlp()
        doc = nlp(cleaned)
        component = cast(HairFindings, nlp.get_pipe("hair_findings"))
        if context_slot is not None and doc._.proxy is not None:
            component.read(doc, allow_proxy=False)  # a reply to a question is the patient's own answer
        findings, clause = doc._.hair_findings
        findings = on_the_scalp(doc, findings, clause, component.context)
        findings = in_hair_sense(doc, findings, component.context, component.hair_loss, asked=context_slot)
        findings = ponytail_as_measure(doc, findings)
        findings = without_worry_about_hair(doc, findings, clause, component.context)
        mark_cause_questions(doc, findings, clause, component.context)
        mark_long_ago(doc, findings, clause, component.context, today)
        mark_unused_treatments(doc, findings, clause, component.context, asked=context_slot)
        findings = findings + new_medicine_triggers(doc, findings, component.context)
        bare_age = context_slot != "duration_days"  # "20 saal" in reply to "since when?" is no age
        age_said = find_age(cleaned, bare_age)
        times = _time_findings(
            doc, findings, clause, today, context_slot, component.hair_loss, age_said, component.context
        )
        findings = sorted(findings + times, key=lambda f: f.start)
        hair_loss = component.hair_loss
        age, sex = find_age_sex(cleaned, bare_age)
        proxy = doc._.proxy
        if proxy is not None:  # written for an adult relative or partner: their age and sex
            age = age if age is not None else proxy.age
            sex = sex or proxy.sex
        slots = fill(findings, hair_loss, age=age, sex=sex)
        from .bare_answers import answer_for  # small, kept apart: only used with a context_slot

        if context_slot and context_slot not in slots:
            value = answer_for(context_slot, cleaned, findings, component.context)
            if value is not None:
                slots[context_slot] = value
                return Understanding(slots=slots, findings=findings, bare_answer_to=context_slot)
        return Understanding(slots=slots, findings=findings)
    except Exception:  # pragma: no cover - last line of defence; the tests feed hostile input
        import logging

        logging.getLogger(__name__).exception("understand() failed; returning an empty Understanding")
        return Understanding()

"""Jinja2 templates with autoescaping always on: patient text is shown as text, never as markup."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bot.clinic import clinic_facts

from . import access_log, labels
from .safe_text import encodable

TEMPLATE_DIR = Path(__file__).with_name("templates")


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        local=labels.local,
        percent=labels.percent,
        type_label=labels.type_label,
        sheet_evidence=labels.sheet_evidence,
        referral=labels.referral_label,
        answer=labels.answer_text,
        question=labels.question_text,
        review_label=lambda s: labels.REVIEW_LABELS.get(s, s),
        booking_label=lambda s: labels.BOOKING_LABELS.get(s or "none", s),
        compact_json=lambda v: json.dumps(v, ensure_ascii=False, default=str),
        access_detail=access_log.describe,
        tel=labels.tel_href,
        phone=labels.phone_text,
        whatsapp=labels.whatsapp_href,
        practitioner=labels.practitioner_label,
        verdict_label=lambda s: labels.RED_FLAG_VERDICT_LABELS.get(s, "Not reviewed yet"),
    )
    env.globals.update(
        clinic=clinic_facts(),  # name, address, phone for headers (bot/clinic/facts.yml)
        likely_detail=labels.likely_detail,
        contact_phone=labels.contact_phone,
        TYPE_CODES=labels.TYPE_CODES,
        CORRECTION_CODES=labels.CORRECTION_CODES,
        RED_FLAG_VERDICT_LABELS=labels.RED_FLAG_VERDICT_LABELS,
        TYPE_LABELS=labels.TYPE_LABELS,
        REVIEW_LABELS=labels.REVIEW_LABELS,
        BOOKING_LABELS=labels.BOOKING_LABELS,
    )
    return env


def render(env: Environment, name: str, **context: Any) -> str:
    return encodable(env.get_template(name).render(**context))

"""The Rasa server's responses with the clinic's facts filled in: domain.yml's texts may name {clinic_phone},
{clinic_address}, {clinic_map_link}, {clinic_whatsapp}, {consultation_fee}, {opening_hours} ... (bot/clinic/facts.py
lists them), as the message files' texts may.

Rasa fills a response's {names} from slots only; this generator, configured in endpoints.yml (`nlg: type:`), adds
the facts, so the FAQ answers ("what is the fee", "where are you", "what is your number", "timings"), chosen by the
response selector and sent as utter_faq, say what bot/clinic/facts.yml says. Slots and an action's own values win
over a fact of the same name."""

from __future__ import annotations

from typing import Any

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import EndpointConfig

from bot.clinic.facts import message_fields


class ClinicFactsResponses(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: EndpointConfig | None = None, domain: Domain | None = None) -> None:
        super().__init__((domain or Domain.empty()).responses)

    def generate_from_slots(
        self, utter_action: str, filled_slots: dict[str, Any], output_channel: str, **kwargs: Any
    ) -> dict[str, Any] | None:
        values = {**message_fields(), **(filled_slots or {})}
        return super().generate_from_slots(utter_action, values, output_channel, **kwargs)

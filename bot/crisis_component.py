"""A Rasa NLU component, last in the pipeline: a message that speaks of self-harm or hopelessness gets the
intent `self_harm`, whatever the classifier guessed (and one that does not never keeps it), so the crisis reply comes at any point of the conversation
(data/rules.yml). The words are bot.clinical.crisis's (the lexicon's `self_harm` finding); the classifier alone
would miss Roman Urdu and the many ways people say it, and a miss costs more than a caring reply too many."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.clinical.crisis import mentions_self_harm

SELF_HARM_INTENT = "self_harm"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CrisisDetector(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrisisDetector:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        """The lexicon decides both ways: "I would die for thick hair" or "never had thoughts of hurting myself"
        is no crisis even where the classifier, trained on a few crisis sentences, guessed one."""
        for message in messages:
            text = message.get("text")
            if not isinstance(text, str) or text.startswith("/"):
                continue
            ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") != SELF_HARM_INTENT]
            if mentions_self_harm(text):
                intent = {"name": SELF_HARM_INTENT, "confidence": 1.0}
                message.set("intent", intent, add_to_output=True)
                message.set("intent_ranking", [intent, *ranking], add_to_output=True)
            elif (message.get("intent") or {}).get("name") == SELF_HARM_INTENT:
                fallback = ranking[0] if ranking else {"name": "nlu_fallback", "confidence": 1.0}
                message.set("intent", fallback, add_to_output=True)
                message.set("intent_ranking", ranking, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

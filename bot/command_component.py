"""A Rasa NLU component after the classifiers: a message that is one of the words the assistant tells patients to
type ("start", "start over", "book a consultation"; bot/conversation/commands.yml) gets that word's intent with
full confidence, whatever the classifier guessed. Those words must work every time, and a statistical classifier's
confidence on a one-word message moves with every retraining (with fewer epochs "start" fell under the fallback
threshold). The crisis detector runs after this one and still wins."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.conversation.commands import command_intent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CommandWords(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CommandWords:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get("text")
            if not isinstance(text, str) or text.startswith("/"):
                continue  # button payloads name their intent already
            name = command_intent(text)
            if name is None:
                continue
            intent = {"name": name, "confidence": 1.0}
            others = [r for r in message.get("intent_ranking") or [] if r.get("name") != name]
            message.set("intent", intent, add_to_output=True)
            message.set("intent_ranking", [intent, *others], add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

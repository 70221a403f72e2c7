"""The Rasa server loads its trained TensorFlow models without first training them on one example.

Rasa 3.6's RasaModel.load builds a model by fitting it on one example (tracing the whole training graph: about
9 s each for DIET and TED here) and only then loads the trained weights. For serving, the weights can be
restored as the inference pass creates the variables (TensorFlow's deferred restoration of a checkpoint): the
same weights and the same predictions (tests/rasa/test_model_loading.py compares both ways), the model loaded
in 9 s instead of 25 s, so a restarted Rasa server is back sooner. Every variable the inference pass created
must have been restored, or Rasa's own way is used; fine-tuning, and a model without a prediction example,
keep Rasa's way too."""

from __future__ import annotations

import logging
from typing import Any

import tensorflow as tf
from rasa.utils.tensorflow.models import RasaModel

log = logging.getLogger(__name__)
_rasas_load = RasaModel.load.__func__


def load_for_serving(
    cls: type[RasaModel],
    model_file_name: str,
    model_data_example: Any,
    predict_data_example: Any = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> RasaModel:
    def rasas_way() -> RasaModel:
        return _rasas_load(
            cls, model_file_name, model_data_example, predict_data_example, finetune_mode, *args, **kwargs
        )

    if finetune_mode or predict_data_example is None:
        return rasas_way()
    model = cls(*args, **kwargs)
    config = kwargs.get("config", {})
    optimizer = tf.keras.optimizers.Adam(config.get("learning_rate", 0.001))
    model.compile(optimizer=optimizer, run_eagerly=config.get("run_eagerly"))
    # Restored into each variable as the inference pass creates it; the optimizer's state and training-only
    # layers in the checkpoint are not needed for predictions.
    restoring = model.load_weights(model_file_name)
    restoring.expect_partial()
    model.run_inference(predict_data_example)
    try:
        restoring.assert_existing_objects_matched()
    except AssertionError as error:
        log.warning("%s: not every weight restored for serving (%s); loading it Rasa's way", cls.__name__, error)
        return rasas_way()
    return model


def install() -> None:
    """In the Rasa server's process (bot.rasa_server), before the model is loaded."""
    RasaModel.load = classmethod(load_for_serving)

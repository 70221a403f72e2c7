"""Skip thinc's TensorFlow probe in our own command-line tools.

`import spacy` makes thinc try `import tensorflow`, which costs ~5 s here because Rasa installed it.
Our rules never use TensorFlow, so CLIs (classify, evaluate, bench) call this before importing spaCy.
Never call it from library code: Rasa in the same process needs TensorFlow.
"""

import sys


def skip_tensorflow_probe() -> None:
    if "tensorflow" not in sys.modules and "spacy" not in sys.modules:
        sys.modules["tensorflow"] = None  # type: ignore[assignment]  # import now raises ImportError

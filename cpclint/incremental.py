"""Re-check a report while someone edits it, fast enough to run on every pause in typing.

The web page checks the whole text again after each edit. A `Rechecker` keeps,
in memory only, what the last checks worked out (see cpclint.memo): parses by
sentence, and each paragraph's and sentence's results keyed by its words and
the little context it reads. Only the changed paragraphs are worked out again;
the whole-report rules (acronyms defined earlier, names spelled two ways,
sections, plans) are recomputed every time from those cached pieces. The result
is always exactly what `cpclint.api.check_text` gives for the same text.
"""

from __future__ import annotations

import threading

from cpclint import config as config_mod
from cpclint.api import FileReport, check_document, effective_rules
from cpclint.config import Config
from cpclint.memo import Memo
from cpclint.sources import document_from_text


class Rechecker:
    """Keeps caches between checks of successive versions of one report (in memory only).

    Safe to share between threads: checks of one Rechecker run one at a time, and
    the parser never forks a process (`parallel=False`) unless asked to. With
    `config=None` the settings come from the text's front matter (and any settings
    file), as `check_text(text, path, fmt)` finds them; a change to them makes
    every stored result stale.
    """

    def __init__(self, config: Config | None, fmt: str = "markdown", path: str = "<text>",
                 parallel: bool = False) -> None:
        self.config = config
        self.fmt = fmt
        self.path = path
        self.memo = Memo(parallel=parallel)
        self._rules = effective_rules(config) if config is not None else None
        self._lock = threading.Lock()

    def check(self, text: str) -> FileReport:
        """The same result as `check_text(text, path, fmt, config=config)`."""
        with self._lock:
            doc = document_from_text(text, self.path, self.fmt, memo=self.memo)
            config, rules = self.config, self._rules
            if config is None:
                config = config_mod.resolve(self.path, doc.front_matter, doc.front_matter_line)
                rules = effective_rules(config)
            report = check_document(doc, config, rules, memo=self.memo)
            self.memo.fit(max(len(doc.paragraphs), len(doc.sentences)))
            return report

    def sizes(self) -> dict[str, int]:
        """Entries in each cache, for the benchmark and for sizing."""
        return self.memo.sizes()

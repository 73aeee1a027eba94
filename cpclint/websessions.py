"""The web page's re-checkers, one per browser tab, held in memory for a short while.

A tab sends a random id with each re-check, so its Rechecker (and the cached
results of its last checks) can be found again and an edit costs only the
changed paragraphs. Nothing here is ever written anywhere: a session that has
been idle for `IDLE_SECONDS`, or the oldest when there are `MAX_SESSIONS`, is
simply dropped, and the tab's next check starts a fresh one.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

IDLE_SECONDS = 20 * 60
MAX_SESSIONS = 16
_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")


def valid_id(session_id: object) -> bool:
    return isinstance(session_id, str) and _ID.fullmatch(session_id) is not None


@dataclass
class Session:
    key: Any  # the settings the re-checker was made for
    checker: Any  # cpclint.incremental.Rechecker
    used: float = field(default_factory=time.monotonic)
    # The last check: (text, report, applicable suggestions or None until asked for).
    last: tuple[str, Any, Any] | None = None
    lock: Any = field(default_factory=threading.Lock)  # one request of a tab at a time


class Sessions:
    """A bounded, expiring map from tab id to its re-checker."""

    def __init__(self, idle_seconds: float = IDLE_SECONDS, limit: int = MAX_SESSIONS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.idle = idle_seconds
        self.limit = limit
        self.clock = clock
        self._data: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    def checker(self, session_id: str, key: Any, make: Callable[[Any], Any]) -> Any:
        """The tab's re-checker for these settings; `make(old_checker_or_None)` builds a new one."""
        return self.session(session_id, key, make).checker

    def session(self, session_id: str, key: Any, make: Callable[[Any], Any]) -> Session:
        """The tab's session, with a re-checker for these settings (see `checker`)."""
        with self._lock:
            self._expire()
            session = self._data.get(session_id)
            if session is None or session.key != key:
                session = Session(key, make(session.checker if session else None))
                self._data[session_id] = session
                while len(self._data) > self.limit:
                    self._data.popitem(last=False)
            session.used = self.clock()
            self._data.move_to_end(session_id)
            return session

    def end(self, session_id: str) -> bool:
        with self._lock:
            return self._data.pop(session_id, None) is not None

    def __len__(self) -> int:
        with self._lock:
            self._expire()
            return len(self._data)

    def __contains__(self, session_id: str) -> bool:
        with self._lock:
            self._expire()
            return session_id in self._data

    def _expire(self) -> None:
        now = self.clock()
        for sid in [sid for sid, s in self._data.items() if now - s.used > self.idle]:
            del self._data[sid]

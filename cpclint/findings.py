"""The finding: what every check produces and every output shows."""

from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("error", "warning", "suggestion")
SEVERITY_RANK = {"suggestion": 1, "warning": 2, "error": 3}

CATEGORIES = (
    "jargon", "acronym", "wordy", "readability", "passive", "third-person", "role-label",
    "opinion", "vague", "judgemental", "plan", "structure", "consistency", "grammar",
)


@dataclass
class Finding:
    """One thing to change, pointing at exact characters of the text as cpclint reads it."""

    rule: str
    category: str
    severity: str
    message: str
    start: int
    end: int
    text: str
    suggestions: list[str] = field(default_factory=list)
    explanation: str = ""
    line: int = 0
    column: int = 0
    # How the finding relates to quoted words: "term" findings inside or touching a
    # family member's quoted words are dropped; "sentence" findings only when the
    # whole span is quoted; "document" findings never.
    scope: str = "term"
    # The "→" line the text output shows: the suggestion in words, or advice when
    # there is no drop-in replacement.
    hint: str = ""

    def to_json(self) -> dict:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "suggestions": list(self.suggestions),
            "explanation": self.explanation,
            "hint": self.hint,
        }

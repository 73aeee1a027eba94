from __future__ import annotations

from pathlib import Path

import pytest

from cpclint.api import check_text
from cpclint.config import Config

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def run(text: str, fmt: str = "markdown", **config):
    """Check `text` with explicit settings (no settings file is looked for)."""
    return check_text(text, path=f"<test>.{'md' if fmt == 'markdown' else 'txt'}", fmt=fmt,
                      config=Config(**config))


def rules_hit(text: str, **kw) -> list[str]:
    return [f.rule for f in run(text, **kw).findings]


@pytest.fixture
def examples() -> Path:
    return EXAMPLES

"""Fact, observation, allegation or opinion: the stance of every sentence, with its cues.

Rule-based and explainable: the cue lists are data (glossary/stance.yaml) and
every stance comes with the words that decided it, so a writer can see why.
No parser is needed, so every sentence of every report gets a stance.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cpclint.document import Document
from cpclint.errors import ConfigError
from cpclint.yamlio import load_yaml_file

STANCES = ("fact", "observation", "allegation", "opinion", "other")
GROUPS = ("other", "owned", "unowned", "hedge", "evaluative", "sourced", "allegation", "observation", "fact",
          "reason")
# Headings whose sections hold facts: an opinion there is in the wrong place.
FACT_HEADINGS = re.compile(r"\b(?:background|chronology|history|facts?|what\s+happened|family\s+composition|"
                           r"family\s+details|timeline|events)\b", re.I)
PLAN_HEADINGS = re.compile(r"\b(?:plan|what\s+needs\s+to\s+happen|recommendations?|next\s+steps|"
                           r"what\s+happens\s+next|actions?)\b", re.I)


@dataclass(frozen=True)
class Stance:
    label: str
    cues: tuple[str, ...] = ()
    owned: bool = False  # opinions: someone is named as holding it ("I think")
    unowned: bool = False  # opinions: "it is felt", "professionals feel"
    evaluative_only: bool = False  # opinions: only judgement words, stated as plain fact
    reason: bool = False  # opinions: a reason is given in the same sentence


@lru_cache(maxsize=8)
def load_cues(extra: tuple[str, ...] = ()) -> dict[str, tuple[re.Pattern, ...]]:
    builtin = Path(__file__).resolve().parent.parent / "glossary" / "stance.yaml"
    if not builtin.is_file():
        builtin = Path(__file__).resolve().parent / "builtin_glossary" / "stance.yaml"
    groups: dict[str, list[re.Pattern]] = {g: [] for g in GROUPS}
    for path in (str(builtin), *extra):
        data = load_yaml_file(path, "glossary file")
        if not isinstance(data, dict) or (data.get("meta") or {}).get("list") != "stance":
            continue
        cues = data.get("cues")
        if not isinstance(cues, dict):
            raise ConfigError(f"{path}:1: a stance file needs a 'cues:' block.")
        for group, patterns in cues.items():
            if group not in groups:
                raise ConfigError(f"{path}:{cues.line_of(group)}: unknown cue group '{group}' "
                                  f"(expected one of: {', '.join(GROUPS)}).")
            for raw in patterns or []:
                try:
                    groups[group].append(re.compile(raw, re.I if not raw.startswith("^(?:[A-Z]") else 0))
                except re.error as exc:
                    raise ConfigError(f"{path}:{cues.line_of(group)}: the cue {raw!r} is not a valid "
                                      f"regular expression ({exc}).") from None
    return {g: tuple(p) for g, p in groups.items()}


def _found(patterns, text: str) -> list[str]:
    out = []
    for p in patterns:
        m = p.search(text)
        if m:
            out.append(" ".join(m.group(0).split()))
    return out


def _unquoted(doc: Document, start: int, end: int) -> str:
    """The sentence with quoted words blanked: a family member's words are not the writer's stance."""
    chars = list(doc.prose[start:end])
    for q_start, q_end in doc.quotes:
        if q_end <= start or q_start >= end:
            continue
        for i in range(max(q_start, start), min(q_end, end)):
            chars[i - start] = " "
    return "".join(chars)


def classify(doc: Document, index: int, cues: dict[str, tuple[re.Pattern, ...]]) -> Stance:
    s = doc.sentences[index]
    para = doc.paragraphs[s.paragraph]
    raw = doc.prose[s.start:s.end].strip()
    if para.kind == "heading":
        return Stance("other", ("heading",))
    if raw.endswith("?"):
        return Stance("other", ("question",))
    words = re.findall(r"[A-Za-z]{2,}", raw)
    if len(words) >= 3 and sum(w.isupper() for w in words) / len(words) >= 0.6:
        return Stance("other", ("title in capitals",))
    text = " ".join(_unquoted(doc, s.start, s.end).split())
    owned = _found(cues["owned"], text)  # "I think X will…" is an opinion, not a plan line
    other = [] if owned else _found(cues["other"], text)
    in_plan = para.kind == "list-item" and _section_heading_matches(doc, s.start, PLAN_HEADINGS)
    if other or in_plan and re.search(r"\b(?:will|to|should|must|need\s+to|needs\s+to)\b", text) \
            or _plan_line(text):
        return Stance("other", tuple(other) or ("plan item",))
    unowned = _found(cues["unowned"], text)
    hedge = _found(cues["hedge"], text)
    evaluative = _found(cues["evaluative"], text)
    if owned or unowned or hedge or evaluative:
        reason = bool(_found(cues["reason"], text))
        return Stance("opinion", tuple(owned + unowned + hedge + evaluative), owned=bool(owned),
                      unowned=bool(unowned) and not owned,
                      evaluative_only=bool(evaluative) and not (owned or unowned or hedge), reason=reason)
    sourced = _found(cues["sourced"], text)
    if sourced:
        return Stance("fact", tuple(sourced))
    allegation = _found(cues["allegation"], text)
    if allegation:
        return Stance("allegation", tuple(allegation))
    observation = _found(cues["observation"], text)
    if observation:
        return Stance("observation", tuple(observation))
    fact = _found(cues["fact"], text)
    return Stance("fact", tuple(fact) or ("plain statement",))


_NOT_PLAN = re.compile(r"\b(?:went|want|wants|wanted|need|needs|needed|has|have|had|is|are|was|were|agreed|"
                       r"tried|used|came|come|like|likes|liked|able|going|got|asked|told|plan|plans|planned|"
                       r"hope|hopes|decided|chose|refused|started|began|continue|continues|said|says|"
                       r"appears?|appeared|seems?|seemed|ought|due|about|failed|managed|how|what|where|according|"
                       r"next|close|similar|up|listen|talk|talked|spoke|went|go|goes)\b", re.I)


def _plan_line(text: str) -> bool:
    """'Home conditions to improve.', 'Tyler to be taken to his health reviews.': a plan item."""
    m = re.match(r"((?:[\w'’-]+\s+){1,4})to\s+[a-z]+\b", text)
    if not m or len(text.split()) > 14 or _NOT_PLAN.search(m.group(1)):
        return False
    # the words before "to" are who or what the plan is about, never a verb ("Ruby disclosed to…")
    return not any(w.lower().endswith("ed") and len(w) > 4 for w in m.group(1).split())


def _section_at(doc: Document, offset: int):
    """The section an offset is in (sections are in order and do not overlap), or None."""
    starts = doc.__dict__.get("_section_starts")
    if starts is None:
        starts = doc.__dict__["_section_starts"] = [s.start for s in doc.sections]
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and offset < doc.sections[i].end:
        return doc.sections[i]
    return None


def _section_heading_matches(doc: Document, offset: int, pattern: re.Pattern) -> bool:
    section = _section_at(doc, offset)
    return bool(section and section.heading and pattern.search(section.heading))


def in_fact_section(doc: Document, offset: int) -> str | None:
    section = _section_at(doc, offset)
    if section is not None and section.heading and FACT_HEADINGS.search(section.heading):
        return section.heading
    return None


def classify_all(doc: Document, extra: tuple[str, ...] = ()) -> list[Stance]:
    cues = load_cues(extra)
    return [classify(doc, i, cues) for i in range(len(doc.sentences))]


def classify_pieces(doc: Document, extra: tuple[str, ...], cache: dict, memo) -> list[Stance]:
    """classify_all, paragraph by paragraph, kept in the check's memo.

    A sentence's stance reads its own words, its paragraph's kind and quotes, and
    (for a list item) whether its section is a plan; that is the key."""
    from cpclint.pieces import segments

    cues = load_cues(extra)
    table = memo.table("stances")
    out: list[Stance] = []
    for seg in segments(doc, cache, memo):
        if seg.first == seg.stop:
            continue
        para = doc.paragraphs[seg.index] if seg.index >= 0 else None
        plan = para is not None and para.kind == "list-item" and \
            _section_heading_matches(doc, doc.sentences[seg.first].start, PLAN_HEADINGS)
        out.extend(table.get((extra, plan, seg.key), lambda seg=seg: [classify(doc, i, cues) for i in seg.sentences]))
    return out


def reason_nearby(doc: Document, stances: list[Stance], index: int) -> bool:
    """A reason in the sentence, or an observation or fact next to it in the same paragraph."""
    if stances[index].reason:
        return True
    para = doc.sentences[index].paragraph
    for j in (index - 1, index + 1):
        if 0 <= j < len(stances) and doc.sentences[j].paragraph == para:
            if stances[j].label in ("observation", "fact") and stances[j].cues != ("plain statement",):
                return True
            if j == index + 1 and stances[j].reason and stances[j].label != "other":
                return True
    return False

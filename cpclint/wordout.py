"""Word output: the writer's own document back, with comments and tracked changes.

Everything works on bytes in memory (the web page must never write report text
to disk). A finding's offsets are offsets into `report.document.text`, which
for a .docx is its paragraphs (the walk in `sources.docx_paragraphs`) joined
with newlines, so an offset is (paragraph, place in the paragraph). To put a
comment or a revision on exact words, the runs at those places are split in
two, each half keeping the run's formatting (rPr); nothing else in the file
is touched, so styles, headers, tables and images stay as they were.

A .md or .txt report has no Word file: a clean one is built from the document
(headings, paragraphs, lists) with the offsets of every character kept.
"""

from __future__ import annotations

import bisect
import copy
import datetime as dt
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from cpclint.errors import InputError
from cpclint.fixes import Fix

AUTHOR = "cpclint"
INITIALS = "cpc"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _q(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_TEXT_TAGS = {_q(t) for t in ("t", "tab", "br", "cr", "noBreakHyphen", "ptab")}
# What a run may hold and still be deleted as words: text and its formatting, nothing more.
_PLAIN_TAGS = _TEXT_TAGS | {_q("rPr"), _q("lastRenderedPageBreak"), _q("softHyphen")}


@dataclass
class _Para:
    """One Word paragraph and where its characters sit in the document text."""

    p: object  # the w:p element
    base: int
    length: int
    docpos: list[int] | None = None  # built documents: the offset of each character

    def local(self, offset: int) -> int:
        """How many of the paragraph's characters come before document offset `offset`."""
        if self.docpos is None:
            return min(max(offset - self.base, 0), self.length)
        return bisect.bisect_left(self.docpos, offset)


# --- the public API ----------------------------------------------------------------------------


def annotate_docx(report, source: bytes | None, summary: bool = False) -> bytes:
    """A copy of the document with one Word comment per finding, on the exact words."""
    document, paras = _open(report, source)
    pending_whole: list[str] = []
    for f in report.findings:
        text = _comment_text(f)
        if f.start == f.end:  # about the whole report
            if summary and f.scope == "document":
                pending_whole.append(f.message)
                continue
            _comment(document, paras, None, None, text)
        else:
            _comment(document, paras, f.start, f.end, text)
    if summary:
        _comment(document, paras, None, None, summary_text(report, pending_whole), first=True)
    return _save(document)


def tracked_docx(report, source: bytes | None, fixes: Sequence[Fix]) -> bytes:
    """A copy of the document with each fix as a tracked change (w:del + w:ins) by "cpclint"."""
    document, paras = _open(report, source)
    ids = _Ids(document)
    when = dt.datetime.now(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    for fx in sorted(fixes, key=lambda fx: fx.start, reverse=True):
        i = _para_index(paras, fx.start)
        if _para_index(paras, max(fx.start, fx.end - 1)) != i:
            continue  # never across two paragraphs
        para = paras[i]
        _revise(para.p, para.local(fx.start), para.local(fx.end), fx.replacement, ids, when)
    return _save(document)


def summary_text(report, extra: Sequence[str] = ()) -> str:
    """The report's figures in a few plain lines: reading age, "you", findings by category."""
    stats = report.stats
    target = report.config.target_reading_age
    lines = ["cpclint summary of this report"]
    if stats.words:
        age = f"Reading age: {stats.reading_age:g}"
        if target is not None:
            ok = "fine" if stats.reading_age <= target else "too high"
            age += f" (target {target:g} or under: {ok})."
        lines.append(age)
    if stats.addressed_to_family is not None:
        lines.append(f"Written to the family: {round(stats.addressed_to_family * 100)}% of the sentences "
                     "about the family say “you”.")
    counts = Counter(f.category for f in report.findings)
    if counts:
        parts = ", ".join(f"{n} {c}" for c, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        lines.append(f"Things to look at: {sum(counts.values())} ({parts}).")
    else:
        lines.append("cpclint found nothing to change.")
    lines.extend(extra)
    return "\n".join(lines)


def _comment_text(f) -> str:
    lines = [f.message]
    if f.hint:
        lines.append(f.hint)
    elif f.suggestions:
        lines.append(f"Suggestion: {f.suggestions[0]}")
    return "\n".join(lines)


# --- opening the document and finding the paragraphs -------------------------------------------


def _open(report, source: bytes | None):
    import docx

    from cpclint.sources import docx_paragraphs, docx_text

    doc = report.document
    if source is None:
        return _build(doc)
    if doc.format != "docx":
        raise InputError(f"{doc.path}: the report was not read from a Word file.")
    try:
        document = docx.Document(io.BytesIO(source))
    except Exception:  # python-docx raises many kinds on damaged files
        raise InputError(f"{doc.path}: this is not a Word (.docx) file cpclint can open.") from None
    paras: list[_Para] = []
    texts: list[str] = []
    pos = 0
    for paragraph, _ in docx_paragraphs(document):
        text = docx_text(paragraph)
        paras.append(_Para(paragraph._p, pos, len(text)))
        texts.append(text.replace("\n", " ").replace("\r", " ").replace("\x0b", " "))
        pos += len(text) + 1
    if "\n".join(texts) != doc.text:
        raise InputError(f"{doc.path}: the Word file is not the one that was checked. Check it again.")
    return document, paras


def _build(doc):
    """A clean Word document from a .md or .txt report: headings, paragraphs and lists."""
    import docx

    document = docx.Document()
    paras: list[_Para] = []
    text, prose = doc.text, doc.prose
    for p in doc.paragraphs:
        # Markdown syntax (masked in prose) is left out; every other character keeps its offset.
        keep = [i for i in range(p.start, p.end) if prose[i] != " " or text[i] in " \t\n\r"]
        words = "".join(" " if text[i] in "\t\n\r\x0b" else text[i] for i in keep)
        if p.kind == "heading":
            paragraph = document.add_heading(words, level=max(1, min(p.level, 9)))
        elif p.kind == "list-item":
            paragraph = document.add_paragraph(words, style="List Bullet")
        else:
            paragraph = document.add_paragraph(words)
        paras.append(_Para(paragraph._p, p.start, len(words), keep))
    return document, paras


def _para_index(paras: list[_Para], offset: int) -> int:
    bases = [p.base for p in paras]
    return max(0, bisect.bisect_right(bases, offset) - 1)


def _save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- runs: split at a character, keeping the formatting --------------------------------------


def _runs(p) -> list:
    from cpclint.sources import docx_runs

    return docx_runs(p)  # the same runs, in the same order, as the text the checks read


def _length(child) -> int:
    return len(str(child)) if child.tag in _TEXT_TAGS else 0


def _run_length(r) -> int:
    """len(run.text), without python-docx's per-run XPath (annotate makes thousands of these calls)."""
    return sum(_length(child) for child in r)


def _trim(r, a: int, b: int | None) -> None:
    """Keep only the run's content from character a to b (b None: to the end)."""
    pos = 0
    for child in list(r):
        if child.tag == _q("rPr"):
            continue
        n = _length(child)
        if n == 0:
            if not (a <= pos and (b is None or pos < b)):
                r.remove(child)
            continue
        lo, hi = max(pos, a), pos + n if b is None else min(pos + n, b)
        if lo >= hi:
            r.remove(child)
        elif (lo, hi) != (pos, pos + n):  # only w:t can be cut inside
            child.text = child.text[lo - pos:hi - pos]
            child.set(_XML_SPACE, "preserve")
        pos += n


def _split(p, local: int) -> None:
    """Make sure a run boundary falls at character `local` of the paragraph."""
    pos = 0
    for r in _runs(p):
        n = _run_length(r)
        if pos < local < pos + n:
            second = copy.deepcopy(r)
            _trim(r, 0, local - pos)
            _trim(second, local - pos, None)
            r.addnext(second)
            return
        pos += n


def _spans(p) -> list[tuple[object, int, int]]:
    out, pos = [], 0
    for r in _runs(p):
        n = _run_length(r)
        out.append((r, pos, pos + n))
        pos += n
    return out


def _inside(p, a: int, b: int) -> list[tuple[object, int, int]]:
    """Runs between characters a and b, after splitting there."""
    _split(p, a)
    _split(p, b)
    return [(r, s, e) for r, s, e in _spans(p) if a <= s and e <= b and (e > s or a < s < b)]


# --- comments ------------------------------------------------------------------------------------


class _Comments:
    """Adds w:comment elements to the comments part, as python-docx's add_comment does, but
    counting ids itself (python-docx re-reads every id for each new comment)."""

    def __init__(self, document) -> None:
        placeholder = document.comments.add_comment(text="", author=AUTHOR, initials=INITIALS)
        self.root = placeholder._comment_elm.getparent()  # creating one makes the part if needed
        self.root.remove(placeholder._comment_elm)
        used = [int(x) for x in self.root.xpath("./w:comment/@w:id") if x.isdigit()]
        self.next = max(used, default=-1) + 1
        self.date = dt.datetime.now(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")

    def add(self, text: str) -> str:
        from docx.oxml import OxmlElement

        cid = str(self.next)
        self.next += 1
        comment = OxmlElement("w:comment", attrs={_q("id"): cid, _q("author"): AUTHOR,
                                                  _q("initials"): INITIALS, _q("date"): self.date})
        for i, line in enumerate(text.split("\n")):
            p = OxmlElement("w:p")
            ppr = OxmlElement("w:pPr")
            ppr.append(OxmlElement("w:pStyle", attrs={_q("val"): "CommentText"}))
            p.append(ppr)
            if i == 0:  # the mark Word shows at the start of a comment
                ref = OxmlElement("w:r")
                rpr = OxmlElement("w:rPr")
                rpr.append(OxmlElement("w:rStyle", attrs={_q("val"): "CommentReference"}))
                ref.append(rpr)
                ref.append(OxmlElement("w:annotationRef"))
                p.append(ref)
            r = OxmlElement("w:r")
            t = OxmlElement("w:t")
            t.text = line
            t.set(_XML_SPACE, "preserve")
            r.append(t)
            p.append(r)
            comment.append(p)
        self.root.append(comment)
        return cid


def _comments_of(document) -> _Comments:
    writer = getattr(document, "_cpclint_comments", None)
    if writer is None:
        writer = document._cpclint_comments = _Comments(document)
    return writer


def _comment(document, paras: list[_Para], start: int | None, end: int | None, text: str,
             first: bool = False) -> None:
    from docx.oxml import OxmlElement

    cid = _comments_of(document).add(text)
    first_run = last_run = None
    if start is not None and end is not None and paras:
        i, j = _para_index(paras, start), _para_index(paras, end - 1)
        a, b = paras[i].local(start), paras[j].local(end)
        if i == j:
            words = [r for r, s, e in _inside(paras[i].p, a, b) if e > s]
        else:
            words = [r for r, s, e in _inside(paras[i].p, a, paras[i].length) if e > s] + \
                    [r for r, s, e in _inside(paras[j].p, 0, b) if e > s]
        if words:
            first_run, last_run = words[0], words[-1]
    if first_run is None:  # the whole report: the first paragraph with words
        target = next((pa for pa in paras if pa.length), paras[0] if paras else None)
        if start is not None and paras:
            target = paras[_para_index(paras, start)]
        if target is None:
            target_p = document.add_paragraph()._p
        else:
            target_p = target.p
        words = [r for r, s, e in _spans(target_p) if e > s]
        if words:
            first_run, last_run = words[0], words[-1]
        else:
            target_p.append(OxmlElement("w:commentRangeStart", attrs={_q("id"): cid}))
            target_p.append(OxmlElement("w:commentRangeEnd", attrs={_q("id"): cid}))
            target_p.append(_reference_run(cid))
            return
    first_run.addprevious(OxmlElement("w:commentRangeStart", attrs={_q("id"): cid}))
    last_run.addnext(_reference_run(cid))
    last_run.addnext(OxmlElement("w:commentRangeEnd", attrs={_q("id"): cid}))


def _format(r) -> bytes:
    rpr = r.find(_q("rPr"))
    return b"" if rpr is None else etree.tostring(rpr)


def _reference_run(cid: str):
    from docx.oxml import OxmlElement

    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:rStyle", attrs={_q("val"): "CommentReference"}))
    r.append(rpr)
    r.append(OxmlElement("w:commentReference", attrs={_q("id"): cid}))
    return r


# --- tracked changes -------------------------------------------------------------------------------


class _Ids:
    """Revision ids not used anywhere in the document yet."""

    def __init__(self, document) -> None:
        used = [int(v) for v in document.element.xpath("//w:ins/@w:id | //w:del/@w:id") if v.isdigit()]
        self.next = max(used, default=0) + 1000

    def __call__(self) -> str:
        self.next += 1
        return str(self.next)


def _revise(p, a: int, b: int, replacement: str, ids: _Ids, when: str) -> bool:
    """Turn characters a..b of the paragraph into a deletion plus an insertion."""
    from docx.oxml import OxmlElement

    inside = _inside(p, a, b)
    if any(child.tag not in _PLAIN_TAGS for r, _, _ in inside for child in r):
        return False  # an image, field or note among the words: leave it alone
    spans = _spans(p)
    if not inside and a != b:
        return False
    attrs = {_q("author"): AUTHOR, _q("date"): when}
    last = None
    for r, _, _ in inside:
        for t in r.findall(_q("t")):
            t.tag = _q("delText")
        wrapper = OxmlElement("w:del", attrs={_q("id"): ids(), **attrs})
        r.addprevious(wrapper)
        wrapper.append(r)
        last = wrapper
    if not replacement:
        return True
    before = next((r for r, s, e in reversed(spans) if e <= a and e > s), None)
    formats = {_format(r) for r, s, e in inside if e > s}
    # The new words look like the old ones; where those were mixed (one word bold), like the text before.
    model = inside[0][0] if len(formats) == 1 else (before if before is not None else inside[0][0]) \
        if inside else before
    new = OxmlElement("w:r")
    if model is not None and model.find(_q("rPr")) is not None:
        new.append(copy.deepcopy(model.find(_q("rPr"))))
    t = OxmlElement("w:t")
    t.text = replacement
    t.set(_XML_SPACE, "preserve")
    new.append(t)
    ins = OxmlElement("w:ins", attrs={_q("id"): ids(), **attrs})
    ins.append(new)
    anchor = last if last is not None else next((r for r, s, e in spans if s >= a and e > s), None)
    if anchor is not None and anchor.getparent().tag == _q("ins"):
        ins = new  # already inside an insertion (fixed before): no insertion within an insertion
    if last is not None:
        last.addnext(ins)
    else:
        after = next((r for r, s, e in spans if s >= a and e > s), None)
        if after is not None:
            after.addprevious(ins)
        elif model is not None:
            model.addnext(ins)
        else:
            p.append(ins)
    return True

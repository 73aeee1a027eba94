"""Read .txt, .md and .docx (or stdin) into the one Document model."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from cpclint.document import Document, Paragraph, Sentence
from cpclint.errors import InputError
from cpclint.markdown import mask
from cpclint.quotes import find_quotes
from cpclint.segment import build_sections, split_sentences
from cpclint.suppress import find_suppressions
from cpclint.yamlio import LineDict, load_yaml

SUFFIX_FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
                  ".docx": "docx"}
MAX_BYTES = 50 * 1024 * 1024


def format_for(path: str) -> str | None:
    return SUFFIX_FORMATS.get(Path(path).suffix.lower())


def decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: this looks like a binary file, not a report cpclint can read.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Files saved from older Windows programs are often Windows-1252.
        return data.decode("cp1252", errors="replace")


def read_path(path: str) -> Document:
    p = Path(path)
    fmt = format_for(path)
    if fmt is None:
        raise InputError(f"{path}: cpclint reads .txt, .md and .docx files, not '{p.suffix or 'no extension'}'.")
    try:
        if p.stat().st_size > MAX_BYTES:
            raise InputError(f"{path}: the file is larger than 50 MB, too big to be a report.")
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise InputError(f"{path}: this is a folder, not a file.") from None
    except PermissionError:
        raise InputError(f"{path}: cpclint is not allowed to read this file.") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file ({exc.strerror or exc}).") from None
    if fmt == "docx":
        return read_docx(data, path)
    return document_from_text(decode(data, path), path, fmt)


def document_from_text(text: str, path: str = "<text>", fmt: str = "text", memo=None) -> Document:
    """`memo` (cpclint.memo.Memo): while a report is being edited, mask only the lines that
    changed and split each paragraph into sentences and quotes only once."""
    if memo is None:
        masked = mask(text, markdown=(fmt == "markdown"))
    else:  # only the lines that changed since the last version
        from cpclint.remask import mask_again

        masked = mask_again(text, fmt == "markdown", memo)
    prose = masked.prose
    suppressions = find_suppressions(text, masked.comments)
    # A plain-text `cpclint-ignore …` is a directive, not prose.
    ignore = re.compile(r"cpclint-(?:ignore|disable|enable)\b[^\n]*")
    if "cpclint-" in prose:
        prose = ignore.sub(lambda m: " " * len(m.group(0)), prose)
    front: dict = {}
    if masked.front_matter is not None and masked.front_matter.strip():
        loaded = load_yaml(masked.front_matter, f"{path} (front matter)", line_offset=1)
        if loaded is None:
            loaded = LineDict()
        if not isinstance(loaded, dict):
            raise InputError(f"{path}:2: the front matter between the --- lines must be 'key: value' lines.")
        front = loaded
    return _assemble(path, fmt, text, prose, masked.paragraphs, front, masked.front_matter_line,
                     suppressions, memo)


def _assemble(path, fmt, text, prose, paragraphs, front, front_line, suppressions, memo=None) -> Document:
    if memo is None:
        sentences, quotes = split_sentences(prose, paragraphs), find_quotes(prose, paragraphs)
    else:
        sentences, quotes = _split_by_paragraph(prose, paragraphs, memo)
    return Document(
        path=path, format=fmt, text=text, prose=prose, paragraphs=paragraphs,
        sentences=sentences, sections=build_sections(text, paragraphs, len(text)),
        quotes=quotes, suppressions=suppressions,
        front_matter=front, front_matter_line=front_line,
    )


def _split_by_paragraph(prose: str, paragraphs: list[Paragraph], memo):
    """Sentences and quotes, each paragraph's kept in the memo: both are found paragraph by
    paragraph and read only its prose (and, for a quote mark, the character before it)."""
    table = memo.table("paragraph-split", settings_free=True)
    sentences: list[Sentence] = []
    quotes: list[tuple[int, int]] = []
    for index, p in enumerate(paragraphs):
        key = (p.kind, prose[max(0, p.start - 1):p.end], p.start > 0)

        def split(p=p):
            return ([(s.start - p.start, s.end - p.start) for s in split_sentences(prose, [p])],
                    [(s - p.start, e - p.start) for s, e in find_quotes(prose, [p])])

        local_sentences, local_quotes = table.get(key, split)
        sentences.extend(Sentence(p.start + s, p.start + e, index) for s, e in local_sentences)
        quotes.extend((p.start + s, p.start + e) for s, e in local_quotes)
    return sentences, quotes


def read_docx(data: bytes, path: str) -> Document:
    """Body paragraphs and table cells in order; headings from heading styles.

    The text is the paragraphs joined with newlines, so a finding's line is the
    paragraph's number and its column is the place in that paragraph.
    """
    import io

    import docx  # python-docx: imported only for Word files
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = sum(i.file_size for i in zf.infolist())
            if total > 500 * 1024 * 1024 or len(zf.infolist()) > 10000:
                raise InputError(f"{path}: this Word file unpacks to something far too big to be a report.")
        document = docx.Document(io.BytesIO(data))
    except InputError:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError):
        raise InputError(f"{path}: this is not a Word (.docx) file cpclint can open. "
                         "If it is an old .doc file, save it as .docx first.") from None
    except Exception as exc:  # python-docx raises many kinds on damaged files
        raise InputError(f"{path}: this Word file could not be read ({type(exc).__name__}).") from None

    texts: list[str] = []
    kinds: list[tuple[str, int]] = []
    for text, kind, level in _docx_blocks(document):
        texts.append(text.replace("\n", " ").replace("\r", " ").replace("\x0b", " "))
        kinds.append((kind, level))
    full = "\n".join(texts)
    paragraphs: list[Paragraph] = []
    prompts: list[tuple[int, int]] = []
    pos = 0
    for t, (kind, level) in zip(texts, kinds, strict=False):
        s, e = pos, pos + len(t)
        while s < e and t[s - pos].isspace():
            s += 1
        while e > s and full[e - 1].isspace():
            e -= 1
        if kind == "prompt":
            prompts.append((s, e))  # a template's "[Write what…]" line is not the report's prose
        elif s < e:
            paragraphs.append(Paragraph(s, e, kind, level))
        pos += len(t) + 1
    prose = mask(full, markdown=False).prose  # only for URLs and e-mail addresses
    for s, e in prompts:
        prose = prose[:s] + " " * (e - s) + prose[e:]
    return _assemble(path, "docx", full, prose, paragraphs, _docx_front_matter(document), 0,
                     find_suppressions(full, []))


def _docx_front_matter(document) -> dict:
    """A Word file has no front matter; a cpclint template keeps its kind in the keywords."""
    keywords = document.core_properties.keywords or ""
    m = re.search(r"cpclint-kind:\s*([a-z0-9-]+)", keywords)
    return LineDict({"kind": m.group(1)}) if m else {}


def _docx_blocks(document):
    for paragraph, in_table in docx_paragraphs(document):
        yield (docx_text(paragraph), "table-cell", 0) if in_table else _docx_paragraph(paragraph)


def docx_paragraphs(document):
    """(paragraph, in a table?) for the body paragraphs and table cells, in reading order.

    The one walk that decides which Word paragraph is which line of the Document's
    text; Word output (comments, tracked changes) uses it too, so offsets never drift."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    def walk(container, in_table):
        for block in container.iter_inner_content():
            if isinstance(block, DocxParagraph):
                yield block, in_table
            elif isinstance(block, Table):
                seen = set()
                for row in block.rows:
                    for cell in row.cells:
                        if id(cell._tc) in seen:  # merged cells repeat
                            continue
                        seen.add(id(cell._tc))
                        yield from walk(cell, True)

    yield from walk(document, False)


# Runs as Word shows them with tracked changes accepted: inserted words in, deleted words out
# (a w:del's runs are not matched, so its words are never read).
_RUNS = "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:hyperlink/w:ins/w:r | ./w:ins/w:hyperlink/w:r"


def docx_runs(p) -> list:
    """The w:r elements of a paragraph (a w:p element) whose words are the paragraph's text, in order."""
    return p.xpath(_RUNS)


def docx_text(paragraph) -> str:
    """A paragraph's text with tracked insertions included (python-docx's .text leaves them out)."""
    return "".join(r.text for r in docx_runs(paragraph._p))


def _docx_paragraph(paragraph) -> tuple[str, str, int]:
    all_text = docx_text(paragraph)
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    lower = style.lower()
    m = re.match(r"heading\s*(\d)", lower)
    if m:
        return all_text, "heading", int(m.group(1))
    if lower in ("title",):
        return all_text, "heading", 1
    if lower.startswith("subtitle"):
        return all_text, "heading", 2
    text = all_text.strip()
    runs = [r for r in paragraph.runs if r.text.strip()]
    if text.startswith("[") and text.endswith("]") and runs and all(r.italic for r in runs):
        return all_text, "prompt", 0
    if runs and len(text.split()) <= 12 and not text.endswith((".", ",", ";", ":")) \
            and all(r.bold for r in runs) and lower in ("normal", "body text", ""):
        return all_text, "heading", 2  # a bold line standing in for a heading
    ppr = paragraph._p.pPr
    if lower.startswith("list") or (ppr is not None and ppr.numPr is not None):
        return all_text, "list-item", 0
    return all_text, "prose", 0

"""Helpers for the Word tests: a small real .docx, and reading comments and revisions back."""

from __future__ import annotations

import io
import struct
import zlib

import docx
from docx.oxml.ns import qn
from docx.shared import Pt

from cpclint.sources import read_docx


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x20\x80\xc0" * 8 for _ in range(8))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def sample_docx() -> bytes:
    """A report with a header, a heading, a bold run in the middle of a term, a quote, a table and an image."""
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "OFFICIAL-SENSITIVE header"
    d.add_heading("Reason for conference", level=1)
    p = d.add_paragraph("The threshold for ")
    p.add_run("significant").bold = True
    p.add_run(" harm was met. Prior to the visit I telephoned the school.")
    p.runs[0].font.size = Pt(13)
    d.add_paragraph("Danielle has not taken Tyler to his appointments.")
    d.add_paragraph("Danielle told me “the contact was prior to Christmas” on 4 May.")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Plan"
    table.cell(0, 1).text = "A CIN plan was made regarding school."
    p = d.add_paragraph("Here is a photo ")
    p.add_run().add_picture(io.BytesIO(tiny_png()))
    p.add_run(" of the kitchen, taken regarding the visit.")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def body_xml(data: bytes):
    return docx.Document(io.BytesIO(data)).element.body


def comments(data: bytes) -> list[dict]:
    """Each comment: id, author, its paragraphs' text, and the document text it is anchored on."""
    d = docx.Document(io.BytesIO(data))
    anchored: dict[str, list[str]] = {}
    open_ids: set[str] = set()
    for el in d.element.body.iter():
        if el.tag == qn("w:commentRangeStart"):
            open_ids.add(el.get(qn("w:id")))
            anchored.setdefault(el.get(qn("w:id")), [])
        elif el.tag == qn("w:commentRangeEnd"):
            open_ids.discard(el.get(qn("w:id")))
        elif el.tag == qn("w:t"):
            for i in open_ids:
                anchored[i].append(el.text or "")
    out = []
    for c in d.comments:
        cid = str(c.comment_id)
        out.append({"id": cid, "author": c.author, "paragraphs": [p.text for p in c.paragraphs],
                    "anchor": "".join(anchored.get(cid, []))})
    return out


def resolve(data: bytes, accept: bool) -> bytes:
    d = docx.Document(io.BytesIO(data))
    body = d.element.body
    drop, keep = (qn("w:del"), qn("w:ins")) if accept else (qn("w:ins"), qn("w:del"))
    for el in list(body.iter(drop)):
        el.getparent().remove(el)
    for el in list(body.iter(keep)):
        parent = el.getparent()
        at = parent.index(el)
        for child in list(el):
            parent.insert(at, child)
            at += 1
        parent.remove(el)
    for t in list(body.iter(qn("w:delText"))):
        t.tag = qn("w:t")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def accept_all(data: bytes) -> str:
    return read_docx(resolve(data, True), "accepted.docx").text


def reject_all(data: bytes) -> str:
    return read_docx(resolve(data, False), "rejected.docx").text

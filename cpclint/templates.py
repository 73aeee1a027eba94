"""Ready-to-fill templates for each kind of report, made from the kind's own data.

The headings and prompts come from profiles/*.yaml, so a council that adds a
kind or renames a section gets a matching template with no code. In Markdown
the prompts are HTML comments (cpclint does not check them, and they vanish
when the file is shown); in Word they are grey italic lines to type over.
"""

from __future__ import annotations

import re
from pathlib import Path

from cpclint.profiles import ReportKind

_FAMILY_EXAMPLE = """\
# Who is in the family, and who the report is written to ("reader: true").
# Take the # off these lines and put in the real names:
#  - {name: Sarah Jones, role: mother, also: [Sarah, Mum], reader: true}
#  - {name: Jayden Jones, role: child, age: 6, also: [Jayden]}"""


def front_matter(kind: ReportKind) -> str:
    lines = ["---", f"kind: {kind.id}"]
    if kind.audience != "parent":
        lines.append(f"audience: {kind.audience}")
    if kind.share_days:
        lines.append("conference_date:    # the date of the meeting, such as 2026-12-03")
    lines.append("family:")
    lines.append(_FAMILY_EXAMPLE)
    lines.append("---")
    return "\n".join(lines) + "\n"


def markdown(kind: ReportKind) -> str:
    parts = [front_matter(kind)]
    body = kind.template.get("body")
    if body:
        parts.append(str(body).rstrip() + "\n")
        return "\n".join(parts)
    parts.append(f"# {kind.template.get('title') or kind.name}\n")
    intro = " ".join(str(kind.template.get("intro") or "").split())
    if intro:
        parts.append(intro + "\n")
    for spec in kind.sections:
        parts.append(f"## {spec.title}\n")
        if spec.prompt:
            note = "" if spec.required else " (You can leave this section out.)"
            parts.append(f"<!-- {spec.prompt}{note} -->\n")
    return "\n".join(parts)


def write_docx(kind: ReportKind, path: str) -> None:
    import docx
    from docx.shared import RGBColor

    document = docx.Document()

    def prompt(text: str) -> None:
        run = document.add_paragraph().add_run(text)
        run.italic = True
        run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)  # grey with 7:1 contrast on white

    body = kind.template.get("body")
    if body:
        for para in re.split(r"\n\s*\n", str(body).strip()):
            text = " ".join(para.split())
            if text.startswith("[") and text.endswith("]"):
                prompt(text)
            else:
                document.add_paragraph(text)
    else:
        document.add_heading(kind.template.get("title") or kind.name, level=0)
        intro = " ".join(str(kind.template.get("intro") or "").split())
        if intro:
            document.add_paragraph(intro)
        for spec in kind.sections:
            document.add_heading(spec.title, level=1)
            if spec.prompt:
                prompt(f"[{spec.prompt}{'' if spec.required else ' You can leave this section out.'}]")
    document.core_properties.title = kind.name
    document.core_properties.keywords = f"cpclint-kind: {kind.id}"  # read back by `cpclint check`
    document.core_properties.author = ""
    document.save(path)


def write(kind: ReportKind, path: str | None) -> str | None:
    """Write the template to `path` (.docx by its name, else Markdown); None: return the Markdown."""
    if path is None or path == "-":
        return markdown(kind)
    target = Path(path)
    if target.exists():
        from cpclint.errors import InputError

        raise InputError(f"{path} already exists. Choose another name, so nothing is overwritten.")
    if target.suffix.lower() == ".docx":
        write_docx(kind, str(target))
    else:
        target.write_text(markdown(kind), encoding="utf-8")
    return None

"""`cpclint exercise …`: practise rewriting passages and get feedback. Thin over cpclint.exercises."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import click

from cpclint.errors import CpclintError

_FROM = click.option("--exercises", "extra", multiple=True, metavar="PATH",
                     help="Also use the exercise files in this file or folder (may be given more than once).")
_FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                       help="How to show the results.")


def _json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group("exercise", context_settings={"help_option_names": ["-h", "--help"]})
def exercise() -> None:
    """Practise rewriting report passages for families, and get feedback."""


@exercise.command("list")
@_FROM
@_FORMAT
def list_(extra, fmt) -> None:
    """List the exercises, easiest first."""
    from cpclint.exercises import GOAL_NAMES, load_exercises

    exercises = load_exercises(extra)
    if fmt == "json":
        _json([e.to_json() for e in exercises.values()])
        return
    width = max((len(i) for i in exercises), default=2)
    for e in exercises.values():
        click.echo(f"{e.id.ljust(width)}  {e.level.ljust(6)}  {e.title}")
        click.echo(f"{' ' * width}  {' ' * 6}  practises: {', '.join(GOAL_NAMES[g] for g in e.goals)}")
    click.echo(f"\n{len(exercises)} exercises. Run 'cpclint exercise show ID' to start one.")


@exercise.command()
@click.argument("exercise_id", metavar="ID")
@click.option("--answer", is_flag=True, help="Show the model answer too.")
@_FROM
@_FORMAT
def show(exercise_id, answer, extra, fmt) -> None:
    """Show an exercise: what to do, the passage and the hints."""
    from cpclint.exercises import GOAL_NAMES, find_exercise

    e = find_exercise(exercise_id, extra)
    if fmt == "json":
        _json(e.to_json(include_answers=answer))
        return
    lines = [f"{e.title} ({e.id}, {e.level})", "",
             f"Practises: {', '.join(GOAL_NAMES[g] for g in e.goals)}.",
             f"Written for: {_reader(e)}.", "", e.instructions(), "", "The passage:", "",
             *[f"    {line}".rstrip() for line in e.passage.rstrip().splitlines()], ""]
    if e.hints:
        lines += ["Hints:", *[f"  - {h}" for h in e.hints], ""]
    if answer:
        for n, text in enumerate(e.model_answers, 1):
            lines += [f"Model answer{f' {n}' if len(e.model_answers) > 1 else ''}:", "",
                      *[f"    {line}".rstrip() for line in text.rstrip().splitlines()], ""]
    else:
        lines.append(f"Write your answer in a file, then run: cpclint exercise check {e.id} answer.md")
    click.echo("\n".join(lines))


def _reader(e) -> str:
    readers = [p for p in e.family if p.reader]
    if not readers:
        return {"professional": "professionals", "child": "a child"}.get(e.audience, "the family")
    return " and ".join(f"{p.name} ({p.role}{f', aged {p.age}' if p.age else ''})" for p in readers)


@exercise.command()
@click.argument("exercise_id", metavar="ID")
@click.argument("answer_file", required=False, default="-", metavar="[ANSWER_FILE]")
@_FROM
@_FORMAT
def check(exercise_id, answer_file, extra, fmt) -> None:
    """Check your rewrite of an exercise (a file, or standard input when left out or '-')."""
    from cpclint.exercises import feedback, find_exercise, read_answer
    from cpclint.sources import decode

    e = find_exercise(exercise_id, extra)
    if answer_file == "-":
        if sys.stdin.isatty():
            click.echo("Type or paste your answer, then press Ctrl-D.", err=True)
        text = decode(sys.stdin.buffer.read(), "<stdin>")
    else:
        text = read_answer(answer_file)
    result = feedback(e, text)
    if fmt == "json":
        _json(result.to_json())
    else:
        click.echo(result.to_text(), nl=False)


@exercise.command()
@click.argument("items", nargs=-1, metavar="[ID|FILE|FOLDER]...")
@_FROM
def validate(items, extra) -> None:
    """Check that exercises are fit to use (all of them when none is named)."""
    from cpclint.exercises import find_exercise, load_exercise_file, load_exercises
    from cpclint.exercises import validate as check_exercise

    if items:
        chosen = []
        for item in items:
            if Path(item).is_dir():
                chosen += [load_exercise_file(p) for p in sorted([*Path(item).glob("*.yaml"),
                                                                  *Path(item).glob("*.yml")])]
            elif item.lower().endswith((".yaml", ".yml")) or Path(item).is_file():
                chosen.append(load_exercise_file(item))
            else:
                chosen.append(find_exercise(item, extra))
    else:
        chosen = list(load_exercises(extra).values())
    failed = 0
    for e in chosen:
        problems = check_exercise(e)
        if problems:
            failed += 1
            click.echo(f"{e.id}: {len(problems)} problem{'s' if len(problems) != 1 else ''} ({e.source_path})")
            click.echo("\n".join(f"  - {p}" for p in problems))
        else:
            click.echo(f"{e.id}: ready to use")
    click.echo(f"\n{len(chosen) - failed} of {len(chosen)} exercises are ready to use.")
    if failed:
        sys.exit(1)


@exercise.command()
@click.argument("answers_dir", metavar="ANSWERS_DIR")
@click.option("--csv", "as_csv", is_flag=True, help="Write a CSV table (for a spreadsheet).")
@click.option("-o", "--output", "out", metavar="FILE", help="Write the table to this file.")
@_FROM
def report(answers_dir, as_csv, out, extra) -> None:
    """Score every trainee's answers in a folder: one row per answer file.

    A file's name says which exercise it answers: alice/jargon-01.md,
    jargon-01.alice.md, alice.jargon-01.md or jargon-01/alice.md."""
    from cpclint.exercises import feedback, find_answers, load_exercises, read_answer

    exercises = load_exercises(extra)
    answers, skipped = find_answers(answers_dir, exercises)
    for path in skipped:
        click.echo(f"cpclint: skipped {path}: its name does not say which exercise it answers "
                   "(name it like alice/jargon-01.md or jargon-01.alice.md).", err=True)
    rows = []
    for a in answers:
        try:
            result = feedback(exercises[a.exercise_id], read_answer(a.path))
        except CpclintError as exc:
            click.echo(f"cpclint: {exc}", err=True)
            continue
        rows.append([a.trainee, a.exercise_id, result.score, "; ".join(result.still_failing),
                     "; ".join(f"{kind}: {text}" for kind, text in result.facts_missing), a.path])
    header = ["trainee", "exercise", "score", "still_failing", "facts_missing", "file"]
    if as_csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        table = buffer.getvalue()
    else:
        table = _table(header[:5], [r[:5] for r in rows])
    if out:
        try:
            Path(out).write_text(table, encoding="utf-8")
        except OSError as exc:
            raise CpclintError(f"{out}: cannot write the table here ({exc.strerror or exc}).") from None
        click.echo(f"Wrote {len(rows)} row{'s' if len(rows) != 1 else ''} to {out}.", err=True)
    else:
        click.echo(table, nl=False)
    if not answers:
        raise CpclintError(f"{answers_dir}: no answer files were found there.")


def _table(header: list[str], rows: list[list]) -> str:
    cells = [[h.replace("_", " ") for h in header]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    return "".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() + "\n" for r in cells)

"""The command line: thin over the library API."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from cpclint import __version__
from cpclint.errors import CpclintError
from cpclint.findings import SEVERITIES, SEVERITY_RANK

SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"}
READABLE = (".txt", ".md", ".markdown", ".docx")


def _walk(path: str) -> list[str]:
    if path == "-" or not os.path.isdir(path):
        return [path]
    found = []
    for root, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            # "~$report.docx" is Word's lock file, not a report.
            if name.lower().endswith(READABLE) and not name.startswith(("~$", ".")) \
                    and not name.endswith(".cpclint.docx"):
                found.append(os.path.join(root, name))
    return found


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cpclint")
def cli() -> None:
    """cpclint checks child protection reports for plain, fair, family-friendly writing."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text",
              help="How to show the results (html: one page for one report, to open in a web browser).")
@click.option("-o", "--output", "out", metavar="FILE",
              help="Write the results to this file instead of printing them, e.g. -o report.html.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Use this settings file instead of the nearest .cpclint.yaml.")
@click.option("--audience", type=click.Choice(["parent", "child", "professional"]),
              help="Who will read the report (sets the reading-age target).")
@click.option("--fail-on", type=click.Choice(list(SEVERITIES)), default="error", show_default=True,
              help="Exit with 1 when there are findings this serious or more.")
@click.option("--reader", metavar="NAME",
              help='Who the report is written to, e.g. --reader "Sarah Jones" (instead of a family list).')
@click.option("--kind", metavar="KIND",
              help="The kind of report, e.g. icpc-report (see 'cpclint new' for the list).")
@click.option("--brief", is_flag=True, help="Leave out the explanations of words.")
@click.option("--show-stance", is_flag=True,
              help="List every sentence as fact, observation, allegation, opinion or other, "
                   "with the words that decided it.")
@click.option("--grammar/--no-grammar", default=None,
              help="Check spelling and grammar (British English) on this computer, or don't, "
                   "whatever the settings say. Off unless turned on: it makes a check slower.")
def check(paths, fmt, config_path, audience, fail_on, reader, kind, brief, show_stance, out, grammar) -> None:
    """Check reports (.txt, .md, .docx, folders of them, or - for standard input)."""
    from cpclint import output
    from cpclint.api import check_path, check_text

    files: list[str] = []
    for p in paths:
        files.extend(_walk(p))
    if not files:
        raise CpclintError("no .txt, .md or .docx files were found there.")
    if fmt == "html" and len(files) > 1:
        raise CpclintError(f"--format html makes a page for one report, and there are {len(files)} here. "
                           "Check one file at a time, e.g. cpclint check --format html -o report.html report.docx")
    if out and any(f != "-" and os.path.realpath(f) == os.path.realpath(out) for f in files):
        raise CpclintError(f"{out} is the report being checked, so cpclint will not write over it. "
                           "Choose another name, e.g. -o report.html.")
    written: list[str] = []  # for --output

    def show(text: str) -> None:
        if out:
            written.append(click.unstyle(text))
        else:
            click.echo(text, nl=False)
    reports, errors = [], []
    for path in files:
        try:
            if path == "-":
                text = sys.stdin.buffer.read()
                from cpclint.sources import decode

                report = check_text(decode(text, "<stdin>"), "<stdin>", "markdown",
                                    config_path, audience, reader=reader, kind=kind, grammar=grammar)
            else:
                report = check_path(path, config_path, audience, reader, kind, grammar=grammar)
        except CpclintError as exc:
            errors.append((path, str(exc)))
            click.echo(f"cpclint: {exc}", err=True)
            continue
        reports.append(report)
        if fmt == "text":
            show(output.text_report(report, explain=not brief, show_stance=show_stance) + "\n")
    if fmt == "json":
        show(output.json_report(reports, errors))
    if fmt == "html" and reports:
        from cpclint import html_report

        show(html_report.render(reports[0]))
    if out and written:
        from cpclint.outfiles import write_atomic

        write_atomic(out, "".join(written).encode("utf-8"))
        if fmt == "html":
            click.echo(f"Wrote {out}. Open it in a web browser. It holds the whole report, so keep it as safe "
                       "as the report.", err=True)
    threshold = SEVERITY_RANK[fail_on]
    if errors:
        sys.exit(2)
    if any(SEVERITY_RANK[f.severity] >= threshold for r in reports for f in r.findings):
        sys.exit(1)


@cli.command()
@click.argument("rule_id", required=False)
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Include the rules named in this settings file's rule_files.")
def rules(rule_id, config_path) -> None:
    """List every rule, or show one rule's documentation."""
    from cpclint import output
    from cpclint.config import Config, apply, read_config_file
    from cpclint.rules import load_rules

    extra: tuple[str, ...] = ()
    if config_path:
        cfg = apply(Config(), read_config_file(Path(config_path)), config_path, Path(config_path).parent)
        extra = cfg.rule_files
    all_rules = load_rules(extra)
    if rule_id is None:
        click.echo(output.rule_list(list(all_rules)), nl=False)
        return
    for r in all_rules:
        if r.id == rule_id:
            click.echo(output.rule_doc(r), nl=False)
            return
    close = [r.id for r in all_rules if rule_id.split("-")[0] in r.id]
    hint = f" Did you mean: {', '.join(close)}?" if close else " Run 'cpclint rules' to list them."
    raise CpclintError(f"there is no rule called '{rule_id}'.{hint}")


@cli.command()
@click.argument("kind", required=False)
@click.option("-o", "--output", "out", metavar="FILE",
              help="Write the template here (a .docx name makes a Word file). Without it, print Markdown.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Include the report kinds named in this settings file's profiles.")
def new(kind, out, config_path) -> None:
    """Write a ready-to-fill template for a kind of report (or list the kinds)."""
    from cpclint import templates
    from cpclint.config import Config, apply, read_config_file
    from cpclint.profiles import load_kinds

    extra: tuple[str, ...] = ()
    if config_path:
        cfg = apply(Config(), read_config_file(Path(config_path)), config_path, Path(config_path).parent)
        extra = cfg.profiles
    kinds = load_kinds(extra)
    if kind is None:
        width = max(len(k) for k in kinds)
        for k in sorted(kinds.values(), key=lambda k: k.id):
            click.echo(f"{k.id.ljust(width)}  {k.name}")
        click.echo("\nRun 'cpclint new KIND -o report.md' (or report.docx) to start one.")
        return
    chosen = kinds.get(kind.lower())
    if chosen is None:
        raise CpclintError(f"there is no kind of report called '{kind}'. "
                           f"cpclint knows: {', '.join(sorted(kinds))}.")
    text = templates.write(chosen, out)
    if text is not None:
        click.echo(text, nl=False)
    else:
        click.echo(f"Wrote {out}, a template for “{chosen.name}”. Fill it in, then run: cpclint check {out}",
                   err=True)


def _add_exercise_group() -> None:
    from cpclint.exercise_cli import exercise

    cli.add_command(exercise)


_add_exercise_group()


# --- Word in, Word out: annotate, fix, explain (library: wordout.py, fixes.py, explain.py) ---

_WORD_OPTIONS = [
    click.option("--config", "config_path", type=click.Path(dir_okay=False),
                 help="Use this settings file instead of the nearest .cpclint.yaml."),
    click.option("--reader", metavar="NAME",
                 help='Who the report is written to, e.g. --reader "Sarah Jones" (instead of a family list).'),
]


def _word_options(f):
    for option in reversed(_WORD_OPTIONS):
        f = option(f)
    return f


def _checked(path: str, config_path, reader):
    """The report and its bytes, read once for the check and once for the Word file."""
    from cpclint.api import check_path

    if path == "-":
        raise CpclintError("give the report as a file name; this command cannot read standard input.")
    report = check_path(path, config_path, None, reader)
    return report, Path(path).read_bytes()


@cli.command()
@click.argument("path", metavar="FILE")
@click.option("-o", "--output", "out", metavar="OUT.docx",
              help="Where to write the copy with comments (default: FILE.cpclint.docx beside it).")
@click.option("--summary", is_flag=True,
              help="Add a first comment with the report's figures: reading age, “you”, findings by kind.")
@_word_options
def annotate(path, out, summary, config_path, reader) -> None:
    """Write a copy of a report with every finding as a Word comment. The report is not changed."""
    from cpclint import outfiles
    from cpclint.wordout import annotate_docx

    out = out or outfiles.default_output(path, "cpclint", ".docx")
    report, data = _checked(path, config_path, reader)
    outfiles.check_output(path, out, (".docx",), "annotate")
    outfiles.write_atomic(out, annotate_docx(report, data if report.format == "docx" else None, summary))
    n = len(report.findings)
    click.echo(f"Wrote {out} with {n} comment{'' if n == 1 else 's'}{' and a summary' if summary else ''}. "
               "Open it in Word to read them.", err=True)


@cli.command()
@click.argument("path", metavar="FILE")
@click.option("-o", "--output", "out", metavar="OUT", help="Where to write the fixed copy (default: FILE.fixed.EXT).")
@click.option("--in-place", is_flag=True, help="Change the report itself (keeps FILE.bak unless --no-backup).")
@click.option("--no-backup", is_flag=True, help="With --in-place: do not keep FILE.bak.")
@click.option("--diff", is_flag=True, help="For .md and .txt: print the changes as a diff and write nothing.")
@click.option("--only", multiple=True, metavar="CATEGORY",
              help="Only these kinds of fix (jargon, wordy, acronym, third-person, role-label, or rule ids). "
                   "Repeat it or separate with commas.")
@_word_options
def fix(path, out, in_place, no_backup, diff, only, config_path, reader) -> None:
    """Make the safe rewrites: tracked changes in a Word file, a new .md or .txt file, or a diff."""
    import difflib

    from cpclint import outfiles
    from cpclint.fixes import FIXABLE_CATEGORIES, PERSON_RULES, apply_fixes, safe_fixes

    wanted = [w.strip() for item in only for w in item.split(",") if w.strip()]
    known = {*FIXABLE_CATEGORIES, *PERSON_RULES, "jargon-term", "wordy-phrase", "acronym-undefined"}
    bad = [w for w in wanted if w.lower() not in known]
    if bad:
        raise CpclintError(f"cpclint cannot fix '{bad[0]}' by itself. It can fix: {', '.join(FIXABLE_CATEGORIES)}.")
    if in_place and out:
        raise CpclintError("use either --in-place or -o, not both.")
    if no_backup and not in_place:
        raise CpclintError("--no-backup only goes with --in-place.")
    if diff and (in_place or out):
        raise CpclintError("--diff only prints the changes; leave out --in-place and -o.")
    word = path.lower().endswith(".docx")
    if diff and word:
        raise CpclintError("--diff works for .md and .txt files. For a Word file cpclint writes "
                           "tracked changes to accept or reject.")
    report, data = _checked(path, config_path, reader)
    fixes = safe_fixes(report, wanted or None)
    if word:
        from cpclint.wordout import tracked_docx

        new = tracked_docx(report, data, fixes) if fixes else data
    else:
        text = apply_fixes(report.document.text, fixes)
        new = outfiles.encode_like(data, text)
        if diff:
            lines = difflib.unified_diff(report.document.text.splitlines(True), text.splitlines(True),
                                         f"a/{path}", f"b/{path}")
            click.echo("".join(line if line.endswith("\n") else line + "\n" for line in lines), nl=False)
            return
    n = len(fixes)
    what = f"{n} safe change{'' if n == 1 else 's'}"
    if word:
        what += " as tracked changes (accept or reject them in Word's Review tab)"
    if in_place:
        if not fixes:
            click.echo(f"Nothing to change safely in {path}. The file is as it was.", err=True)
            return
        saved = outfiles.replace_in_place(path, new, backup=not no_backup)
        click.echo(f"Changed {path}: {what}." + (f" The old version is in {saved}." if saved else ""), err=True)
        return
    out = out or outfiles.default_output(path, "fixed")
    outfiles.check_output(path, out, (".docx",) if word else (".md", ".markdown", ".txt", ".text"), "fix")
    outfiles.write_atomic(out, new)
    click.echo(f"Wrote {out}: {what}. Everything else is as you wrote it.", err=True)


@cli.command()
@click.argument("path", metavar="FILE")
@click.option("-o", "--output", "out", metavar="OUT",
              help="Write it to a .md or .docx file (by the name). Without it, print Markdown.")
@_word_options
def explain(path, out, config_path, reader) -> None:
    """Write "Words in this report": the report's terms and acronyms explained for the family."""
    from cpclint import outfiles
    from cpclint.explain import explain_docx, explain_markdown, explain_terms

    report, _ = _checked(path, config_path, reader)
    terms = explain_terms(report)
    if out is None:
        click.echo(explain_markdown(terms), nl=False)
        return
    outfiles.check_output(path, out, (".md", ".markdown", ".txt", ".docx"), "explain")
    data = explain_docx(terms) if out.lower().endswith(".docx") else explain_markdown(terms).encode("utf-8")
    outfiles.write_atomic(out, data)
    click.echo(f"Wrote {out}: {len(terms)} word{'' if len(terms) == 1 else 's'} explained for the family.",
               err=True)


@cli.command()
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535),
              help="The port to listen on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on. Only this computer can reach 127.0.0.1.")
@click.option("--allow-network", is_flag=True,
              help="Let --host be an address other computers can reach. Reports are about children: "
                   "only on a network you trust.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in your web browser.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Use this settings file (a council's word lists, rules and report kinds) for every check.")
def serve(port, host, allow_network, open_browser, config_path) -> None:
    """Start the web page on this computer: paste or drop a report, see and apply the suggestions."""
    from cpclint import server

    if host not in server.LOOPBACK and not allow_network:
        raise CpclintError(f"--host {host} would let other computers open the page and read the reports "
                           "checked in it. Add --allow-network if that is really what you want.")
    if config_path and not Path(config_path).is_file():
        raise CpclintError(f"{config_path}: no such settings file.")
    if host not in server.LOOPBACK:
        click.echo(f"Warning: other computers that can reach {host} can open this page and read any report "
                   "checked in it. Nothing is encrypted. Use it only on a network you trust.", err=True)
    server.serve(host, port, open_browser, config_path, echo=click.echo)


def main(argv: list[str] | None = None) -> None:
    """Entry point: errors become one plain line on stderr and exit code 2."""
    try:
        cli.main(args=argv, prog_name="cpclint", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:  # pragma: no cover - click < 8.2
        click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
        sys.exit(0)
    except click.UsageError as exc:
        click.echo(f"cpclint: {exc.format_message()} (see 'cpclint --help')", err=True)
        sys.exit(2)
    except click.Abort:
        click.echo("cpclint: stopped.", err=True)
        sys.exit(2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except CpclintError as exc:
        click.echo(f"cpclint: {exc}", err=True)
        sys.exit(2)
    except BrokenPipeError:
        sys.exit(0)
    except KeyboardInterrupt:
        click.echo("cpclint: stopped.", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: say so plainly, and never print report text
        click.echo(f"cpclint: something went wrong inside cpclint ({type(exc).__name__}). "
                   "Please report this; your file has not been changed.", err=True)
        sys.exit(2)

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
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="How to show the results.")
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
def check(paths, fmt, config_path, audience, fail_on, reader, kind, brief, show_stance) -> None:
    """Check reports (.txt, .md, .docx, folders of them, or - for standard input)."""
    from cpclint import output
    from cpclint.api import check_path, check_text

    files: list[str] = []
    for p in paths:
        files.extend(_walk(p))
    if not files:
        raise CpclintError("no .txt, .md or .docx files were found there.")
    reports, errors = [], []
    for path in files:
        try:
            if path == "-":
                text = sys.stdin.buffer.read()
                from cpclint.sources import decode

                report = check_text(decode(text, "<stdin>"), "<stdin>", "markdown",
                                    config_path, audience, reader=reader, kind=kind)
            else:
                report = check_path(path, config_path, audience, reader, kind)
        except CpclintError as exc:
            errors.append((path, str(exc)))
            click.echo(f"cpclint: {exc}", err=True)
            continue
        reports.append(report)
        if fmt == "text":
            click.echo(output.text_report(report, explain=not brief, show_stance=show_stance))
    if fmt == "json":
        click.echo(output.json_report(reports, errors), nl=False)
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

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
@click.option("--brief", is_flag=True, help="Leave out the explanations of words.")
@click.option("--show-stance", is_flag=True,
              help="List every sentence as fact, observation, allegation, opinion or other, "
                   "with the words that decided it.")
def check(paths, fmt, config_path, audience, fail_on, reader, brief, show_stance) -> None:
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
                                    config_path, audience, reader=reader)
            else:
                report = check_path(path, config_path, audience, reader)
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

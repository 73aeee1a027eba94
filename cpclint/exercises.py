"""Training exercises: a passage written the old way, to rewrite for the family.

Each exercise is one YAML file (shipped ones in `exercises/`, a trainer's own
anywhere), so a trainer adds an exercise by adding a file. `feedback()` compares
a trainee's rewrite with the passage; `validate()` checks an exercise is fit to
use: its passage shows what it practises and its model answers fix it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cpclint.config import AUDIENCES, Config, Person, parse_family
from cpclint.errors import ConfigError, CpclintError
from cpclint.feedback import GOAL_NAMES, Feedback, feedback, passage_facts, passage_report
from cpclint.yamlio import LineDict, load_yaml_file

__all__ = ["Exercise", "Feedback", "GOALS", "LEVELS", "feedback", "find_exercise", "load_exercises",
           "validate", "builtin_dir", "Answer", "find_answers", "read_answer"]

LEVELS = ("easy", "medium", "hard")
GOALS = tuple(GOAL_NAMES)  # the categories an exercise can practise
_KEYS = {"id", "title", "level", "goals", "passage", "family", "audience", "kind", "hints",
         "model_answers", "task"}
_REQUIRED = ("title", "level", "goals", "passage", "model_answers")


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    level: str  # easy | medium | hard
    goals: tuple[str, ...]  # categories practised: jargon, third-person, plan…
    passage: str  # Markdown, written the old way
    family: tuple[Person, ...] = ()  # who is who; readers become "you"
    audience: str = "parent"
    kind: str | None = None  # a report kind's id (profiles/), when the passage is a whole report
    hints: tuple[str, ...] = ()
    model_answers: tuple[str, ...] = ()
    source_path: str = ""
    task: str = ""  # what to do, in one or two sentences; made from the readers when not given

    def config(self) -> Config:
        """The settings both the passage and a rewrite are checked with."""
        return Config(audience=self.audience, audience_set=True, family=self.family, kind=self.kind,
                      sources=(self.source_path or self.id,))

    @property
    def readers(self) -> list[str]:
        return [p.name for p in self.family if p.reader]

    def instructions(self) -> str:
        if self.task:
            return self.task
        readers = self.readers
        who = (" and ".join(readers) if len(readers) <= 2 else ", ".join(readers[:-1]) + " and " + readers[-1])
        to = f"for {who} to read, speaking to {self._them()} as “you”" if readers \
            else "in plain words a family can follow"
        return (f"Rewrite this passage {to}. Keep every fact: dates, numbers, names and anyone's own "
                f"words. This exercise practises: {', '.join(GOAL_NAMES[g] for g in self.goals)}.")

    def _them(self) -> str:
        from cpclint.person import FEMALE_ROLES, MALE_ROLES

        readers = [p for p in self.family if p.reader]
        if len(readers) == 1 and readers[0].role in FEMALE_ROLES:
            return "her"
        if len(readers) == 1 and readers[0].role in MALE_ROLES:
            return "him"
        return "them"

    def to_json(self, include_answers: bool = False) -> dict:
        out = {
            "id": self.id, "title": self.title, "level": self.level, "goals": list(self.goals),
            "goal_names": [GOAL_NAMES[g] for g in self.goals], "task": self.instructions(),
            "passage": self.passage, "family": [p.to_json() for p in self.family],
            "audience": self.audience, "kind": self.kind, "hints": list(self.hints),
            "model_answer_count": len(self.model_answers), "source_path": self.source_path,
        }
        if include_answers:
            out["model_answers"] = list(self.model_answers)
        return out


def builtin_dir() -> Path:
    """exercises/ in a checkout, or the copy installed inside the package."""
    here = Path(__file__).resolve().parent
    repo = here.parent / "exercises"
    return repo if repo.is_dir() else here / "builtin_exercises"


def _files(extra: Iterable[str | Path]) -> list[Path]:
    files = sorted(builtin_dir().glob("*.yaml"))
    for item in extra:
        path = Path(item)
        if path.is_dir():
            files.extend(sorted([*path.glob("*.yaml"), *path.glob("*.yml")]))
        elif path.is_file():
            files.append(path)
        else:
            raise CpclintError(f"{item}: there is no exercise file or folder here.")
    return files


def load_exercises(extra: Iterable[str | Path] = ()) -> dict[str, Exercise]:
    """The shipped exercises and a trainer's own files or folders, by level then id."""
    found: dict[str, Exercise] = {}
    for path in _files(extra):
        stat = path.stat()
        exercise = _load_file(str(path.resolve()), stat.st_mtime_ns, stat.st_size)
        if exercise.id in found and Path(found[exercise.id].source_path) != path.resolve():
            raise ConfigError(f"{path}: the id '{exercise.id}' is already used by "
                              f"{found[exercise.id].source_path}. Give each exercise its own id.")
        found[exercise.id] = exercise
    order = {level: i for i, level in enumerate(LEVELS)}
    return dict(sorted(found.items(), key=lambda kv: (order[kv[1].level], kv[0])))


def find_exercise(exercise_id: str, extra: Iterable[str | Path] = ()) -> Exercise:
    exercises = load_exercises(extra)
    if exercise_id in exercises:
        return exercises[exercise_id]
    lowered = {k.lower(): k for k in exercises}
    if exercise_id.lower() in lowered:
        return exercises[lowered[exercise_id.lower()]]
    close = difflib.get_close_matches(exercise_id.lower(), list(lowered), n=3, cutoff=0.75)
    hint = (f" Did you mean {' or '.join(lowered[c] for c in close)}?" if close
            else " Run 'cpclint exercise list' to see them all.")
    raise CpclintError(f"there is no exercise called '{exercise_id}'.{hint}")


def load_exercise_file(path: str | Path) -> Exercise:
    """One exercise file, checked for its shape (not yet for what it practises: see validate)."""
    path = Path(path)
    if not path.is_file():
        raise CpclintError(f"{path}: there is no exercise file here.")
    stat = path.stat()
    return _load_file(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _load_file(path: str, _mtime: int, _size: int) -> Exercise:
    data = load_yaml_file(path, "exercise file")

    def fail(what: str, key: str | None = None) -> ConfigError:
        line = data.line_of(key) if key and isinstance(data, LineDict) else getattr(data, "line", 1) or 1
        return ConfigError(f"{path}:{line}: {what}")

    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: an exercise file must be 'key: value' lines (see docs/exercises.md).")
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise fail(f"unknown field '{unknown[0]}' (an exercise can have: {', '.join(sorted(_KEYS))}).", unknown[0])
    for key in _REQUIRED:
        if not data.get(key):
            raise fail(f"the exercise has no '{key}'.")
    ex_id = data.get("id", Path(path).stem)
    if not isinstance(ex_id, str) or not ex_id.strip() or any(c.isspace() or c in "/\\" for c in ex_id):
        raise fail("'id' must be one word such as jargon-01 (letters, numbers and dashes).", "id")
    for key in ("title", "passage", "task"):
        if key in data and not isinstance(data[key], str):
            raise fail(f"'{key}' must be text.", key)
    level = data["level"]
    if level not in LEVELS:
        raise fail(f"'level' must be one of {', '.join(LEVELS)}, not {level!r}.", "level")
    goals = data["goals"]
    goals = [goals] if isinstance(goals, str) else goals
    if not isinstance(goals, list) or not goals:
        raise fail("'goals' must be a list of what the exercise practises, such as [jargon, plan].", "goals")
    for goal in goals:
        if goal not in GOAL_NAMES:
            raise fail(f"'{goal}' is not something cpclint checks. Goals can be: {', '.join(GOAL_NAMES)}.", "goals")
    audience = data.get("audience", "parent")
    if audience not in AUDIENCES:
        raise fail(f"'audience' must be one of {', '.join(AUDIENCES)}, not {audience!r}.", "audience")
    kind = data.get("kind")
    if kind is not None:
        from cpclint.profiles import load_kinds

        if not isinstance(kind, str) or kind not in load_kinds():
            raise fail(f"'kind' must be a kind of report cpclint knows ({', '.join(sorted(load_kinds()))}).",
                       "kind")
    family = parse_family(data["family"], f"{path}:{data.line_of('family')}") if data.get("family") else ()
    texts = {}
    for key in ("hints", "model_answers"):
        value = data.get(key) or []
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise fail(f"'{key}' must be a list of texts.", key)
        texts[key] = tuple(v.strip() + ("\n" if key == "model_answers" else "") for v in value)
    return Exercise(
        id=ex_id.strip(), title=" ".join(data["title"].split()), level=level, goals=tuple(dict.fromkeys(goals)),
        passage=data["passage"].strip() + "\n", family=family, audience=audience, kind=kind,
        hints=texts["hints"], model_answers=texts["model_answers"], source_path=path,
        task=" ".join(str(data.get("task") or "").split()),
    )


def validate(exercise: Exercise) -> list[str]:
    """Plain problems with an exercise: [] when it is fit to use.

    The passage must give each learning goal something to practise; each model
    answer must fix all of it and keep every fact."""
    from cpclint.api import check_text
    from cpclint.facts import index, missing
    from cpclint.sources import document_from_text

    problems = []
    before = passage_report(exercise)
    found = {f.category for f in before.findings}
    for goal in exercise.goals:
        if goal not in found:
            problems.append(f"The passage has nothing cpclint finds under {GOAL_NAMES[goal]}, so it cannot "
                            f"practise it. Add an example, or take '{goal}' out of the goals.")
    facts = passage_facts(exercise)
    for n, answer in enumerate(exercise.model_answers, 1):
        which = f"Model answer {n}" if len(exercise.model_answers) > 1 else "The model answer"
        report = check_text(answer, "<model answer>", "markdown", config=exercise.config())
        for f in report.findings:
            if f.category in exercise.goals:
                words = f"“{_short(f.text)}”: " if f.text else ""
                problems.append(f"{which} still has something to fix under {GOAL_NAMES[f.category]}: "
                                f"{words}{f.message}")
        for fact in missing(facts, index(document_from_text(answer, "<model answer>", "markdown"))):
            problems.append(f"{which} leaves out the {fact.kind} “{fact.text}” from the passage.")
    return problems


def _short(text: str, n: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:n]) + ("…" if len(parts) > n else "")


# --- a trainer's folder of answers ------------------------------------------------------------

ANSWER_SUFFIXES = (".md", ".txt", ".markdown", ".docx")
_SEPARATORS = "._- "


@dataclass(frozen=True)
class Answer:
    """One trainee's answer file, and the exercise its name says it answers."""

    trainee: str
    exercise_id: str
    path: str


def read_answer(path: str | Path) -> str:
    """The text of an answer file (.md, .txt or .docx)."""
    from cpclint.sources import read_path

    return read_path(str(path)).text


def answer_for(path: Path, root: Path, ids: Iterable[str]) -> Answer | None:
    """Which exercise and trainee a file's name gives: `alice/jargon-01.md`,
    `jargon-01.alice.md`, `alice.jargon-01.md` (dashes and underscores work too) or
    `jargon-01/alice.md`."""
    stem = path.stem
    folder = path.relative_to(root).parts[0] if len(path.relative_to(root).parts) > 1 else ""
    for ex_id in sorted(ids, key=len, reverse=True):
        low, lid = stem.lower(), ex_id.lower()
        if low == lid:
            return Answer(folder, ex_id, str(path))
        if low.startswith(lid) and low[len(lid)] in _SEPARATORS:
            return Answer(stem[len(lid) + 1:].strip(_SEPARATORS) or folder, ex_id, str(path))
        if low.endswith(lid) and low[-len(lid) - 1] in _SEPARATORS:
            return Answer(stem[:-len(lid) - 1].strip(_SEPARATORS) or folder, ex_id, str(path))
    by_folder = {i.lower(): i for i in ids}
    if path.parent != root and path.parent.name.lower() in by_folder:  # jargon-01/alice.md
        return Answer(stem, by_folder[path.parent.name.lower()], str(path))
    return None


def find_answers(folder: str | Path, exercises: dict[str, Exercise]) -> tuple[list[Answer], list[str]]:
    """Every answer file under a folder, and the files skipped because their names name no exercise."""
    root = Path(folder)
    if not root.is_dir():
        raise CpclintError(f"{folder}: this is not a folder of answers.")
    found, skipped = [], []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).parts
        if not path.is_file() or any(p.startswith(".") for p in rel) or path.name.startswith("~$"):
            continue
        if path.suffix.lower() not in ANSWER_SUFFIXES:
            continue
        answer = answer_for(path, root, exercises)
        if answer is None:
            skipped.append(str(path))
        else:
            found.append(answer)
    return found, skipped

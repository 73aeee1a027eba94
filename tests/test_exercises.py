"""Training exercises: the shipped data, feedback on a rewrite, facts kept, and the commands."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from cpclint.cli import cli
from cpclint.errors import CpclintError
from cpclint.exercises import (
    GOALS,
    Exercise,
    answer_for,
    feedback,
    find_exercise,
    load_exercises,
    validate,
)
from cpclint.facts import find_facts, index, missing
from cpclint.rules import load_rules
from cpclint.sources import document_from_text

EXERCISES = load_exercises()  # YAML only: cheap at collection time
IDS = list(EXERCISES)


@pytest.fixture(scope="module")
def exercises() -> dict[str, Exercise]:
    return EXERCISES


def invoke(*args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, list(args), input=stdin)


# --- the shipped exercises ------------------------------------------------------------------


def test_enough_exercises_covering_every_goal_from_easy_to_hard(exercises) -> None:
    assert len(exercises) >= 24
    goals = Counter(g for e in exercises.values() for g in e.goals)
    assert {g: goals[g] for g in GOALS if goals[g] < 3} == {}
    assert {e.level for e in exercises.values()} == {"easy", "medium", "hard"}
    levels = [e.level for e in exercises.values()]
    assert levels == sorted(levels, key=("easy", "medium", "hard").index)  # ordered by level, then id
    assert any(e.audience == "child" for e in exercises.values())  # a letter to a child
    assert sum("plan" in e.goals for e in exercises.values()) >= 3
    for e in exercises.values():
        assert e.model_answers and e.hints and e.title, e.id
        assert Path(e.source_path).stem == e.id


def test_every_shipped_exercise_validates(exercises) -> None:
    problems = {e.id: validate(e) for e in exercises.values()}
    assert {k: v for k, v in problems.items() if v} == {}


@pytest.mark.parametrize("exercise_id", IDS)
def test_model_answers_score_at_least_90_and_the_untouched_passage_at_most_30(exercise_id) -> None:
    e = EXERCISES[exercise_id]
    for answer in e.model_answers:
        result = feedback(e, answer)
        assert result.score >= 90, (exercise_id, result.to_text())
        assert result.facts_missing == []
    untouched = feedback(e, e.passage)
    assert untouched.score <= 30
    assert untouched.resolved == [] and untouched.introduced == []
    assert "the passage as it was" in untouched.next_steps[0]


# --- feedback --------------------------------------------------------------------------------


def test_dropping_a_date_loses_marks_and_says_which(exercises) -> None:
    e = exercises["jargon-01"]
    model = feedback(e, e.model_answers[0])
    answer = e.model_answers[0].replace("On 4 March, you", "You")
    assert answer != e.model_answers[0]
    result = feedback(e, answer)
    assert result.facts_missing == [("date", "4 March")]
    assert result.score <= model.score - 10
    text = result.to_text()
    assert "Missing: the date “4 March”" in text
    assert "Put back what the rewrite left out: the date “4 March”" in result.next_steps[0]
    assert "minus 10 for 1 fact left out" in result.explanation


def test_dropping_a_name_loses_marks_and_says_which(exercises) -> None:
    e = exercises["third-person-01"]
    answer = e.model_answers[0].replace("taken Jayden to", "taken your son to")
    result = feedback(e, answer)
    assert result.facts_missing == [("name", "Jayden Jones")]
    assert result.score < 90
    assert "the name “Jayden Jones”" in result.to_text()


def test_the_reader_written_as_you_is_not_a_lost_name(exercises) -> None:
    e = exercises["third-person-01"]
    assert "Sarah" in e.passage and "Sarah" not in e.model_answers[0]
    result = feedback(e, e.model_answers[0])
    assert result.facts_missing == [] and result.score == 100


def test_new_findings_are_reported_and_cost_marks(exercises) -> None:
    e = exercises["jargon-01"]
    clean = feedback(e, e.model_answers[0])
    worse = feedback(e, e.model_answers[0] + "\nIt is felt that you lack insight.\n")
    added = {(p.category, p.words) for p in worse.introduced}
    assert ("judgemental", "lack insight") in added
    assert ("opinion", "It is felt") in added
    assert worse.score < clean.score
    assert "New in your rewrite" in worse.to_text()
    assert "judgemental" in worse.still_failing


def test_findings_are_matched_by_words_not_offsets(exercises) -> None:
    e = exercises["jargon-01"]
    # "CIN" moves to the start and everything else is fixed: it is still there, not fixed and new
    answer = ("The CIN meeting was on 4 March. You did not come to the meeting of the small group who work "
              "with you on Jayden's plan. Jayden will see his dad every Saturday at the family centre.\n")
    result = feedback(e, answer)
    assert [p.words for p in result.remaining] == ["CIN"]
    assert "CIN" not in [p.words for p in result.resolved + result.introduced]
    assert result.still_failing == ["acronym"]
    assert 0 < result.score < 100


def test_a_reworded_sentence_with_the_same_problem_is_still_to_fix(exercises) -> None:
    e = exercises["opinion-01"]
    answer = ("It is felt that you cannot meet Grace's needs on your own. "
              "Professionals feel that Grace would like more time with her grandmother.\n")
    result = feedback(e, answer)
    remaining = {p.rule for p in result.remaining}
    assert "opinion-not-owned" in remaining
    assert result.score < 50


def test_empty_answer_scores_nothing_and_says_so_kindly(exercises) -> None:
    result = feedback(exercises["wordy-01"], "  \n")
    assert result.score == 0
    assert result.explanation == "Your answer is empty, so there is nothing to score yet."
    assert result.next_steps == ["Write your version of the passage, then check it again. "
                                 "The hints can help you start."]


def test_feedback_text_is_plain_english(exercises) -> None:
    rule_ids = {r.id for r in load_rules()}
    e = exercises["report-01"]
    answers = [e.passage, e.model_answers[0], "Ryan, you were hostile. Mum said she is doing her best.\n"]
    for answer in answers:
        result = feedback(e, answer)
        text = result.to_text()
        assert not [r for r in rule_ids if re.search(rf"(?<![\w-]){re.escape(r)}(?![\w-])", text)]
        assert "None" not in text and "{" not in text  # ("[who]" is the engine's own placeholder)
        assert 1 <= len(result.next_steps) <= 2
        for line in [result.explanation, *result.next_steps]:
            assert line.endswith((".", "”")), line
    # the frame around the findings is itself plain: cpclint finds no jargon or acronyms in it
    from cpclint.api import check_text

    explanation = feedback(e, answers[2]).explanation
    own = check_text(explanation, "<feedback>", "text", reader=None)
    assert [f.text for f in own.findings if f.category in ("jargon", "acronym", "wordy")] == []


def test_feedback_json_has_every_part(exercises) -> None:
    e = exercises["report-01"]
    data = feedback(e, "Ryan, you were hostile on 4 November.\n").to_json()
    assert set(data) == {"exercise", "score", "explanation", "resolved", "remaining", "introduced",
                         "still_failing", "reading_age", "addressed_to_family", "facts", "next_steps"}
    assert data["reading_age"]["target"] == 11
    assert data["addressed_to_family"]["before"] == 0.0
    assert {"kind": "date", "text": "4 November"} not in data["facts"]["missing"]
    assert {"kind": "name", "text": "Mia Carter"} in data["facts"]["missing"]
    point = data["remaining"][0]
    assert set(point) >= {"category", "category_name", "words", "message", "advice", "text", "start", "end"}
    answer = "Ryan, you were hostile on 4 November.\n"
    hostile = next(p for p in data["remaining"] if p["words"] == "hostile")
    assert answer[hostile["start"]:hostile["end"]] == "hostile"  # offsets into the rewrite, for highlighting
    json.dumps(data)


def test_exercise_json_hides_model_answers_unless_asked(exercises) -> None:
    e = exercises["letter-01"]
    assert "model_answers" not in e.to_json()
    shown = e.to_json(include_answers=True)
    assert shown["model_answers"] == list(e.model_answers)
    assert shown["audience"] == "child" and shown["family"][0]["reader"] is True
    assert "speaking to them as “you”" in shown["task"] or "Amira" in shown["task"]


# --- facts kept --------------------------------------------------------------------------------


def facts_of(text: str, **kw):
    return find_facts(document_from_text(text, "<t>", "markdown"), **kw)


def lost(passage: str, rewrite: str, **kw) -> list[str]:
    return [f.text for f in missing(facts_of(passage, **kw), index(document_from_text(rewrite, "<t>", "markdown")))]


def test_dates_are_kept_whatever_way_they_are_written() -> None:
    assert lost("We met on 4 May.", "We met on 4th May.") == []
    assert lost("We met on 4 May.", "We met on May 4.") == []
    assert lost("Born on 03/04/2019.", "Born on 3 April 2019.") == []
    assert lost("Seen on 3 April 2019.", "Seen on 3 April.") == []  # the year may go
    assert lost("Seen on 3 April 2019.", "Seen on 4 April 2019.") == ["3 April 2019"]
    assert lost("Nothing changed since July.", "Nothing changed this summer.") == ["July"]
    assert lost("She visits on Saturdays.", "She visits every Saturday.") == []


def test_numbers_are_kept_in_words_or_figures() -> None:
    assert lost("Seen on 3 occasions.", "Seen three times.") == []
    assert lost("Late on eleven days.", "Late on 11 days.") == []
    assert lost("Attendance is 78%.", "He goes to school on 78 days in every 100.") == []
    assert lost("Seen twice.", "Seen two times.") == []
    assert lost("Seen on 3 occasions.", "Seen a few times.") == ["3"]
    assert facts_of("One of the workers came.") == []  # "one" is too common to be a fact
    # a number inside words cpclint asks to change is not a fact to keep
    text = "A section 47 enquiry began on 3 May."
    doc = document_from_text(text, "<t>", "markdown")
    start = text.index("section 47")
    assert [f.text for f in find_facts(doc, skip=[(start, start + len("section 47 enquiry"))])] == ["3 May"]


def test_names_and_quotes() -> None:
    from cpclint.config import Person

    family = (Person("Sarah Jones", "mother", ("Sarah",), True), Person("Jayden Jones", "child", ("Jayden",)))
    passage = 'Sarah took Jayden to Oakfield Primary School. Jayden said "I like my teacher".'
    assert [(f.kind, f.text) for f in facts_of(passage, family=family)] == [
        ("name", "Jayden Jones"), ("name", "Oakfield Primary School"), ("quote", "I like my teacher")]
    assert lost(passage, 'You took Jayden to Oakfield school. He said "I like my teacher".', family=family) == []
    assert lost(passage, 'You took him to school. He said "I like my teacher".', family=family) == \
        ["Jayden Jones", "Oakfield Primary School"]
    assert lost(passage, "You took Jayden to Oakfield. He said he likes his teacher.", family=family) == \
        ["I like my teacher"]
    # a capital at the start of a sentence is not a name; a short form of a name is the same person
    assert facts_of("Following the visit, nothing changed.") == []
    assert [f.text for f in facts_of("I met Oliver Walsh at home. Later, Oliver went to bed.")] == ["Oliver Walsh"]


# --- loading and validating --------------------------------------------------------------------


def write(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


GOOD = """title: My own exercise
level: easy
goals: [wordy]
family:
  - {name: Ann Lee, role: mother, also: [Ann], reader: true}
passage: |
  Prior to the meeting on 2 May, you stated that you were fine.
hints:
  - Use everyday words.
model_answers:
  - |
    Before the meeting on 2 May, you told me that you were fine.
"""


def test_a_trainer_adds_an_exercise_by_adding_a_file(tmp_path: Path) -> None:
    write(tmp_path, "own-01.yaml", GOOD)
    found = load_exercises([tmp_path])
    assert "own-01" in found and len(found) == len(EXERCISES) + 1
    assert list(found).index("own-01") < list(found).index("readability-01")  # easy before medium
    assert validate(found["own-01"]) == []
    assert find_exercise("own-01", [tmp_path]).title == "My own exercise"


def test_validate_says_plainly_what_is_wrong(tmp_path: Path) -> None:
    body = GOOD.replace("goals: [wordy]", "goals: [wordy, jargon]").replace(
        "Before the meeting on 2 May", "Prior to the meeting")
    e = find_exercise("bad-01", [write(tmp_path, "bad-01.yaml", body)])
    problems = validate(e)
    assert problems[0].startswith("The passage has nothing cpclint finds under jargon")
    assert any(p.startswith("The model answer still has something to fix under wordy phrases: “Prior to”")
               for p in problems)
    assert "The model answer leaves out the date “2 May” from the passage." in problems


@pytest.mark.parametrize("change, message", [
    (("level: easy", "level: simple"), "'level' must be one of easy, medium, hard, not 'simple'."),
    (("goals: [wordy]", "goals: [spelling]"), "'spelling' is not something cpclint checks."),
    (("title: My own exercise\n", ""), "the exercise has no 'title'."),
    (("level: easy", "level: easy\ncolour: blue"), "unknown field 'colour'"),
    (("level: easy", "level: easy\nkind: novel"), "'kind' must be a kind of report cpclint knows"),
    (("role: mother", "role: mum"), "Ann Lee needs a 'role', one of:"),
])
def test_a_broken_exercise_file_gives_one_plain_line(tmp_path: Path, change, message) -> None:
    path = write(tmp_path, "broken-01.yaml", GOOD.replace(*change))
    with pytest.raises(CpclintError) as err:
        load_exercises([path])
    assert str(err.value).startswith(f"{path.resolve()}:")
    assert message in str(err.value)


def test_two_exercises_with_one_id_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "jargon-01.yaml", GOOD)
    with pytest.raises(CpclintError, match="the id 'jargon-01' is already used"):
        load_exercises([tmp_path])


def test_unknown_exercise_suggests_close_ones() -> None:
    with pytest.raises(CpclintError) as err:
        find_exercise("jargon-1")
    assert str(err.value) == "there is no exercise called 'jargon-1'. Did you mean jargon-01?"


def _pair(answer) -> tuple[str, str]:
    return answer.trainee, answer.exercise_id


def test_answer_file_names_say_the_trainee_and_exercise(tmp_path: Path) -> None:
    ids = ["jargon-01", "wordy-01", "plan-01"]
    assert _pair(answer_for(tmp_path / "alice" / "jargon-01.md", tmp_path, ids)) == ("alice", "jargon-01")
    assert _pair(answer_for(tmp_path / "jargon-01.bob.md", tmp_path, ids)) == ("bob", "jargon-01")
    assert _pair(answer_for(tmp_path / "carol.wordy-01.txt", tmp_path, ids)) == ("carol", "wordy-01")
    assert _pair(answer_for(tmp_path / "group1" / "plan-01_dan.md", tmp_path, ids)) == ("dan", "plan-01")
    assert _pair(answer_for(tmp_path / "plan-01" / "erin.md", tmp_path, ids)) == ("erin", "plan-01")
    assert answer_for(tmp_path / "notes.md", tmp_path, ids) is None
    assert answer_for(tmp_path / "jargon-012.md", tmp_path, ids) is None


# --- the commands --------------------------------------------------------------------------------


def test_cli_list_and_show() -> None:
    listed = invoke("exercise", "list")
    assert listed.exit_code == 0
    assert listed.output.splitlines()[0].startswith("acronym-01") and "easy" in listed.output.splitlines()[0]
    assert f"{len(EXERCISES)} exercises." in listed.output
    as_json = json.loads(invoke("exercise", "list", "--format", "json").stdout)
    assert [e["id"] for e in as_json] == IDS and "model_answers" not in as_json[0]
    shown = invoke("exercise", "show", "letter-01")
    assert shown.exit_code == 0
    assert "Written for: Amira Haddad (child, aged 10)." in shown.output
    assert "Dear Amira," in shown.output and "Model answer" not in shown.output
    assert "Model answer:" in invoke("exercise", "show", "letter-01", "--answer").output


def test_cli_check_a_file_and_standard_input(tmp_path: Path) -> None:
    e = EXERCISES["wordy-01"]
    answer = write(tmp_path, "answer.md", e.model_answers[0])
    result = invoke("exercise", "check", "wordy-01", str(answer))
    assert result.exit_code == 0
    assert "Score: 100 out of 100" in result.output
    piped = invoke("exercise", "check", "wordy-01", "--format", "json", stdin=e.passage)
    data = json.loads(piped.stdout)
    assert data["score"] == 0 and data["still_failing"][0] == "wordy"
    assert invoke("exercise", "check", "wordy-01", "-", stdin=e.passage).output.startswith("Feedback on")


def test_cli_validate_all_one_and_a_failing_file(tmp_path: Path) -> None:
    everything = invoke("exercise", "validate")
    assert everything.exit_code == 0
    assert f"{len(EXERCISES)} of {len(EXERCISES)} exercises are ready to use." in everything.output
    assert invoke("exercise", "validate", "plan-01").output.startswith("plan-01: ready to use")
    bad = write(tmp_path, "bad-02.yaml", GOOD.replace("goals: [wordy]", "goals: [plan]"))
    failed = invoke("exercise", "validate", str(bad))
    assert failed.exit_code == 1
    assert "bad-02: 1 problem" in failed.output
    assert "The passage has nothing cpclint finds under plans" in failed.output


def test_cli_report_writes_a_csv_a_spreadsheet_can_read(tmp_path: Path) -> None:
    answers = tmp_path / "answers"
    (answers / "alice").mkdir(parents=True)
    write(answers / "alice", "jargon-01.md", EXERCISES["jargon-01"].model_answers[0])
    write(answers, "jargon-01.bob.md", EXERCISES["jargon-01"].passage.replace("on 4 March", ""))
    write(answers, "shopping-list.md", "milk")
    import docx  # trainees write in Word too

    word = docx.Document()
    for para in EXERCISES["wordy-01"].model_answers[0].split("\n\n"):
        word.add_paragraph(para.strip())
    word.save(str(answers / "wordy-01.carol.docx"))
    out = tmp_path / "scores.csv"
    result = invoke("exercise", "report", str(answers), "--csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    by_trainee = {r["trainee"]: r for r in rows}
    assert set(by_trainee) == {"alice", "bob", "carol"}
    assert by_trainee["carol"]["score"] == "100"
    assert by_trainee["alice"]["score"] == "100" and by_trainee["alice"]["still_failing"] == ""
    assert by_trainee["bob"]["exercise"] == "jargon-01"
    assert by_trainee["bob"]["still_failing"] == "jargon; acronym"
    assert by_trainee["bob"]["facts_missing"] == "date: 4 March"
    assert "skipped" in result.output and "shopping-list.md" in result.output

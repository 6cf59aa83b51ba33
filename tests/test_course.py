"""The nbgrader course edition (tools/make_course.py), proven end to end with nbgrader.

The course is made in a temporary folder, its assignments are generated with
`nbgrader generate_assignment`, simulated submissions are graded with
`nbgrader autograde`, and the gradebook is read back:

- the reference answers (the source notebooks) score full marks in all ten lessons;
- the released notebooks, untouched, score 0 on every test, and autograding works;
- one named mistake (lesson 04's `+` backward with `=`) loses exactly that test's point;
- a submission with an extra cell that raises, and a stub left as it is, is graded;
- a submission that edits a locked test cell is flagged by nbgrader's checksum and
  graded with the original test.

nbgrader is not a learner's requirement: CI installs it (`.ci/run`), and without it
these tests are skipped.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tools"), str(ROOT / "notebooks")]

nbgrader = pytest.importorskip("nbgrader", reason="nbgrader is installed by CI, not by learners")

import make_course  # noqa: E402
import type_along  # noqa: E402

LESSONS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
FOUR = "04_automatic_backward"


def nbgrader_cli(course, *args):
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep
               + os.environ.get("PATH", ""))
    env.pop("NBGRADER_EXECUTION", None)
    return subprocess.run([sys.executable, "-m", "nbgrader", *args, "--log-level=WARN"],
                          cwd=course, env=env, capture_output=True, text=True, timeout=1800)


def submit(course, student, lesson, notebook=None):
    """A submission: the released folder, with ``notebook`` (a dict) as the lesson."""
    folder = course / "submitted" / student / lesson
    shutil.copytree(course / "release" / lesson, folder, dirs_exist_ok=True)
    if notebook is not None:
        (folder / f"{lesson}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")


def cells(course, where, lesson):
    return json.loads((course / where / lesson / f"{lesson}.ipynb").read_text())["cells"]


def released(course, lesson):
    return json.loads((course / "release" / lesson / f"{lesson}.ipynb").read_text())


def with_source(nb, grade_id, edit):
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == grade_id:
            cell["source"] = edit("".join(cell["source"]))
    return nb


def reference_for(course, lesson):
    """The released notebook with every solution cell as the source has it."""
    source = {c["metadata"]["nbgrader"]["grade_id"]: c["source"]
              for c in cells(course, "source", lesson)}
    nb = released(course, lesson)
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("solution"):
            cell["source"] = source[meta["grade_id"]]
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    make_course.make(course)
    made = nbgrader_cli(course, "generate_assignment", "[0-9]*")
    assert made.returncode == 0, made.stderr[-3000:]
    for lesson in LESSONS:
        submit(course, "reference", lesson, reference_for(course, lesson))
        submit(course, "untouched", lesson)
    piece = type_along.piece_named("04", "add_backward")
    mistake = with_source(reference_for(course, FOUR), "piece-04-add_backward", lambda s: s.replace(
        "self.grad += 1.0 * out.grad\n", "self.grad = 1.0 * out.grad\n"))
    assert piece.mistakes  # the mistake above is one the piece's check names
    submit(course, "one-mistake", FOUR, mistake)
    raising = reference_for(course, FOUR)
    raising["cells"].insert(5, {"cell_type": "code", "execution_count": None, "id": "extra",
                                "metadata": {}, "outputs": [], "source": "1 / 0"})
    raising = with_source(raising, "answer-04-ex2", lambda s: s.split("    ### BEGIN")[0]
                          + "    raise NotImplementedError()")
    submit(course, "raises", FOUR, raising)
    edited = with_source(mistake, "check-04-add_backward", lambda s: "pass")
    submit(course, "edits-a-test", FOUR, edited)
    graded = nbgrader_cli(course, "autograde", "[0-9]*", "--create")
    assert graded.returncode == 0, graded.stderr[-3000:]
    (course / "autograde.log").write_text(graded.stderr, encoding="utf-8")
    return course


def scores(course, student, lesson):
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission(lesson, student)
        return {g.name: (g.score, g.max_score) for nb in submission.notebooks
                for g in nb.grades if g.max_score}


def test_every_lesson_is_an_assignment_with_its_modules(tmp_path):
    make_course.make(tmp_path)
    assert (tmp_path / "nbgrader_config.py").exists()
    for lesson in LESSONS:
        folder = tmp_path / "source" / lesson
        assert (folder / f"{lesson}.ipynb").exists()
        assert (folder / "autograd_helpers.py").exists() and (folder / "COURSE").exists()


def test_every_cell_has_unique_nbgrader_metadata(tmp_path):
    make_course.make(tmp_path)
    for lesson in LESSONS:
        found = cells(tmp_path, "source", lesson)
        ids = [c["metadata"]["nbgrader"]["grade_id"] for c in found]
        assert len(ids) == len(set(ids)), lesson
        for cell in found:
            meta = cell["metadata"]["nbgrader"]
            if meta["grade"]:
                assert meta["locked"] and meta["points"] == 1 and not meta["solution"]
            if meta["solution"]:
                assert "### BEGIN SOLUTION" in "".join(cell["source"])
            else:
                assert meta["locked"]


def test_released_lessons_carry_no_solutions(course):
    for lesson in LESSONS:
        text = (course / "release" / lesson / f"{lesson}.ipynb").read_text()
        assert "BEGIN SOLUTION" not in text
        for piece in type_along.pieces_of(lesson[:2]):
            body = type_along.reference_body(lesson[:2], piece.name)
            if len(body.splitlines()) > 1:  # one-liners may also appear in the lesson's text
                assert json.dumps(body)[1:-1] not in text, (lesson, piece.name)


def test_the_reference_answers_score_full_marks_in_every_lesson(course):
    for lesson in LESSONS:
        found = scores(course, "reference", lesson)
        assert found and all(score == most for score, most in found.values()), (lesson, found)


def test_untouched_stubs_score_0_on_every_test_and_autograding_works(course):
    for lesson in LESSONS:
        found = scores(course, "untouched", lesson)
        assert found and all(score == 0 for score, _ in found.values()), (lesson, found)


def test_one_named_mistake_loses_exactly_that_tests_point(course):
    found = scores(course, "one-mistake", FOUR)
    lost = {name for name, (score, most) in found.items() if score != most}
    assert lost == {"check-04-add_backward"}


def test_a_cell_that_raises_and_a_stub_left_as_it_is_are_graded(course):
    found = scores(course, "raises", FOUR)
    lost = {name for name, (score, most) in found.items() if score != most}
    assert lost == {"check-04-ex2"}


def test_an_edited_test_cell_is_flagged_and_graded_with_the_original_test(course):
    log = (course / "autograde.log").read_text(encoding="utf-8")
    assert "check-04-add_backward" in log and "checksum" in log
    found = scores(course, "edits-a-test", FOUR)
    assert found["check-04-add_backward"][0] == 0
    graded = cells(course, "autograded/edits-a-test", FOUR)
    test = next(c for c in graded if c["metadata"]["nbgrader"]["grade_id"]
                == "check-04-add_backward")
    assert "".join(test["source"]).startswith("piece.add_backward.check(Value)")


def test_a_failing_check_raises_its_message_under_nbgrader_and_prints_otherwise(monkeypatch,
                                                                                capsys):
    from exercise_kit import Exercise, Wrong

    def checker(answer):
        raise Wrong("the sign is wrong", "wrong-sign")

    exercise = Exercise("a test", checker)
    exercise.check(lambda: None)
    assert "the sign is wrong" in capsys.readouterr().out
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    with pytest.raises(AssertionError, match="the sign is wrong"):
        exercise.check(lambda: None)

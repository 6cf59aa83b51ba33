"""The learner's own copies of the lessons (run.py): made on first launch,
never overwritten, kept as a backup on reset, and untouched by an update."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import run  # noqa: E402


def lesson(folder, name, text):
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"cells": [{"source": text}]}), encoding="utf-8")
    return path


def cells(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))["cells"][0]["source"]


@pytest.fixture
def folders(tmp_path):
    lessons, work = tmp_path / "notebooks", tmp_path / "my-lessons"
    lesson(lessons, "01_one.ipynb", "original 1")
    lesson(lessons, "02_two.ipynb", "original 2")
    (lessons / "exercises_01.py").write_text("# not a lesson\n")
    return lessons, work


def test_first_launch_copies_every_lesson(folders):
    lessons, work = folders
    copied, changed = run.make_working_copies(lessons, work)
    assert copied == ["01_one.ipynb", "02_two.ipynb"] and changed == []
    assert cells(work / "01_one.ipynb") == "original 1"
    assert not (work / "exercises_01.py").exists()


def test_a_later_launch_never_overwrites_the_learners_copy(folders):
    lessons, work = folders
    run.make_working_copies(lessons, work)
    lesson(work, "01_one.ipynb", "my answers")
    copied, _ = run.make_working_copies(lessons, work)
    assert copied == [] and cells(work / "01_one.ipynb") == "my answers"


def test_an_updated_lesson_is_reported_and_the_learners_copy_kept(folders):
    lessons, work = folders
    run.make_working_copies(lessons, work)
    lesson(work, "01_one.ipynb", "my answers")
    lesson(lessons, "01_one.ipynb", "improved 1")
    lesson(lessons, "03_three.ipynb", "new lesson")
    copied, changed = run.make_working_copies(lessons, work)
    assert copied == ["03_three.ipynb"] and changed == ["01_one.ipynb"]
    assert cells(work / "01_one.ipynb") == "my answers"


def test_reset_restores_the_original_and_keeps_the_learners_version(folders):
    lessons, work = folders
    run.make_working_copies(lessons, work)
    lesson(work, "02_two.ipynb", "my answers")
    original, backup = run.reset_lesson("2", lessons, work, stamp="T")
    assert original.name == "02_two.ipynb"
    assert backup == work / "backups" / "02_two.T.ipynb"
    assert cells(backup) == "my answers" and cells(work / "02_two.ipynb") == "original 2"
    assert run.make_working_copies(lessons, work) == ([], [])


def test_reset_of_an_unknown_lesson_names_the_lessons_there_are(folders):
    lessons, work = folders
    with pytest.raises(ValueError, match="01, 02"):
        run.reset_lesson("07", lessons, work)


def git(cwd, *args):
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
                          cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_pulling_updated_lessons_never_touches_the_learners_work(tmp_path):
    upstream = tmp_path / "upstream"
    lesson(upstream / "notebooks", "01_one.ipynb", "original 1")
    shutil.copy(ROOT / ".gitignore", upstream / ".gitignore")
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", ".")
    git(upstream, "commit", "-qm", "lessons")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(upstream), str(clone))
    run.make_working_copies(clone / "notebooks", clone / "my-lessons")
    lesson(clone / "my-lessons", "01_one.ipynb", "my answers")
    assert git(clone, "status", "--porcelain") == ""  # the learner's work is not in git
    lesson(upstream / "notebooks", "01_one.ipynb", "improved 1")
    git(upstream, "commit", "-qam", "better lesson")
    git(clone, "pull", "-q", "--ff-only")
    assert cells(clone / "notebooks" / "01_one.ipynb") == "improved 1"
    assert cells(clone / "my-lessons" / "01_one.ipynb") == "my answers"
    _, changed = run.make_working_copies(clone / "notebooks", clone / "my-lessons")
    assert changed == ["01_one.ipynb"]


def test_the_launch_opens_lesson_01_of_the_working_copies_on_localhost():
    args = run.lab_args()
    assert "--ServerApp.ip=127.0.0.1" in args
    assert "--LabApp.default_url=/lab/tree/my-lessons/01_derivatives.ipynb" in args
    assert (ROOT / "notebooks" / run.FIRST_LESSON).exists()


def test_the_type_along_flag_picks_the_type_along_edition_and_its_own_folder():
    extra = ["--type-along", "--no-browser"]
    lessons, work, flag = run.edition(extra)
    assert (lessons, work, flag) == (run.TYPE_ALONG, run.TYPE_ALONG_WORK, " --type-along")
    assert extra == ["--no-browser"]  # the flag is not passed on to JupyterLab
    assert run.edition(["--no-browser"])[:2] == (run.LESSONS, run.WORK)


def test_the_type_along_launch_opens_lesson_01_of_my_type_along():
    args = run.lab_args(work=run.TYPE_ALONG_WORK)
    assert "--LabApp.default_url=/lab/tree/my-type-along/01_derivatives.ipynb" in args
    assert (run.TYPE_ALONG / run.FIRST_LESSON).exists()


def test_type_along_copies_are_kept_apart_from_the_published_ones(tmp_path):
    published, mine = tmp_path / "notebooks", tmp_path / "my-lessons"
    typed, my_typed = tmp_path / "type-along", tmp_path / "my-type-along"
    lesson(published, "04_four.ipynb", "given engine")
    lesson(typed, "04_four.ipynb", "stubs")
    run.make_working_copies(published, mine)
    run.make_working_copies(typed, my_typed)
    lesson(my_typed, "04_four.ipynb", "my engine")
    assert run.make_working_copies(typed, my_typed) == ([], [])
    assert cells(my_typed / "04_four.ipynb") == "my engine"
    assert cells(mine / "04_four.ipynb") == "given engine"
    original, backup = run.reset_lesson("4", typed, my_typed, stamp="T")
    assert cells(my_typed / "04_four.ipynb") == "stubs" and cells(backup) == "my engine"


def test_git_ignores_the_type_along_working_copies():
    assert "my-type-along/" in (ROOT / ".gitignore").read_text().split()

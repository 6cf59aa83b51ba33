"""Each lesson is stored as a clean, complete, top-to-bottom run."""

import json
import re
import subprocess

import pytest

from conftest import NOTEBOOKS, ROOT

LESSONS = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def test_there_are_lessons():
    assert LESSONS


def test_lessons_are_numbered_without_gaps():
    numbers = [int(p.name[:2]) for p in LESSONS]
    assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_is_stored_executed_top_to_bottom(path):
    counts = [c["execution_count"] for c in code_cells(load(path))]
    assert counts == list(range(1, len(counts) + 1))


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_stores_no_error_output(path):
    for cell in code_cells(load(path)):
        for out in cell["outputs"]:
            assert out["output_type"] != "error", out.get("ename")
            assert not (out["output_type"] == "stream" and "Traceback" in out["text"])


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_uses_the_python3_kernel(path):
    spec = load(path)["metadata"]["kernelspec"]
    assert spec["name"] == "python3" and spec["language"] == "python"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_is_listed_in_the_readme(path):
    assert f"notebooks/{path.name}" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_opens_with_its_goals_and_ends_with_a_summary(path):
    cells = load(path)["cells"]
    first = "".join(cells[0]["source"])
    assert cells[0]["cell_type"] == "markdown"
    assert "you will be able to" in first.lower()
    headings = [line for c in cells if c["cell_type"] == "markdown"
                for line in "".join(c["source"]).splitlines() if line.startswith("#")]
    assert any(re.match(r"#+ .*Exercises", h) for h in headings)
    assert any(re.match(r"#+ .*Summary", h) for h in headings)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_no_trailing_semicolon_hides_output(path):
    # nbval shows the output that a trailing `;` hides in Jupyter.
    for cell in code_cells(load(path)):
        lines = [l for l in "".join(cell["source"]).splitlines()
                 if l.strip() and not l.strip().startswith("#")]
        assert not (lines and lines[-1].rstrip().endswith(";")), cell["source"]


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_output_is_only_ignored_where_it_is_machine_dependent(path):
    for cell in code_cells(load(path)):
        source = "".join(cell["source"])
        assert "nbval-skip" not in tags(cell), source
        if "nbval-ignore-output" in tags(cell):
            assert re.search(r"torch|time|perf_counter|_seconds", source), source


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_learner_cells_carry_no_test_plumbing(path):
    # nbval markers are cell tags, and the lesson text never talks about the tests.
    for cell in load(path)["cells"]:
        source = "".join(cell["source"])
        assert not re.search(r"NBVAL_|nbval|sanitize", source, re.IGNORECASE), source
        assert not re.search(r"\bthe tests\b", source, re.IGNORECASE), source


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_first_code_cell_finds_the_modules_from_a_working_copy_too(path):
    # A learner's copy of the lessons lives in my-lessons/, beside notebooks/.
    first = "".join(code_cells(load(path))[0]["source"]).splitlines()[0]
    assert first.startswith('import sys; sys.path[:0] = ["..", "../notebooks"]  # '), first


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_opening_credits_the_lecture_micrograd_and_the_blog_post(path):
    first = "".join(load(path)["cells"][0]["source"])
    assert "Andrej Karpathy" in first
    assert "(https://www.youtube.com/watch?v=VMj-3S1tku0)" in first
    assert "(https://github.com/karpathy/micrograd)" in first
    assert "Backpropagation from scratch" in first


def test_no_checkpoint_folders_are_committed():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True,
                             text=True).stdout.splitlines()
    assert not [f for f in tracked if ".ipynb_checkpoints" in f or "__pycache__" in f]

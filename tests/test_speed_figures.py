"""Every stored speed figure comes from one benchmark run: the lessons' and
the README's tables are made from benchmarks/moons_results.json."""

import json
import re

import pytest

import speed_figures
from conftest import NOTEBOOKS, ROOT


@pytest.fixture(scope="module")
def run():
    return speed_figures.load()


def test_the_stored_run_is_the_full_demo(run):
    assert run["steps"] == 100
    assert {"ours", "ours-gc", "tensor"} <= set(run["results"])


def test_every_engine_of_the_stored_run_reached_the_same_loss(run):
    losses = [r["loss"] for r in run["results"].values()]
    assert max(losses) - min(losses) < 1e-6
    assert all(r["accuracy"] == 1.0 for r in run["results"].values())


def test_the_readme_table_is_made_from_the_stored_run():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert speed_figures.readme_table() in readme, (
        "README.md's speed table is out of date: run `python3 run.py figures`")


def test_the_table_has_a_row_per_engine_in_order(run):
    rows = speed_figures.table(run).splitlines()[2:]
    assert len(rows) == len(run["results"])
    assert rows[0].startswith("| Tensor engine")


def test_a_baseline_column_says_how_many_times_faster(run):
    table = speed_figures.table(run, ("micrograd", "ours"), baseline="micrograd")
    if "micrograd" not in run["results"]:
        pytest.skip("the stored run has no micrograd row")
    first, second = table.splitlines()[2:4]
    assert first.endswith("| 1.0× |")
    assert second.endswith(f"| {speed_figures.times(speed_figures.ratio(run, 'micrograd', 'ours'))} |")


@pytest.mark.parametrize("seconds,text", [(171.6, "172 s"), (3.84, "3.8 s"), (0.38, "0.38 s"),
                                          (0.0153, "15 ms"),
                                          (0.0025, "2.5 ms"), (0.000372, "0.37 ms")])
def test_durations_read_as_people_write_them(seconds, text):
    assert speed_figures.duration(seconds) == text


@pytest.mark.parametrize("x,text", [(0.574, "0.57×"), (1.63, "1.6×"), (45.2, "45×"),
                                    (11_234, "11,200×")])
def test_ratios_read_as_people_write_them(x, text):
    assert speed_figures.times(x) == text


def test_no_lesson_stores_a_speed_table_of_its_own():
    """A table of engine timings in a lesson's markdown would drift from the
    stored run; lessons show speed_figures.lesson_table() instead."""
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            text = "".join(cell["source"])
            if cell["cell_type"] == "markdown":
                assert not re.search(r"\|\s*engine\s*\|", text), path.name
                assert "2-core machine" not in text, path.name


def test_each_lessons_stored_table_is_the_one_the_stored_run_makes():
    """A new benchmark run without re-executing the lessons would leave old
    tables in them (nbval does not compare markdown outputs)."""
    shown = 0
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code" or "lesson_table(" not in "".join(cell["source"]):
                continue
            call = re.search(r"lesson_table\((.*)\)", "".join(cell["source"])).group(1)
            want = eval(f"speed_figures.markdown({call})")  # noqa: S307 -- our own lesson text
            stored = ["".join(o["data"]["text/markdown"]) for o in cell["outputs"]
                      if "text/markdown" in o.get("data", {})]  # stored as a list of lines
            assert stored == [want], f"{path.name}: re-execute it (python3 run.py notebooks)"
            shown += 1
    assert shown >= 2

"""Every lesson still works on a machine without graphviz's `dot` program.

Each lesson is executed top to bottom in a fresh kernel (cwd notebooks/) whose
PATH has no `dot`: every PATH folder that holds one is replaced by a folder of
links to everything else in it.  This is an execution check, not an output
comparison: no cell may raise or print a traceback, the install message must
appear exactly once in a lesson that draws graphs (and never twice anywhere),
and every graph the stored lesson shows as a picture must come out in the
text form instead.
"""

import os
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from autograd_helpers import INSTALL_GRAPHVIZ

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CELL_TIMEOUT = 600  # seconds, bounded but generous on a busy machine


@pytest.fixture(scope="module")
def path_without_dot(tmp_path_factory):
    """A PATH like ours in which no folder holds an executable `dot`."""
    shadow_root = tmp_path_factory.mktemp("no-dot")
    folders = []
    for n, folder in enumerate(os.environ.get("PATH", "").split(os.pathsep)):
        if not folder:
            continue
        if shutil.which("dot", path=folder) is None:
            folders.append(folder)
            continue
        shadow = shadow_root / f"{n}"
        shadow.mkdir()
        for entry in Path(folder).iterdir():
            if entry.name != "dot":
                (shadow / entry.name).symlink_to(entry)
        folders.append(str(shadow))
    path = os.pathsep.join(folders)
    assert shutil.which("dot", path=path) is None
    return path


def texts(output):
    """The text a learner reads in one output."""
    if output.output_type == "stream":
        return [output.text]
    data = output.get("data", {})
    return [data[m] for m in ("text/plain", "text/html") if m in data]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name)
def test_lesson_runs_without_dot(lesson, path_without_dot, tmp_path, monkeypatch):
    # The python3 kernel of this environment, not one from the user's folders.
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter-data"))
    monkeypatch.delenv("JUPYTER_PATH", raising=False)
    stored = nbformat.read(lesson, as_version=4)
    nb = nbformat.read(lesson, as_version=4)
    env = dict(os.environ, PATH=path_without_dot)
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                            allow_errors=True, record_timing=False,
                            resources={"metadata": {"path": str(lesson.parent)}})
    client.execute(env=env)

    problems, said, graphs = [], 0, 0
    for i, (cell, old) in enumerate(zip(nb.cells, stored.cells)):
        if cell.cell_type != "code":
            continue
        for out in cell.outputs:
            if out.output_type == "error":
                problems.append(f"cell {i}: {out.ename}: {out.evalue}")
            for text in texts(out):
                said += text.count(INSTALL_GRAPHVIZ)
                if "Traceback (most recent call last)" in text:
                    problems.append(f"cell {i}: prints a traceback: {text[:300]!r}")
            if "image/svg+xml" in out.get("data", {}):
                problems.append(f"cell {i}: shows an SVG picture although `dot` is missing")
        for old_out in old.get("outputs", []):
            if "image/svg+xml" not in old_out.get("data", {}):
                continue
            graphs += 1
            text_form = old_out["data"].get("text/plain")
            shown = [o.get("data", {}).get("text/plain") for o in cell.outputs]
            if text_form not in shown:
                problems.append(f"cell {i}: the graph's text form is not shown; "
                                f"expected {text_form!r}, outputs {cell.outputs!r:.500}")
    draws_graphs = graphs > 0 or said > 0
    if draws_graphs and said != 1:
        problems.append(f"the install message appears {said} times, expected once")
    assert not problems, f"{lesson.name} without `dot`:\n  " + "\n  ".join(problems)

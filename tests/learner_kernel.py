"""Play a learner in real Jupyter kernels (a tool, not a test module).

Copies the series' modules into a fresh folder, puts copies of the lessons in
its my-lessons/ (as `run.py lab` does), inserts a learner's answer cells after
an exercise's check cell (answer, check; answer, check, check again) and runs
the whole lesson top to bottom in a fresh kernel with nbclient.

    .venv/bin/python tests/learner_kernel.py /tmp/learner/run1 01 02 ...
"""
import json
import shutil
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
from learner_answers import ANSWERS  # noqa: E402


def make_folder(where):
    where = Path(where)
    (where / "notebooks").mkdir(parents=True, exist_ok=True)
    (where / "my-lessons").mkdir(exist_ok=True)
    for f in ("autograd_helpers.py", "autograd_tensor.py"):
        shutil.copy(ROOT / f, where / f)
    shutil.copytree(ROOT / "benchmarks", where / "benchmarks", dirs_exist_ok=True)
    for f in (ROOT / "notebooks").glob("*.py"):
        if f.name not in ("my_engine.py", "my_network.py"):
            shutil.copy(f, where / "notebooks" / f.name)
    return where


def lesson_with_answers(nn, answers):
    path = next((ROOT / "notebooks").glob(f"{nn}_*.ipynb"))
    nb = nbformat.read(path, 4)
    inserts = []  # (after index, [cells])
    for stub_idx, variants in answers:
        check_src = nb.cells[stub_idx + 1].source
        cells = []
        for label, src, times in variants:
            cells.append(nbformat.v4.new_code_cell(f"# LEARNER {label}\n" + src, metadata={"learner": label}))
            for _ in range(times):
                cells.append(nbformat.v4.new_code_cell(check_src, metadata={"learner": label}))
        inserts.append((stub_idx + 1, cells))
    for after, cells in sorted(inserts, reverse=True):
        nb.cells[after + 1:after + 1] = cells
    return path.name, nb


def run(where, nn, answers=None, extra=None):
    where = Path(where)
    name, nb = lesson_with_answers(nn, answers if answers is not None else ANSWERS.get(nn, []))
    if extra:
        nb = extra(nb)
    client = NotebookClient(nb, timeout=900, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(where / "my-lessons")}})
    client.execute()
    nbformat.write(nb, where / "my-lessons" / name)
    report = []
    for i, c in enumerate(nb.cells):
        if c.cell_type != "code":
            continue
        text = "".join(o.get("text", "") if o.output_type == "stream" else
                       (o.get("ename", "") + ": " + o.get("evalue", "") if o.output_type == "error" else
                        "".join(o.get("data", {}).get("text/plain", "")))
                       for o in c.outputs)
        errs = [o for o in c.outputs if o.output_type == "error"]
        if "check(" in c.source or "learner" in c.metadata or errs or "board." in c.source:
            report.append(f"[{i}] {c.metadata.get('learner', '')} :: {c.source.splitlines()[0][:70]}\n    " +
                          text.strip().replace("\n", "\n    ")[:1500])
    return "\n".join(report)


if __name__ == "__main__":
    where = make_folder(sys.argv[1])
    for nn in sys.argv[2:]:
        print(f"===== lesson {nn}", flush=True)
        print(run(where, nn), flush=True)

"""Play a learner through the TYPE-ALONG edition in real Jupyter kernels (a tool, not a test).

Makes a folder that looks like a clone (git clone of this worktree, .venv symlinked),
copies type-along/*.ipynb to my-type-along/ (as `run.py lab --type-along` does), and
runs a lesson top to bottom in a fresh kernel with nbclient.  The untouched stub and
its check run first (what a learner sees first); after a piece's check cell the plan's
steps are inserted: hints, attempts (the stub cell again, with the piece's body
filled in as typed, then the check), the solution, the final answer.

    .venv/bin/python tests/learner_type_along/kernel_run.py /tmp/tal PLAN 02 04 ...

PLAN is a module in this folder (plans.py by default) with PLANS = {lesson: {piece: steps}}
and optional EXTRA = {lesson: [(after cell source startswith, [sources])]}.
"""
import importlib
import re
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "notebooks"), str(HERE)]
import type_along  # noqa: E402

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def make_folder(where):
    where = Path(where)
    repo = where / "repo"
    if not repo.exists():
        subprocess.run(["git", "clone", "-q", str(ROOT), str(repo)], check=True)
        (repo / ".venv").symlink_to((ROOT / ".venv").resolve())
        (repo / "my-type-along").mkdir()
        for f in sorted((repo / "type-along").glob("*.ipynb")):
            (repo / "my-type-along" / f.name).write_bytes(f.read_bytes())
    return repo


def with_plan(nb, lesson, plan, extra=()):
    current = {}   # stub cell index -> its source as the learner has it now
    inserts = []   # (after index, [cells])
    for i, cell in enumerate(nb.cells):
        name = cell.metadata.get("type_along_check")
        if not name or name not in plan:
            continue
        stub_i = i
        while "type_along" not in nb.cells[stub_i].metadata:
            stub_i -= 1
        p = type_along.piece_named(lesson, name)
        src = current.setdefault(stub_i, nb.cells[stub_i].source)
        cells = []
        for step in plan[name]:
            if step == "hint":
                cells.append(f"piece.{name}.hint()")
            elif step == "solution":
                cells.append(f"piece.{name}.solution()")
            elif step == "check":
                cells.append(cell.source)
            elif step[0] == "code":
                cells.append(step[1])
            elif step[0] == "fill":
                _, label, body = step
                src = type_along.fill(src, p.path, body)
                cells.append(f"# LEARNER {name}: {label}\n" + src)
                cells.append(cell.source)
        current[stub_i] = src
        inserts.append((i, [nbformat.v4.new_code_cell(s, metadata={"learner": name}) for s in cells]))
    for start, sources in extra:
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and cell.source.startswith(start):
                inserts.append((i, [nbformat.v4.new_code_cell(s, metadata={"learner": "extra"})
                                    for s in sources]))
                break
        else:
            raise KeyError(start)
    for after, cells in sorted(inserts, key=lambda t: -t[0]):
        nb.cells[after + 1:after + 1] = cells
    return nb


def seconds(cell):
    t = cell.metadata.get("execution", {})
    a, b = t.get("iopub.execute_input"), t.get("shell.execute_reply")
    if not (a and b):
        return 0.0
    f = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
    return (f(b) - f(a)).total_seconds()


def text_of(cell):
    out = []
    for o in cell.outputs:
        if o.output_type == "stream":
            out.append(o.text)
        elif o.output_type == "error":
            out.append(ANSI.sub("", "\n".join(o.traceback[-6:])))
        else:
            out.append("".join(o.get("data", {}).get("text/plain", "")))
    return "".join(out).strip()


def run(repo, lesson, plan, extra=()):
    path = next((repo / "my-type-along").glob(f"{lesson}_*.ipynb"))
    nb = with_plan(nbformat.read(path, 4), lesson, plan, extra)
    client = NotebookClient(nb, timeout=900, kernel_name="python3", allow_errors=True,
                            record_timing=True,
                            resources={"metadata": {"path": str(repo / "my-type-along")}})
    t0 = time.time()
    client.execute()
    nbformat.write(nb, path)   # the learner's copy, as they left it
    lines = [f"===== lesson {lesson} ({time.time() - t0:.0f} s)"]
    for i, c in enumerate(nb.cells):
        if c.cell_type != "code":
            continue
        text = text_of(c)
        errs = any(o.output_type == "error" for o in c.outputs)
        interesting = ("learner" in c.metadata or "type_along_check" in c.metadata
                       or "type_along" in c.metadata or errs or "piece." in c.source
                       or "save_" in c.source or "load_" in c.source)
        slow = seconds(c)
        if interesting or slow > 3:
            head = c.source.splitlines()[0][:90] if c.source else ""
            lines.append(f"[{i}] {c.metadata.get('learner', '')} ({slow:.1f}s) :: {head}\n    "
                         + text.replace("\n", "\n    ")[:2500])
    return "\n".join(lines)


if __name__ == "__main__":
    where, plan_name, *lessons = sys.argv[1:]
    plans = importlib.import_module(plan_name)
    repo = make_folder(where)
    for nn in lessons:
        print(run(repo, nn, plans.PLANS.get(nn, {}), plans.EXTRA.get(nn, ())), flush=True)

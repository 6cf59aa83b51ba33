"""Round 2: lesson 04 of the type-along edition opened alone (a download, Colab).
Copies type-along/04_automatic_backward.ipynb into an empty folder, runs its kernel there
with BFS_SERIES set to a local clone, and runs the first cells, the untouched first piece's
check, then the first piece written right and its check.

    .venv/bin/python tests/learner_type_along/round2/alone.py /tmp/alone-test /work/main
"""
import os
import shutil
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path[:0] = [str(HERE.parent), str(ROOT), str(ROOT / "notebooks")]
import type_along  # noqa: E402
from kernel_run import text_of  # noqa: E402

where, series = Path(sys.argv[1]), sys.argv[2]
if where.exists():
    shutil.rmtree(where)
where.mkdir(parents=True)
name = "04_automatic_backward.ipynb"
shutil.copy(ROOT / "type-along" / name, where / name)
nb = nbformat.read(where / name, 4)
first = next(i for i, c in enumerate(nb.cells) if c.metadata.get("type_along"))
check = next(i for i, c in enumerate(nb.cells) if c.metadata.get("type_along_check"))
stub = nb.cells[first].source
right = type_along.fill(stub, type_along.piece_named("04", "add_backward").path,
                        "self.grad += out.grad\nother.grad += out.grad")
cells = [c for c in nb.cells[:first] if c.cell_type == "code"]
cells += [nbformat.v4.new_code_cell(stub), nbformat.v4.new_code_cell(nb.cells[check].source),
          nbformat.v4.new_code_cell(right), nbformat.v4.new_code_cell(nb.cells[check].source),
          nbformat.v4.new_code_cell("import autograd_helpers, type_along; print(autograd_helpers.__file__)")]
run = nbformat.v4.new_notebook(cells=cells, metadata=nb.metadata)
os.environ["BFS_SERIES"] = series
client = NotebookClient(run, timeout=600, kernel_name="python3", allow_errors=True,
                        record_timing=True, resources={"metadata": {"path": str(where)}})
t0 = time.time()
client.execute()
print(f"===== 04 alone in {where} ({time.time() - t0:.1f} s)")
for i, c in enumerate(run.cells):
    print(f"[{i}] {c.source.splitlines()[0][:80]}\n    " + text_of(c).replace("\n", "\n    ")[:1500])
print("folder:", sorted(p.name for p in where.iterdir()))

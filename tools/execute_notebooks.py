"""Re-execute lessons in place, each in a fresh kernel, top to bottom.

    python tools/execute_notebooks.py                 # every lesson
    python tools/execute_notebooks.py notebooks/03_*.ipynb

This is the only way stored outputs are made.  Running it twice leaves
`git diff` empty: cell timings are not recorded, and the random ids that
ipywidgets gives its widget models are renumbered in order of appearance.
"""

import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python",
              "name": "python3"}
MODEL_ID = re.compile(r"\b[0-9a-f]{32}\b")


def renumber_widget_ids(text):
    """Replace each widget model id (32 hex digits) by a counter, consistently."""
    ids = {}

    def stable(match):
        return ids.setdefault(match.group(0), f"{len(ids) + 1:032x}")
    return MODEL_ID.sub(stable, text)


def execute(path):
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = KERNELSPEC
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    text = renumber_widget_ids(nbformat.writes(nb)) + "\n"
    path.write_text(text, encoding="utf-8")
    return seconds


def main(args):
    paths = [Path(a).resolve() for a in args] or sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    total = 0.0
    for path in paths:
        seconds = execute(path)
        total += seconds
        print(f"{path.relative_to(ROOT)}: executed in {seconds:.1f} s", flush=True)
    print(f"{len(paths)} notebook(s), {total:.1f} s in all")


if __name__ == "__main__":
    main(sys.argv[1:])

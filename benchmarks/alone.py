"""How long a lesson opened alone takes to be ready: its first cell, fetch included.

    python benchmarks/alone.py [LESSON]     (default: 04_automatic_backward.ipynb)

Copies the lesson into an empty folder and runs its first cell in a fresh
kernel, with BFS_SERIES pointing at this repository (a local clone stands in
for GitHub, so the network is not timed).  Reports the time from starting the
kernel to the first cell's end, and the fetch alone.
"""

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def main(lesson="04_automatic_backward.ipynb"):
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(ROOT / "notebooks" / lesson, Path(folder) / lesson)
        nb = nbformat.read(Path(folder) / lesson, as_version=4)
        first = next(c for c in nb.cells if c.cell_type == "code")
        nb.cells = [first]
        os.environ["BFS_SERIES"] = str(ROOT)
        client = NotebookClient(nb, timeout=600, kernel_name="python3",
                                resources={"metadata": {"path": folder}})
        start = time.perf_counter()
        client.execute()
        ready = time.perf_counter() - start
        said = "".join(o.get("text", "") for o in first.outputs)
        assert "Opened alone" in said, said
        start = time.perf_counter()
        shutil.rmtree(Path(folder) / "bfs-series")
        os.system(f"git clone -q --depth=1 --branch=main {ROOT} {folder}/bfs-series 2>/dev/null")
        fetch = time.perf_counter() - start
    print(f"{lesson} opened alone: ready after {ready:.1f} s (kernel start, fetch and "
          f"imports); the fetch from a local clone alone takes {fetch:.1f} s")


if __name__ == "__main__":
    main(*sys.argv[1:])

"""How long each lesson takes to run, against the series' time budgets.

    python benchmarks/lessons.py            # every lesson, in a fresh kernel each
    python benchmarks/lessons.py --nbval    # and the whole strict nbval run

Kernel time is the sum of the cells' own execution times (as Jupyter records
them); wall time adds starting the kernel.  Nothing is written back to the
notebooks.  Budgets: lessons 01-05 together under 30 s of kernel time, lesson
08 under 20 s, lesson 09 under 15 s, lesson 10 under 20 s, and the whole
series under nbval in about two minutes.
"""

import argparse
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def kernel_seconds(nb):
    """The summed execution time of the code cells, from Jupyter's timings."""
    total = 0.0
    for cell in nb.cells:
        timing = cell.metadata.get("execution", {})
        start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
        if start and end:
            total += (datetime.fromisoformat(end.replace("Z", "+00:00"))
                      - datetime.fromisoformat(start.replace("Z", "+00:00"))).total_seconds()
    return total


def run(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", record_timing=True,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    return kernel_seconds(nb), time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nbval", action="store_true", help="also time pytest --nbval notebooks/")
    args = parser.parse_args()

    kernel = {}
    print(f"{'lesson':<40} {'kernel':>8} {'wall':>8}")
    for path in LESSONS:
        kernel[path.name], wall = run(path)
        print(f"{path.name:<40} {kernel[path.name]:>7.1f}s {wall:>7.1f}s", flush=True)
    first_five = sum(s for name, s in kernel.items() if name[:2] <= "05")
    print(f"{'all lessons':<40} {sum(kernel.values()):>7.1f}s")
    checks = [("lessons 01-05 kernel time < 30 s", first_five, 30.0)]
    for number, budget in (("08", 20.0), ("09", 15.0), ("10", 20.0)):
        for name, seconds in kernel.items():
            if name.startswith(number + "_"):
                checks.append((f"lesson {number} kernel time < {budget:.0f} s", seconds, budget))
    if args.nbval:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pytest", "--nbval", "-q", "notebooks/"],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        checks.append(("whole series under strict nbval < 120 s",
                       time.perf_counter() - start, 120.0))
    print()
    for label, seconds, budget in checks:
        verdict = "ok" if seconds < budget else "OVER BUDGET"
        print(f"{label:<45} {seconds:6.1f} s   {verdict}")


if __name__ == "__main__":
    main()

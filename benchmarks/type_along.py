"""How long it takes to make the type-along edition, and to check every piece.

    python benchmarks/type_along.py

Generation reads the ten published lessons and writes their type-along
edition (to a temporary folder, so type-along/ is not touched); it should
take seconds, not minutes.  The checks are timed on the lesson's own code:
what a learner waits for after running a check cell.
"""

import contextlib
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "notebooks"), str(ROOT / "tools")]

import make_type_along  # noqa: E402
import type_along  # noqa: E402


def time_generation(repeats=5):
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeats):
            start = time.perf_counter()
            make_type_along.generate(folder)
            times.append(time.perf_counter() - start)
    return times


def main():
    times = time_generation()
    print(f"generate the type-along edition (10 lessons, {len(type_along.PIECES)} pieces): "
          f"median {statistics.median(times):.2f} s, slowest {max(times):.2f} s "
          f"over {len(times)} runs")
    sys.path.insert(0, str(ROOT / "tests"))
    import os
    os.chdir(ROOT / "notebooks")
    from test_type_along import evaluate  # runs each lesson up to the piece, then the check
    slowest = []
    for piece in type_along.PIECES:
        body = type_along.reference_body(piece.lesson, piece.name)
        evaluate(piece, body, "warm-up")
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            result = evaluate(piece, body, "timed")
        slowest.append((time.perf_counter() - start, f"{piece.lesson} {piece.name}",
                        result.status))
    slowest.sort(reverse=True)
    print("slowest checks (lesson's own code): " + ", ".join(
        f"{name} {seconds:.2f} s" for seconds, name, _ in slowest[:5]))
    assert all(status == "correct" for _, _, status in slowest)


if __name__ == "__main__":
    main()

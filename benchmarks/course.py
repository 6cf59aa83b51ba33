"""How long nbgrader takes to grade the course edition: one submission of all ten lessons.

    python benchmarks/course.py        (needs nbgrader: pip install nbgrader==0.9.6)

Makes the course in a temporary folder (tools/make_course.py), generates the ten
assignments, submits the reference answers as one student, and times
`nbgrader autograde` for that student.  A class means hundreds of submissions:
the target is under a minute per student on a 2-core machine.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tools"), str(ROOT / "tests"), str(ROOT / "notebooks")]

import make_course  # noqa: E402
from test_course import LESSONS, nbgrader_cli, reference_for, submit  # noqa: E402


def main():
    with tempfile.TemporaryDirectory() as folder:
        course = Path(folder)
        start = time.perf_counter()
        make_course.make(course)
        made = time.perf_counter() - start
        start = time.perf_counter()
        result = nbgrader_cli(course, "generate_assignment", "[0-9]*")
        generated = time.perf_counter() - start
        assert result.returncode == 0, result.stderr[-2000:]
        for lesson in LESSONS:
            submit(course, "student", lesson, reference_for(course, lesson))
        start = time.perf_counter()
        result = nbgrader_cli(course, "autograde", "[0-9]*", "--create")
        graded = time.perf_counter() - start
        assert result.returncode == 0, result.stderr[-2000:]
    print(f"make the course (10 lessons): {made:.1f} s")
    print(f"nbgrader generate_assignment (10 assignments): {generated:.1f} s")
    print(f"nbgrader autograde, one submission of all ten lessons: {graded:.1f} s "
          f"(target: under 60 s on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()

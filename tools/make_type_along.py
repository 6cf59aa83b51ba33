#!/usr/bin/env python3
"""Generate the type-along edition from the published lessons.

    python3 tools/make_type_along.py            write type-along/ (all ten lessons)
    python3 tools/make_type_along.py --check    exit 1 if type-along/ is out of date
    python3 tools/make_type_along.py --filled DIR
        the edition as a learner who typed the lesson's own code would have it
        after running it (pieces filled in, published outputs, every check's
        verdict): what the tests run under strict nbval

The pieces are marked once, in the published lessons' cell metadata, and
described in notebooks/type_along.py; this tool only puts the two together.
A lesson without pieces is copied as it is.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "notebooks"
EDITION = ROOT / "type-along"
sys.path[:0] = [str(ROOT), str(LESSONS)]

import nbformat  # noqa: E402

import type_along  # noqa: E402


def lessons(folder=LESSONS):
    return sorted(Path(folder).glob("[0-9][0-9]_*.ipynb"))


def render(path, filled=False):
    """The text of the type-along edition of the lesson at ``path``."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    made = type_along.edition(nb, path.name[:2], filled=filled)
    return nbformat.writes(nbformat.from_dict(made)) + "\n"


def generate(out=EDITION, filled=False):
    """Write the edition to ``out``; returns the files written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path in lessons():
        target = out / path.name
        text = render(path, filled)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def stale(out=EDITION):
    """Lessons whose file in ``out`` differs from a fresh generation."""
    return [p.name for p in lessons()
            if not (Path(out) / p.name).exists()
            or (Path(out) / p.name).read_text(encoding="utf-8") != render(p)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if type-along/ is not what the lessons generate")
    parser.add_argument("--filled", metavar="DIR",
                        help="write the filled edition (for the tests) to DIR")
    args = parser.parse_args(argv)
    if args.check:
        behind = stale()
        if behind:
            print("type-along/ is out of date for " + ", ".join(behind)
                  + ": run python3 tools/make_type_along.py")
            return 1
        print("type-along/ is up to date")
        return 0
    if args.filled:
        files = generate(args.filled, filled=True)
        print(f"wrote the filled edition of {len(files)} lessons to {args.filled}")
        return 0
    files = generate()
    print(f"wrote the type-along edition of {len(files)} lessons to "
          f"{EDITION.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())

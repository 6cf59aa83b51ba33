#!/usr/bin/env python3
"""Write an nbgrader course (nbgrader 0.9.6) from the published lessons.

    python3 tools/make_course.py DIR          (or: python3 run.py course DIR)

DIR gets ``nbgrader_config.py`` and ``source/<lesson>/``: one assignment per
lesson, with the lesson as ``<lesson>.ipynb`` and the series' modules beside
it (a released lesson imports them from its own folder).  In each lesson:

- every piece of the engine the type-along edition marks (notebooks/type_along.py)
  and every exercise stub is a solution region: the lesson's (or the
  exercise's) own code between ``### BEGIN SOLUTION`` and ``### END SOLUTION``,
  which ``nbgrader generate_assignment`` replaces by ``raise NotImplementedError()``;
- every check cell (``piece.NAME.check(...)``, ``exN.check(...)``) is an
  autograded test worth one point: under nbgrader (NBGRADER_EXECUTION is set) a
  check that does not pass raises AssertionError with its usual message;
- every other cell is locked (nbgrader restores it, and a changed test cell is
  flagged by its checksum).

Solutions stay out of the released notebooks; ``solution()`` says so in a
course (a file COURSE beside the modules marks it).  The checks' own modules
hold reference answers in plain Python, as any autograder's tests must.
"""

import argparse
import ast
import inspect
import importlib
import json
import re
import shutil
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "notebooks"
sys.path[:0] = [str(ROOT), str(LESSONS)]

import nbformat  # noqa: E402

import type_along  # noqa: E402

# The modules a released lesson imports (from its own folder).
MODULES = [ROOT / "autograd_helpers.py", ROOT / "autograd_tensor.py"] + sorted(
    p for p in LESSONS.glob("*.py") if p.name not in ("my_engine.py", "my_network.py"))
DATA = [ROOT / "benchmarks" / "moons_results.json"]   # lessons 08 and 10's tables
CHECK = re.compile(r"^\s*(ex\d+)\.check\(")
POINTS = 1

CONFIG = '''"""nbgrader settings for the Backprop from Scratch course (made by run.py course)."""

c = get_config()  # noqa: F821 -- provided by nbgrader

c.CourseDirectory.course_id = "backprop-from-scratch"
# A released stub keeps the lesson's own comment above it; nbgrader adds only the raise.
c.ClearSolutions.code_stub = {"python": "raise NotImplementedError()"}
# Lessons 08 and 10 train networks: give each cell time on a slow machine.
c.Execute.timeout = 300
# `nbgrader validate` shows a check's whole message (it cuts lines at 90 by default).
c.Validator.width = 1000
'''


def _exercise_reference(lesson, name):
    """The source of exercise ``name``'s reference answer (exercises_NN.exN)."""
    module = importlib.import_module(f"exercises_{lesson}")
    exercise = getattr(module, name)
    if exercise.reference is None:
        raise ValueError(f"lesson {lesson}'s {name} has no reference answer")
    return textwrap.dedent(inspect.getsource(exercise.reference))


def _raises(tree):
    """(path of the def holding it, the raise) for each `raise NotImplementedError`."""
    found = []

    def walk(node, path):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.ClassDef)):
                walk(child, path + [child.name])
            elif isinstance(child, ast.Raise) and child.exc is not None and "NotImplementedError" in ast.unparse(child.exc):
                found.append((".".join(path), child))
            else:
                walk(child, path)
    walk(tree, [])
    return found


def exercise_regions(source, reference):
    """``source`` (an exercise's stub cell) with each stub raise replaced by a
    solution region holding the reference's code for the same def (without the
    lines the stub already gives)."""
    ref_tree = ast.parse(reference)
    top = next(n for n in ref_tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef)))
    for path, _ in reversed(_raises(ast.parse(source))):
        tree = ast.parse(source)
        node = type_along._find(tree, path)
        raise_node = next(r for p, r in _raises(tree) if p == path)
        ref_path = ".".join([top.name] + path.split(".")[1:])
        ref_body = type_along.body_of(reference, ref_path)
        given = [ast.dump(s) for s in node.body if s.lineno < raise_node.lineno]
        ref_stmts = ast.parse(ref_body).body
        kept = 0
        while kept < min(len(given), len(ref_stmts)) and ast.dump(ref_stmts[kept]) == given[kept]:
            kept += 1
        lines = ref_body.splitlines()
        solution = "\n".join(lines[ref_stmts[kept].lineno - 1:]) if kept < len(ref_stmts) else "pass"
        src_lines = source.splitlines(keepends=True)
        line = src_lines[raise_node.lineno - 1]
        indent = line[:len(line) - len(line.lstrip())]
        comment = line.split("#", 1)[1].strip() if "#" in line.split("NotImplementedError", 1)[1] else None
        region = ([f"{indent}# {comment}\n"] if comment else []) + [f"{indent}### BEGIN SOLUTION\n"] + [
            (indent + s if s.strip() else "") + "\n" for s in solution.splitlines()] + [
            f"{indent}### END SOLUTION\n"]
        end = raise_node.end_lineno
        src_lines[raise_node.lineno - 1:end] = region
        source = "".join(src_lines).rstrip("\n")
    return source


def _meta(cell, **fields):
    cell.setdefault("metadata", {})["nbgrader"] = dict(fields, schema_version=3)


def course_notebook(path):
    """The course edition of the published lesson at ``path`` (a dict)."""
    lesson = path.name[:2]
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb = type_along.edition(nb, lesson, course=True)
    cells = nb["cells"]
    # no links to the published lessons (which hold the engine's code) in a course
    intro = "".join(cells[0]["source"])
    cells[0]["source"] = "\n".join(line for line in intro.split("\n")
                                   if not line.startswith("[Open in Colab](")).rstrip("\n")
    for i, cell in enumerate(cells):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        cid = re.sub(r"[^A-Za-z0-9_-]", "-", cell.get("id") or f"cell-{i}")
        if cell["cell_type"] != "code":
            _meta(cell, grade=False, solution=False, locked=True, grade_id=f"md-{cid}")
            continue
        cell["outputs"], cell["execution_count"] = [], None
        following = cells[i + 1] if i + 1 < len(cells) else None
        next_source = "".join(following["source"]) if following else ""
        checked = CHECK.match(next_source) if following else None
        marked = cell.get("metadata", {}).get(type_along.KEY)
        if marked:
            _meta(cell, grade=False, solution=True, locked=False,
                  grade_id=f"piece-{lesson}-{marked[0]}")
        elif checked and "NotImplementedError" in source:
            cell["source"] = exercise_regions(source, _exercise_reference(lesson, checked[1]))
            _meta(cell, grade=False, solution=True, locked=False,
                  grade_id=f"answer-{lesson}-{checked[1]}")
        elif cell.get("metadata", {}).get(type_along.CHECK_KEY) or CHECK.match(source):
            name = cell.get("metadata", {}).get(type_along.CHECK_KEY) or CHECK.match(source)[1]
            _meta(cell, grade=True, solution=False, locked=True, points=POINTS,
                  grade_id=f"check-{lesson}-{name}")
        else:
            _meta(cell, grade=False, solution=False, locked=True, grade_id=f"code-{cid}")
    return nb


def make(out):
    """Write the course to ``out``; returns the assignment names."""
    out = Path(out)
    (out / "source").mkdir(parents=True, exist_ok=True)
    (out / "nbgrader_config.py").write_text(CONFIG, encoding="utf-8")
    names = []
    for path in sorted(LESSONS.glob("[0-9][0-9]_*.ipynb")):
        folder = out / "source" / path.stem
        folder.mkdir(parents=True, exist_ok=True)
        nb = course_notebook(path)
        text = nbformat.writes(nbformat.from_dict(nb)) + "\n"
        (folder / path.name).write_text(text, encoding="utf-8")
        for module in MODULES:
            shutil.copy(module, folder / module.name)
        for data in DATA:
            (folder / data.parent.name).mkdir(exist_ok=True)
            shutil.copy(data, folder / data.parent.name / data.name)
        (folder / "COURSE").write_text("This lesson is part of an nbgrader course: "
                                       "solution() shows no answers here.\n", encoding="utf-8")
        names.append(path.stem)
    return names


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", help="the course directory to write (made if missing)")
    args = parser.parse_args(argv)
    names = make(args.dir)
    print(f"wrote an nbgrader course of {len(names)} lessons to {args.dir}: "
          f"nbgrader_config.py and source/<lesson>/ ({names[0]} ... {names[-1]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

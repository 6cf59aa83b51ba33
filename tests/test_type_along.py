"""The type-along edition: one source, two editions, and a check per piece that tells the truth.

Every piece marked in the published lessons is turned into a stub and filled
back in: with the lesson's own code it gives the published cell byte for
byte; with a right answer written in another style its check says correct;
with each named mistake its check names that mistake; untouched it says "not
attempted".  The filled edition passes strict nbval with the published
outputs, and an engine assembled from other-style pieces trains lesson 08's
network to 100%.
"""

import contextlib
import io
import json
import linecache
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
sys.path[:0] = [str(ROOT / "tools")]

import make_type_along  # noqa: E402
import type_along  # noqa: E402
from type_along import PIECES, Pieces, body_of, fill, marked_cells, piece_named, stub  # noqa: E402

LESSONS_WITH_PIECES = sorted({p.lesson for p in PIECES})


def _cells(lesson):
    nb = json.loads(type_along.lesson_file(lesson).read_text(encoding="utf-8"))
    return nb["cells"]


# ---------------------------------------------------------------------------
# One source
# ---------------------------------------------------------------------------

def test_every_marked_piece_is_described():
    for lesson in LESSONS_WITH_PIECES:
        for name in marked_cells(lesson):
            piece_named(lesson, name)


def test_every_described_piece_is_marked_in_its_lesson():
    for p in PIECES:
        assert p.name in marked_cells(p.lesson), (p.lesson, p.name)


@pytest.mark.parametrize("piece", PIECES, ids=lambda p: f"{p.lesson}-{p.name}")
def test_stub_filled_with_the_lessons_code_gives_the_published_cell(piece):
    published = marked_cells(piece.lesson)[piece.name]
    body = body_of(published, piece.path)
    stubbed = stub(published, piece)
    assert "NotImplementedError" in stubbed and type_along.STUB_MARK in stubbed
    assert body not in stubbed
    assert fill(stubbed, piece.path, body) == published


def test_the_edition_in_the_repository_is_up_to_date():
    assert make_type_along.stale() == [], "run python3 tools/make_type_along.py"


def test_published_lessons_show_no_marker_in_their_code():
    for lesson in LESSONS_WITH_PIECES:
        for cell in _cells(lesson):
            assert type_along.STUB_MARK not in "".join(cell["source"])


def test_the_edition_has_a_check_cell_right_after_each_piece():
    for lesson in LESSONS_WITH_PIECES:
        nb = json.loads((make_type_along.EDITION / type_along.lesson_file(lesson).name)
                        .read_text(encoding="utf-8"))
        cells = nb["cells"]
        for i, cell in enumerate(cells):
            names = cell.get("metadata", {}).get(type_along.KEY, [])
            after = [c.get("metadata", {}).get(type_along.CHECK_KEY)
                     for c in cells[i + 1:i + 1 + len(names)]]
            assert after == names, (lesson, i)
            if names:
                assert "".join(cell["source"]).count("raise NotImplementedError(") == len(names)
        assert all(not c.get("outputs") for c in cells if c["cell_type"] == "code")


def test_generating_the_edition_takes_seconds(tmp_path):
    import time
    start = time.perf_counter()
    make_type_along.generate(tmp_path)
    assert time.perf_counter() - start < 30


# ---------------------------------------------------------------------------
# Every check, against right answers, named mistakes and untouched stubs
# ---------------------------------------------------------------------------

class LessonState:
    """A published lesson run cell by cell in plain Python, up to a piece's cell."""

    def __init__(self, lesson):
        self.lesson = lesson
        self.cells = _cells(lesson)
        self.ns = {"__name__": "__main__"}
        self.done = 0

    def run_to(self, index):
        for i in range(self.done, index):
            cell = self.cells[i]
            if cell["cell_type"] == "code":
                self.run("".join(cell["source"]), f"<lesson {self.lesson} cell {i}>", self.ns)
        self.done = max(self.done, index)

    @staticmethod
    def run(source, filename, ns):
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(source, filename, "exec"), ns)

    def classes(self):
        return [v for v in self.ns.values()
                if isinstance(v, type) and v.__module__ == self.ns["__name__"]]


_STATES = {}


def _state(lesson):
    if lesson not in _STATES:
        _STATES[lesson] = LessonState(lesson)
    return _STATES[lesson]


def _index_of(lesson, name):
    for i, cell in enumerate(_cells(lesson)):
        if name in cell.get("metadata", {}).get(type_along.KEY, []):
            return i
    raise KeyError(name)


def evaluate(piece, body, label):
    """The check's verdict on the piece's cell with ``body`` as the piece."""
    state = _state(piece.lesson)
    index = _index_of(piece.lesson, piece.name)
    state.run_to(index)
    published = "".join(state.cells[index]["source"])
    source = fill(stub(published, piece), piece.path, body) if body is not None else stub(
        published, piece)
    saved = [(cls, dict(vars(cls))) for cls in state.classes()]
    ns = dict(state.ns)
    try:
        try:  # as in a notebook: the cell may fail after defining the piece
            LessonState.run(source, f"<lesson {piece.lesson} cell {index}: {label}>", ns)
        except Exception:
            pass
        exercise = getattr(Pieces(piece.lesson), piece.name)
        with contextlib.redirect_stdout(io.StringIO()):
            return exercise.evaluate(ns[piece.arg])
    finally:
        for cls, attrs in saved:
            for key in set(vars(cls)) - set(attrs):
                delattr(cls, key)
            for key, value in attrs.items():
                if key not in ("__dict__", "__weakref__") and vars(cls).get(key) is not value:
                    setattr(cls, key, value)


@pytest.fixture(autouse=True)
def _in_the_lessons_folder(monkeypatch):
    monkeypatch.chdir(NOTEBOOKS)  # lessons 06-07 load my_engine.py from their folder


@pytest.mark.parametrize("piece", PIECES, ids=lambda p: f"{p.lesson}-{p.name}")
def test_check_accepts_the_lessons_own_code(piece):
    result = evaluate(piece, type_along.reference_body(piece.lesson, piece.name), "reference")
    assert result.status == "correct", result.message


@pytest.mark.parametrize("piece", PIECES, ids=lambda p: f"{p.lesson}-{p.name}")
def test_check_says_an_untouched_stub_is_not_attempted(piece):
    result = evaluate(piece, None, "stub")
    assert result.status == "not attempted", result.message


STYLES = [(p, i) for p in PIECES for i in range(len(p.styles))]


@pytest.mark.parametrize("piece,i", STYLES, ids=[f"{p.lesson}-{p.name}-{i}" for p, i in STYLES])
def test_check_accepts_a_right_answer_written_another_way(piece, i):
    result = evaluate(piece, piece.styles[i], f"style {i}")
    assert result.status == "correct", result.message


MISTAKES = [(p, m) for p in PIECES for m in p.mistakes]


@pytest.mark.parametrize("piece,mistake", MISTAKES,
                         ids=[f"{p.lesson}-{p.name}-{m}" for p, m in MISTAKES])
def test_check_names_each_mistake(piece, mistake):
    result = evaluate(piece, piece.mistakes[mistake], mistake)
    assert result.status == "wrong", result.message
    assert result.mistake == mistake, result.message


def test_every_piece_has_named_mistakes_to_test_its_check():
    assert all(p.mistakes for p in PIECES)


def test_leftover_stub_raise_below_finished_code_is_named():
    piece = piece_named("04", "add_backward")
    body = type_along.reference_body("04", "add_backward") + "\n" + \
        'raise NotImplementedError("write this piece, run the cell, then its check below")'
    result = evaluate(piece, body, "leftover")
    assert result.mistake == "leftover-stub-raise", result.message


# ---------------------------------------------------------------------------
# The filled edition, under strict nbval; and what the learner wrote trains
# ---------------------------------------------------------------------------

def test_filled_edition_passes_strict_nbval_with_the_published_outputs(tmp_path):
    out = ROOT / ".filled"  # beside notebooks/, where the lessons' paths expect it
    if out.exists():
        for f in out.iterdir():
            f.unlink()
    make_type_along.generate(out, filled=True)
    lessons = [str(out / type_along.lesson_file(n).name) for n in LESSONS_WITH_PIECES]
    lessons.insert(-1, str(out / type_along.lesson_file("08").name))
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run([sys.executable, "-m", "pytest", "--nbval", "-q",
                             "-p", "no:cacheprovider", *lessons], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:]


def _filled_lesson(lesson, pick):
    """A lesson's cells with every piece filled with ``pick(piece)`` as its body."""
    cells = []
    for cell in _cells(lesson):
        source = "".join(cell["source"])
        for name in cell.get("metadata", {}).get(type_along.KEY, []):
            p = piece_named(lesson, name)
            source = fill(stub(source, p), p.path, pick(p))
        cells.append((cell["cell_type"], source))
    return cells


def _run_lesson(lesson, pick, folder, stop=None):
    ns = {"__name__": "__main__"}
    old = os.getcwd()
    os.chdir(folder)
    try:
        for i, (kind, source) in enumerate(_filled_lesson(lesson, pick)):
            if stop is not None and i > stop:
                break
            if kind == "code":
                LessonState.run(source, f"<{folder}/{lesson} cell {i}>", ns)
    finally:
        os.chdir(old)
    return ns


def test_an_engine_written_in_other_styles_trains_lesson_08_to_100_percent(tmp_path):
    def other_style(p):
        return p.styles[0] if p.styles else type_along.reference_body(p.lesson, p.name)

    run05 = _run_lesson("05", other_style, tmp_path, stop=_index_of("05", "relu") + 1)
    Pieces("05").stand_in(run05["Value"])
    from your_engine import save_engine
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            save_engine(run05["Value"])
    finally:
        os.chdir(old)
    saved = (tmp_path / "my_engine.py").read_text()
    assert "the lesson's code" not in saved       # every piece was the learner's
    assert "iter(self._prev)" in saved            # the other-style backward() was saved
    _run_lesson("06", other_style, tmp_path)
    assert (tmp_path / "my_network.py").exists()
    cells = _cells("08")
    stop = next(i for i, c in enumerate(cells) if "final_acc" in "".join(c["source"]))
    ns = {"__name__": "__main__"}
    os.chdir(tmp_path)
    try:
        for i in range(stop + 1):
            if cells[i]["cell_type"] == "code":
                LessonState.run("".join(cells[i]["source"]), f"<08 cell {i}>", ns)
    finally:
        os.chdir(old)
        import gc
        gc.unfreeze()
    assert ns["engine"] == "your engine"
    assert ns["final_acc"] == 1.0


def test_stand_in_uses_the_lessons_code_for_a_failing_piece_and_says_which(tmp_path):
    def with_broken_exp(p):
        if p.name == "exp":
            return p.mistakes["exp-of-2x"]
        return type_along.reference_body(p.lesson, p.name)

    ns = _run_lesson("05", with_broken_exp, tmp_path, stop=_index_of("05", "relu") + 1)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        Pieces("05").stand_in(ns["Value"])
    said = out.getvalue()
    assert said.startswith("1 of your 14 pieces does not pass") and "exp (exp-of-2x)" in said
    V = ns["Value"]
    assert abs(V(1.0).exp().data - 2.718281828459045) < 1e-12
    from your_engine import save_engine
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            save_engine(V)
    finally:
        os.chdir(old)
    assert "# the lesson's code: yours did not pass its check yet" in (
        tmp_path / "my_engine.py").read_text()
    again = io.StringIO()
    with contextlib.redirect_stdout(again):
        Pieces("05").stand_in(V)
    assert "exp (still the lesson's code)" in again.getvalue()


def test_the_edition_saves_through_a_stand_in_cell_in_lessons_05_and_06():
    for lesson, call in (("05", "piece.stand_in(Value)"),
                         ("06", "piece.stand_in(Module, Neuron, Layer, MLP)")):
        nb = json.loads((make_type_along.EDITION / type_along.lesson_file(lesson).name)
                        .read_text(encoding="utf-8"))
        sources = ["".join(c["source"]) for c in nb["cells"]]
        at = sources.index(call)
        assert sources[at + 1].rstrip().endswith(("save_engine(Value)", "save_network(MLP)"))


def test_a_piece_that_calls_another_pieces_stub_names_that_stub():
    result = evaluate(piece_named("04", "backward"),
                      type_along.reference_body("04", "backward"), "with a stub build_topo")
    assert result.status == "correct"  # build_topo is the lesson's here
    state = _state("04")
    topo = piece_named("04", "build_topo")
    ns = dict(state.ns)
    LessonState.run(stub("def build_topo(root):\n    return []\n", topo), "<stub>", ns)
    backward = piece_named("04", "backward")
    source = "def backward(self):\n" + "\n".join(
        "    " + line for line in type_along.reference_body("04", "backward").splitlines())
    saved = dict(vars(ns["Value"]))
    try:
        LessonState.run(source + "\n\nValue.backward = backward\n", "<backward>", ns)
        with contextlib.redirect_stdout(io.StringIO()):
            result = getattr(Pieces("04"), "backward").evaluate(ns["Value"])
    finally:
        if "backward" not in saved:
            del ns["Value"].backward
    assert result.mistake == "depends-on-failing", result.message
    assert "build_topo, which is still a stub" in result.message

"""Round 2, run D (own folder): lesson 05 as in run A (exp left wrong, rtruediv unwritten,
stand-in run, engine saved), then the learner fixes exp and writes rtruediv, runs their
cells and checks again, the stand-in cell and the save cell again: is their code saved
now?  Then 06 (all right) and 07, 08 on that engine.

    cd tests/learner_type_along && ../../.venv/bin/python kernel_run.py /tmp/r2d round2.r2d 05 06 07 08
"""
import sys
from pathlib import Path

import nbformat

from round2.r2a import PLANS as A, SHOW_ENGINE

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "notebooks"))
import type_along  # noqa: E402

NB = nbformat.read(next((Path(__file__).resolve().parents[3] / "type-along").glob("05_*.ipynb")), 4)


def filled(*pairs):
    """The stub cell holding the first piece, with each (piece, body) filled in."""
    cell = next(c for c in NB.cells if pairs[0][0] in c.metadata.get("type_along", []))
    src = cell.source
    for name, body in pairs:
        src = type_along.fill(src, type_along.piece_named("05", name).path, body)
    return src


EXP = 'e = math.exp(self.data)\nout = Value(e, (self,), "exp")\ndef _backward():\n    self.grad += e * out.grad\nout._backward = _backward\nreturn out'
PLANS = {"05": A["05"], "06": A["06"], "07": A["07"]}
EXTRA = {"05": [("from your_engine import save_engine", [
    "# LEARNER fixes exp\n" + filled(("exp", EXP)),
    "piece.exp.check(Value)",
    "# LEARNER writes rtruediv\n" + filled(("rsub", "return -self + other"), ("rtruediv", "return Value(other) / self")),
    "piece.rtruediv.check(Value)",
    "piece.stand_in(Value)",
    "save_engine(Value)",
    SHOW_ENGINE])]}

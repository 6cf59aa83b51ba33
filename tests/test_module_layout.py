"""The helper module stays what a learner can read: small, and only the engine,
drawing and checks (the lesson machinery lives beside the lessons)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_helper_module_is_at_most_700_lines():
    lines = (ROOT / "autograd_helpers.py").read_text(encoding="utf-8").count("\n")
    assert lines <= 700, f"autograd_helpers.py has {lines} lines"


def test_importing_the_helper_module_loads_no_widgets_or_plotting():
    code = ("import sys, autograd_helpers; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('ipywidgets', 'matplotlib', 'numpy')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.strip()
    assert out == "[]"


def test_a_learner_can_import_the_finished_engine_from_the_helper_module():
    import autograd_helpers
    for name in ("Value", "Module", "Neuron", "Layer", "MLP", "topological_order",
                 "gc_paused", "trace", "draw_dot", "graph_text", "numerical_grad",
                 "gradcheck"):
        assert hasattr(autograd_helpers, name), name

"""Lesson 09's buggy engine, its fixes, its hidden variants and the hunt board
(notebooks/bug_hunt.py)."""

import json
import math
import random

import pytest

import bug_hunt as bh
from autograd_helpers import MLP as RefMLP
from autograd_helpers import Value as RefValue
from autograd_helpers import trace as ref_trace
from conftest import NOTEBOOKS

LESSON = NOTEBOOKS / "09_bug_hunt.ipynb"


def _code_cells():
    nb = json.loads(LESSON.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def test_the_lesson_shows_exactly_the_engine_the_module_tests():
    assert bh.ENGINE_CODE.rstrip("\n") in _code_cells()


def test_the_lesson_credits_the_post_the_lecture_and_micrograd():
    nb = json.loads(LESSON.read_text(encoding="utf-8"))
    first = "".join(nb["cells"][0]["source"])
    assert "Backpropagation from scratch" in first
    assert "The spelled-out intro to neural networks and backpropagation: building micrograd" in first
    assert "https://github.com/karpathy/micrograd" in first


# --- the engine trains, buggy or not ------------------------------------------

def test_the_buggy_engine_trains_and_its_loss_falls():
    losses, _ = bh.train(bh.buggy_engine().Value)
    assert losses[-1] < 0.01 * losses[0]
    assert all(b < a for a, b in zip(losses[:20], losses[1:20]))


def test_the_fixed_engine_trains_exactly_like_the_reference_engine():
    losses, _ = bh.train(bh.fixed_engine().Value)
    model = RefMLP(3, [4, 4, 1], rng=random.Random(3))
    ref = []
    for _ in range(100):
        loss = sum((ygt - model(x)) ** 2 for x, ygt in zip(bh.XS, bh.YS))
        model.zero_grad()
        loss.backward()
        for p in model.parameters():
            p.data += -0.05 * p.grad
        ref.append(loss.data)
    assert losses == pytest.approx(ref, rel=1e-12, abs=1e-15)


def test_only_the_order_bug_changes_the_training():
    fixed, _ = bh.train(bh.fixed_engine().Value, steps=30)
    for bug in bh.BUGS:
        losses, _ = bh.train(bh.engine_with([bug]).Value, steps=30)
        assert (losses != fixed) == (bug == "order"), bug


# --- each bug, and what exposes it --------------------------------------------

EXPOSERS = {
    "relu": (lambda a: a.relu() + a, (-1.5,)),
    "exp": (lambda a: a.exp(), (0.5,)),
    "rsub": (lambda a: 2 - a, (3.0,)),
    "walk": (lambda a: bh.doubled(a, 12), (0.5,)),
    "pow": (lambda a: a ** 2 + a, (1.5,)),
    "order": (bh.reused, (0.7,)),
    "rtruediv": (lambda a: 2 / a, (4.0,)),
}


@pytest.mark.parametrize("bug", bh.BUGS)
def test_each_bug_is_exposed_by_its_own_example_and_by_no_other(bug):
    f, inputs = EXPOSERS[bug]
    assert bh.exposed_bugs(f, *inputs) == [bug]


def test_an_example_that_touches_no_bug_exposes_none():
    assert bh.exposed_bugs(lambda a, b: a * b + b, 1.5, -2.0) == []
    assert bh.exposed_bugs(lambda a: (a * 2).tanh() * 3, 0.7) == []


def test_one_extra_read_of_a_shared_value_is_not_counted_as_a_runaway_walk():
    # a*b + b reads b twice with the buggy walk: no proof of anything yet
    assert "walk" not in bh.exposed_bugs(lambda a, b: a * b + b, 1.5, -2.0)


def test_unknown_bug_names_are_refused():
    with pytest.raises(ValueError, match="unknown bugs"):
        bh.engine_with(["relu", "typo"])


def test_engine_copies_are_separate_classes_and_cached():
    assert bh.engine_with(()).Value is bh.engine_with([]).Value
    assert bh.engine_with(()).Value is not bh.engine_with(["relu"]).Value


def test_where_fixes_change_results_matches_the_lesson():
    changes = dict(bh.where_fixes_change_results())
    assert all(changes[b] for b in bh.BUGS)
    training = [b for b in bh.BUGS if any("training" in n for n in changes[b])]
    assert training == ["order"]
    assert not any("first step" in n for b in bh.BUGS for n in changes[b])


# --- measuring a walk ---------------------------------------------------------

@pytest.mark.parametrize("n", [1, 5, 10])
def test_walk_work_counts_each_read_of_children(n):
    root = bh.doubled(RefValue(0.5), n)
    assert bh.walk_work(bh._trace_fixed, root) == bh.count_values(root) == n + 1
    assert bh.walk_work(bh.buggy_engine().trace, root) == 2 ** (n + 1) - 1


def test_walk_work_stops_a_runaway_walk_and_restores_the_graph():
    root = bh.doubled(RefValue(0.5), 40)
    before = [type(v._prev) for v in bh.ref_trace(root)[0]]
    assert bh.walk_work(bh.buggy_engine().trace, root, limit=10_000) == math.inf
    assert [type(v._prev) for v in bh.ref_trace(root)[0]] == before


def test_the_fixed_trace_returns_what_the_reference_trace_returns():
    for shape in (bh.doubled, bh.diamonds):
        root = shape(RefValue(0.5), 6)
        nodes, edges = bh._trace_fixed(root)
        want_nodes, want_edges = ref_trace(root)
        assert {id(v) for v in nodes} == {id(v) for v in want_nodes}
        assert ({(id(c), id(p)) for c, p in edges}
                == {(id(c), id(p)) for c, p in want_edges})


# --- the hidden variants ------------------------------------------------------

VALUE_EXAMPLES = [
    (lambda a: a.relu(), (-1.5,)), (lambda a: a.relu(), (1.5,)),
    (lambda a: a.relu() + a, (-1.5,)), (lambda a: a.relu() + a, (1.5,)),
    (lambda a: a.exp(), (0.5,)), (lambda a: a.exp() + a, (0.5,)),
    (lambda a: 5 - a, (3.0,)), (lambda a: 5 - a, (0.0,)),
]


def _variants(kind):
    for bug, variants in bh.VARIANTS.items():
        if (bug == "walk") == (kind == "walk"):
            for name, _, _ in variants:
                yield pytest.param(bug, name, id=f"{bug}-{name}")


@pytest.mark.parametrize("bug,name", list(_variants("value")))
def test_each_value_variant_really_differs_from_the_correct_engine(bug, name):
    right = bh.fixed_engine().Value
    wrong = bh.variant_engine(bug, name).Value
    assert any(bh.describe(wrong, f, xs) != bh.describe(right, f, xs)
               for f, xs in VALUE_EXAMPLES)


@pytest.mark.parametrize("bug,name", list(_variants("walk")))
def test_each_walk_variant_really_differs_from_the_correct_walk(bug, name):
    wrong = bh.variant_engine(bug, name).trace
    differs = False
    for shape in (bh.doubled, bh.diamonds):
        root = shape(RefValue(0.5), 8)
        if bh.walk_work(wrong, root) != bh.count_values(root):
            differs = True
        nodes, edges = wrong(root)
        right_nodes, right_edges = bh._trace_fixed(root)
        if (nodes, edges) != (right_nodes, right_edges):
            differs = True
    assert differs


def test_the_missing_rsub_variant_really_has_no_rsub():
    V = bh.variant_engine("rsub", "missing").Value
    with pytest.raises(TypeError):
        2 - V(1.0)
    assert (2 - bh.fixed_engine().Value(1.0)).data == 1.0  # the cache is untouched


def test_the_lesson_variant_is_the_lesson_engine_bug():
    for bug in ("relu", "exp", "rsub", "walk"):
        name, _, _ = bh.VARIANTS[bug][0]
        assert name == "lesson"
    lesson = bh.variant_engine("exp", "lesson").Value
    buggy = bh.engine_with(["exp"]).Value
    assert bh.describe(lesson, *EXPOSERS["exp"]) == bh.describe(buggy, *EXPOSERS["exp"])


def test_variant_names_are_unique_and_descriptions_differ():
    for bug, variants in bh.VARIANTS.items():
        names = [n for n, _, _ in variants]
        texts = [d for _, d, _ in variants]
        assert len(set(names)) == len(names) and len(set(texts)) == len(texts)


# --- PyTorch's stored answers -------------------------------------------------

def test_the_stored_pytorch_results_match_the_reference_engine():
    a, b = RefValue(bh.PROBE_INPUTS[0]), RefValue(bh.PROBE_INPUTS[1])
    out = bh.probe(a, b)
    out.backward()
    assert out.data == pytest.approx(bh.TORCH_PROBE["value"], rel=1e-12)
    assert [a.grad, b.grad] == pytest.approx(list(bh.TORCH_PROBE["grads"]), rel=1e-12)


def test_the_stored_pytorch_results_are_pytorchs():
    torch = pytest.importorskip("torch")
    a, b = (torch.tensor(x, dtype=torch.float64, requires_grad=True)
            for x in bh.PROBE_INPUTS)
    out = bh.probe(a, b)
    out.backward()
    assert out.item() == pytest.approx(bh.TORCH_PROBE["value"], rel=1e-12)
    assert [a.grad.item(), b.grad.item()] == pytest.approx(list(bh.TORCH_PROBE["grads"]), rel=1e-12)


# --- the hunt board -----------------------------------------------------------

def test_the_board_marks_what_an_example_exposes_and_names_nothing_else(capsys):
    board = bh.HuntBoard()
    assert "0 of 7" in repr(board)
    board.test(lambda a: 2 - a, 3.0)
    out = capsys.readouterr().out
    assert "found bug 3 of 7, in __rsub__" in out and "Found 1 of 7" in out
    text = repr(board)
    assert "__rsub__" in text
    for bug in bh.BUGS:
        if bug != "rsub":
            assert bh.BUG_NOTES[bug][1] not in text
    board.test(lambda a: 2 - a, 5.0)
    assert "already on the board" in capsys.readouterr().out
    assert board.found == ["rsub"]


def test_the_board_says_when_an_example_exposes_nothing(capsys):
    board = bh.HuntBoard()
    board.test(lambda a: a + 1, 2.0)
    assert "no bug shows here" in capsys.readouterr().out
    assert board.found == []


def test_each_bug_has_a_hint_ladder(capsys):
    board = bh.HuntBoard()
    for n, bug in enumerate(bh.BUGS, 1):
        for k in range(len(bh.HINTS[bug])):
            board.hint(n)
            assert f"Bug {n}, hint {k + 1} of {len(bh.HINTS[bug])}" in capsys.readouterr().out
        board.hint(n)
        assert "last hint" in capsys.readouterr().out
    board.hint(8)
    assert "numbered 1 to 7" in capsys.readouterr().out


def test_the_board_widget_is_html_and_updates(capsys):
    board = bh.HuntBoard()
    view = board.widget()
    assert "Hunt board" in repr(view) and "0x" not in repr(view)
    assert "0 of 7 found" in view.html.value
    board.test(lambda a: a.exp(), 0.5)
    assert "1 of 7 found" in view.html.value and "exp" in view.html.value
    import ipywidgets
    assert not any(isinstance(c, ipywidgets.Output) for c in view.children)


def test_the_board_widget_gives_hints_from_the_same_ladder(capsys):
    board = bh.HuntBoard()
    view = board.widget()
    view.which.value = 5
    view.button.click()
    assert "Bug 5, hint 1 of" in view.shown.value
    board.hint(5)
    assert "Bug 5, hint 2 of" in capsys.readouterr().out

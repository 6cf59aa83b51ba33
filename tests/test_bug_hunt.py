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
def test_each_bug_alone_changes_its_own_example(bug):
    f, inputs = EXPOSERS[bug]
    right = bh.run_example(bh.fixed_engine(), f, inputs)
    assert not bh.run_example(bh.engine_with([bug]), f, inputs).same_as(right)


@pytest.mark.parametrize("bug", bh.BUGS)
def test_the_board_credits_each_bug_for_its_own_example(bug):
    f, inputs = EXPOSERS[bug]
    assert bug in bh.judge(f, *inputs).bugs


def test_an_example_that_touches_no_bug_exposes_none():
    assert bh.judge(lambda a: (a * 2).tanh() * 3, 0.7).kind == "no-difference"
    assert bh.judge(lambda a, b: a * b.tanh() + 1, 1.5, -2.0).kind == "no-difference"


def test_unknown_bug_names_are_refused():
    with pytest.raises(ValueError, match="unknown bugs"):
        bh.engine_with(["relu", "typo"])


def test_every_engine_copy_is_a_fresh_class():
    assert bh.engine_with(()).Value is not bh.engine_with([]).Value
    one = bh.engine_with(())
    one.Value.relu = None  # what a learner's example might do to its engine
    assert bh.engine_with(()).Value(1.0).relu().data == 1.0


def test_the_fixed_engine_has_each_fix_in_place_of_its_bug():
    code = bh.engine_code(())
    for bug in bh.BUGS:
        assert bh.FIX_CODE[bug].split("\n")[0].strip() in code
    assert "v not in edges" not in code and "self.grad = k" not in code


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
    assert bh.walk_work(bh.fixed_engine().trace, root) == bh.count_values(root) == n + 1
    assert bh.walk_work(bh.buggy_engine().trace, root) == 2 ** (n + 1) - 1


def test_walk_work_stops_a_runaway_walk_and_restores_the_graph():
    root = bh.doubled(RefValue(0.5), 40)
    before = [type(v._prev) for v in bh.ref_trace(root)[0]]
    assert bh.walk_work(bh.buggy_engine().trace, root, limit=10_000) == math.inf
    assert [type(v._prev) for v in bh.ref_trace(root)[0]] == before


def test_the_fixed_trace_returns_what_the_reference_trace_returns():
    for shape in (bh.doubled, bh.diamonds):
        root = shape(RefValue(0.5), 6)
        nodes, edges = bh.fixed_engine().trace(root)
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
        right_nodes, right_edges = bh.fixed_engine().trace(root)
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


# --- the board's verdicts -------------------------------------------------------

def test_the_board_credits_pow_and_order_where_the_engine_gets_a_wrong_gradient():
    f = lambda a: (a * 3) * (a ** 2)  # noqa: E731
    v = bh.judge(f, 1.5)
    assert v.kind == "bugs" and {"pow", "order"} <= set(v.bugs)
    assert v.suspect.grads == (13.5,) and v.right.grads == (20.25,)
    assert "a.grad 13.5" in v.message and "a.grad 20.25" in v.message


def test_where_the_gradient_is_right_by_cancelling_bugs_no_gradient_bug_is_credited():
    v = bh.judge(lambda a: (a ** 2) * (a * 3), 1.5)
    assert v.suspect.grads == v.right.grads == (20.25,)
    assert v.bugs == ["walk"]  # only the walk's extra work differs
    assert "gradients agree only because bugs cancel" in v.message


def test_when_the_engines_agree_the_board_credits_nothing_and_says_the_bugs_cancel(capsys):
    def grad_of(a):  # returns a number: no graph for the board to walk
        y = (a ** 2) * (a * 3)
        y.backward()
        return a.grad
    assert bh.run_example(bh.engine_with(["pow"]), grad_of, (1.5,)).results != (20.25,)
    board = bh.HuntBoard()
    board.test(grad_of, 1.5)
    out = capsys.readouterr().out
    assert "no bug shows" in out and "cancel each other out" in out
    assert board.found == []
    assert not any(bh.BUG_NOTES[b][0] in out for b in bh.BUGS)


def test_when_no_bug_reaches_the_example_the_board_says_so(capsys):
    board = bh.HuntBoard()
    board.test(lambda a: a + 1, 2.0)
    out = capsys.readouterr().out
    assert "no bug shows" in out and "do not reach this example" in out
    assert board.found == []


@pytest.mark.parametrize("f,inputs,said", [
    (lambda a: a.sigmoid(), (1.0,), "It calls .sigmoid, a method this engine does not have"),
    (lambda a: math.exp(a), (1.0,), "It hands a Value to a function that wants a plain number"),
    (lambda a, b: a * b, (1.0,),
     "Your example is wrong: your function takes 2 inputs (a, b), but you gave 1 number"),
    (lambda a: a * 2, (1.0, 2.0), "your function takes 1 input (a), but you gave 2 numbers"),
    (lambda a: a.log(), (2.0,), "It calls .log"),
    (lambda a: 1 / (a - a), (2.0,), "ZeroDivisionError"),
    (lambda a: bh.doubled(a, 5000), (0.5,), "too deep for this engine's recursive walks"),
])
def test_an_example_that_fails_on_a_correct_engine_is_called_wrong_with_its_error(f, inputs, said, capsys):
    board = bh.HuntBoard()
    board.test(f, *inputs)
    out = capsys.readouterr().out
    assert "Your example is wrong" in out or "Your example is too big" in out
    assert said in out
    assert "no bug shows" not in out and board.found == []


def test_an_example_without_return_is_called_wrong():
    def f(a):
        a * 2
    v = bh.judge(f, 1.0)
    assert v.kind == "example-wrong" and "returns None" in v.message


def test_the_inputs_must_be_plain_numbers():
    v = bh.judge(lambda a: a * 2, RefValue(1.0))
    assert v.kind == "example-wrong" and "plain numbers" in v.message


def test_a_difference_that_no_single_fix_changes_is_reported_as_bugs_together(capsys):
    def either_looks_wrong(a):  # True when 2 - a or a.exp() is off
        return (2 - a).data < 0 or a.exp().data > 2
    board = bh.HuntBoard()
    board.test(either_looks_wrong, 0.5)
    out = capsys.readouterr().out
    assert "two or more bugs act together" in out and board.found == []
    assert bh.judge(either_looks_wrong, 0.5).kind == "together"


def test_the_board_shows_the_walks_measured_work(capsys):
    board = bh.HuntBoard()
    board.test(lambda a: bh.doubled(a, 12), 0.5)
    out = capsys.readouterr().out
    assert "trace read children 8,191 times for a graph of 13 values" in out
    assert "trace read children 13 times for a graph of 13 values (once per value)" in out
    assert "found bug 4 of 7, in trace" in out


def test_the_board_stops_an_endless_walk_and_says_so():
    v = bh.judge(lambda a: bh.doubled(a, 40), 0.5)
    assert v.bugs == ["walk"]
    assert f"more than {bh.WORK_LIMIT:,} times" in v.message


def test_the_board_compares_floats_with_a_tolerance_and_nan_with_nan():
    same = bh.Behaviour((1.0,), (float("nan"),))
    assert same.same_as(bh.Behaviour((1.0 + 1e-13,), (float("nan"),)))
    assert not same.same_as(bh.Behaviour((1.0 + 1e-6,), (float("nan"),)))
    assert bh.Behaviour((math.inf,)).same_as(bh.Behaviour((math.inf,)))
    assert not bh.Behaviour((math.inf,)).same_as(bh.Behaviour((-math.inf,)))


def test_an_example_that_changes_its_engine_does_not_change_the_next_verdict():
    def breaks(a):
        type(a).__rsub__ = lambda self, other: other + (-self)  # "fixes" its copy
        return a * 2
    bh.judge(breaks, 1.0)
    assert bh.judge(lambda a: 2 - a, 3.0).bugs == ["rsub"]


# --- a corpus of examples, judged against an independent oracle ------------------

# The oracle: engines made by patching ENGINE_CODE as plain text (not the
# board's splice of FIX_CODE), and its own comparison of what an example does.
PATCHES = {
    "relu": [("self.data if self.data >= 0 else 0,", "self.data if self.data > 0 else 0.0,"),
             ("            if self.data >= 0:\n                self.grad += out.grad\n"
              "            else:\n                self.grad = 0\n        out._backward = _backward\n",
              "            if self.data > 0:\n                self.grad += out.grad\n"
              "        out._backward = _backward\n        return out\n")],
    "exp": [("math.exp(2 * self.data)", "math.exp(self.data)"),
            ("self.grad += e * e.grad", "self.grad += e.data * e.grad")],
    "rsub": [("        return self - other\n", "        return other + (-self)\n")],
    "walk": [("if v not in edges:", "if v not in nodes:")],
    "pow": [("self.grad = k * self.data", "self.grad += k * self.data")],
    "order": [("                order.append(v)\n                for child in v._prev:\n"
               "                    visit(child)\n",
               "                for child in v._prev:\n                    visit(child)\n"
               "                order.append(v)\n"),
              ("        for v in order:", "        for v in reversed(order):")],
    "rtruediv": [("    def backward(self):",
                  "    def __rtruediv__(self, other):\n        return other * self ** -1\n\n"
                  "    def backward(self):")],
}


def oracle_engine(bugs):
    code = bh.ENGINE_CODE
    for bug in bh.BUGS:
        if bug not in bugs:
            for old, new in PATCHES[bug]:
                assert code.count(old) == 1, (bug, old)
                code = code.replace(old, new)
    ns = {"math": math}
    exec(code, ns)  # noqa: S102
    return ns["Value"], ns["trace"]


def oracle_run(bugs, f, inputs):
    """(value or error, grads, extra reads of the walk) of f in that engine."""
    V, trace = oracle_engine(bugs)
    xs = [V(x) for x in inputs]
    try:
        out = f(*xs)
    except Exception as e:  # noqa: BLE001
        return {"error": ("f", type(e).__name__, str(e))}
    outs = out if isinstance(out, (list, tuple)) else [out]
    seen = {"values": [o.data if isinstance(o, V) else o for o in outs]}
    walked = [o for o in outs if isinstance(o, V)]
    if walked:
        seen["extra"] = sum(bh.walk_work(trace, o, bh.WORK_LIMIT) - len(ref_trace(o)[0])
                            for o in walked)
    try:
        for o in walked:
            o.backward()
    except Exception as e:  # noqa: BLE001
        seen["error"] = ("backward", type(e).__name__, str(e))
        return seen
    seen["grads"] = [x.grad for x in xs]
    return seen


def near(x, y):
    if hasattr(x, "data") and hasattr(y, "data"):  # e.g. a gradient that is a Value
        return type(x).__name__ == type(y).__name__ and near(float(x.data), float(y.data))
    if isinstance(x, list) and isinstance(y, list):
        return len(x) == len(y) and all(map(near, x, y))
    if isinstance(x, float) and isinstance(y, float):
        return (math.isnan(x) and math.isnan(y)) or math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)
    if type(x) is not type(y):
        return False
    return x == y


def differing(one, two):
    return {k for k in set(one) | set(two) if not near(one.get(k), two.get(k))}


def oracle_verdict(f, inputs):
    right = oracle_run((), f, inputs)
    if "error" in right or None in right.get("values", []):
        return "example-wrong", []
    suspect = oracle_run(bh.BUGS, f, inputs)
    differ = differing(suspect, right)
    if not differ:
        alone = any(differing(oracle_run((b,), f, inputs), right) for b in bh.BUGS)
        return ("cancel" if alone else "no-difference"), []
    behind = [b for b in bh.BUGS
              if differing(oracle_run([c for c in bh.BUGS if c != b], f, inputs), suspect) & differ]
    return ("bugs" if behind else "together"), behind


def _grad_after(body):
    def f(a):
        y = body(a)
        y.backward()
        return a.grad
    return f


def _either_looks_wrong(a):
    return (2 - a).data < 0 or a.exp().data > 2


LEARNER_EXAMPLES = [  # examples a learner might write, with their inputs
    (lambda a: (a * 3) * (a ** 2), (1.5,)), (lambda a: (a ** 2) * (a * 3), (1.5,)),
    (lambda a: a.sigmoid(), (1.0,)), (lambda a: math.exp(a), (1.0,)), (lambda a, b: a * b, (1.0,)),
    (lambda a: 2 - a, (3.0,)), (lambda a: a.relu(), (-1.0,)), (lambda a: a.relu(), (2.0,)),
    (lambda a: a.relu() + a, (-1.5,)), (lambda a: a.exp(), (0.5,)), (lambda a: 1 / a, (2.0,)),
    (lambda a: a / 2, (3.0,)), (lambda a: a ** 2 + a, (1.5,)), (lambda a: a ** 3, (1.2,)),
    (bh.reused, (0.7,)), (lambda a: bh.doubled(a, 12), (0.5,)), (lambda a, b: a * b + b, (1.5, -2.0)),
    (lambda a: (a * 2).tanh() * 3, (0.7,)), (lambda a: [a * 2, a + 1], (1.0,)),
    (lambda a: (2 - a) ** 2, (0.3,)), (lambda a: a.exp().log(), (1.0,)), (lambda a: float(a), (1.0,)),
    (lambda a: a.data * 2, (1.5,)), (lambda a: a - a, (0.4,)), (lambda a: 10 / (a * a + 1), (0.5,)),
    (lambda a: a.tanh().exp(), (0.3,)), (lambda a: (a * -1).relu() + a, (1.0,)),
    (lambda a: (a + 1) ** 2 * (a + 1), (0.5,)), (lambda a: -(a ** 2) + 3 - a, (0.8,)),
    (_grad_after(lambda a: (a ** 2) * (a * 3)), (1.5,)), (_grad_after(lambda a: a ** 2 - a), (0.97,)),
    (_either_looks_wrong, (0.5,)), (lambda a: bh.diamonds(a, 20), (0.5,)),
    (lambda a, b: (a * b).exp() * b + (a + b).tanh(), (0.5, -1.5)),
    (lambda a: (a * 2).relu() * (a * 2), (-0.5,)), (lambda a: 2 / a + 3 - a, (1.5,)),
    (lambda a, b: (a - b) ** 2, (1.0, 3.0)), (lambda a: (0.5 - a) * (a ** 2), (2.0,)),
]


def _expr(rng, depth, names):
    if depth == 0 or rng.random() < 0.25:
        return rng.choice(names)
    x, y = _expr(rng, depth - 1, names), _expr(rng, depth - 1, names)
    k = rng.choice(["+", "-", "*", "/", "**", "tanh", "relu", "exp", "k-", "reuse"])
    return {"+": f"({x} + {y})", "-": f"({x} - {y})", "*": f"({x} * {y})",
            "/": f"({x} / {y})", "**": f"({x}) ** {rng.choice([2, 3])}",
            "tanh": f"({x}).tanh()", "relu": f"({x}).relu()", "exp": f"({x}).exp()",
            "k-": f"({rng.choice([2, 3, 0.5])} - {y})", "reuse": f"({x} * {y} + {x})"}[k]


def random_examples(n, seed=2026):
    rng = random.Random(seed)
    found = []
    while len(found) < n:
        names = rng.choice([["a"], ["a", "b"]])
        body = _expr(rng, rng.randrange(1, 5), names)
        if all(name in body for name in names):
            inputs = tuple(round(rng.uniform(-2, 2), 2) for _ in names)
            found.append((eval(f"lambda {', '.join(names)}: {body}"), inputs, body))  # noqa: S307
    return found


CORPUS = [pytest.param(f, xs, id=f"learner-{i}") for i, (f, xs) in enumerate(LEARNER_EXAMPLES)]
CORPUS += [pytest.param(f, xs, id=f"random-{body}-{xs}") for f, xs, body in random_examples(60)]


@pytest.mark.parametrize("f,inputs", CORPUS)
def test_every_verdict_on_the_corpus_agrees_with_the_independent_oracle(f, inputs):
    v = bh.judge(f, *inputs)
    assert (v.kind, v.bugs) == oracle_verdict(f, inputs), v.message


def test_the_corpus_holds_every_kind_of_verdict():
    kinds = {bh.judge(f, *xs).kind for f, xs in LEARNER_EXAMPLES}
    assert kinds == {"example-wrong", "no-difference", "cancel", "bugs", "together"}


@pytest.mark.parametrize("f,inputs", [pytest.param(f, xs, id=f"learner-{i}")
                                      for i, (f, xs) in enumerate(LEARNER_EXAMPLES)])
def test_the_fixed_engine_agrees_with_the_finished_engine_where_both_run(f, inputs):
    got = oracle_run((), f, inputs)
    xs = [RefValue(x) for x in inputs]
    try:
        out = f(*xs)
        outs = out if isinstance(out, (list, tuple)) else [out]
        for o in outs:
            if isinstance(o, RefValue):
                o.backward()
    except Exception:  # noqa: BLE001 -- the finished engine has more methods and checks
        return
    if "error" in got or not all(isinstance(o, RefValue) for o in outs):
        return
    assert near(got["values"], [o.data for o in outs])
    assert near(got["grads"], [x.grad for x in xs])


def test_the_answers_ask_first_then_name_all_seven(capsys):
    board = bh.HuntBoard()
    board.test(lambda a: 2 - a, 3.0)
    capsys.readouterr()
    board.answers()
    out = capsys.readouterr().out
    assert "including the 6 you have not found yet" in out and "force=True" in out
    assert not any(bh.BUG_NOTES[b][1] in out for b in bh.BUGS)
    board.answers(force=True)
    out = capsys.readouterr().out
    assert all(bh.BUG_NOTES[b][1] in out for b in bh.BUGS)


def test_an_example_that_prints_does_not_flood_the_board(capsys):
    def chatty(a):
        y = 2 - a
        print("y is", y.data)
        return y
    bh.HuntBoard().test(chatty, 3.0)
    assert "y is" not in capsys.readouterr().out


def test_an_example_that_runs_too_long_is_stopped_with_a_message(monkeypatch, capsys):
    monkeypatch.setattr(bh, "EXAMPLE_SECONDS", 0.3)

    def slow(a):
        while True:
            pass
    board = bh.HuntBoard()
    board.test(slow, 1.0)
    out = capsys.readouterr().out
    assert "ran for more than 0.3 s and was stopped" in out and board.found == []


@pytest.mark.parametrize("bad", ["x", 10 ** 400], ids=["a-string", "a-huge-integer"])
def test_inputs_that_are_not_numbers_are_called_a_wrong_example_in_a_sentence(bad, capsys):
    # seen in a kernel: "the inputs after your function are ..." began in lower case
    bh.HuntBoard().test(lambda a: a + 1, bad)
    out = capsys.readouterr().out
    assert out.startswith("Your example is wrong: the inputs after your function are"), out

"""Lesson 09's write-the-test exercises: a learner's check is run on several
independently written correct engines and on hidden wrong ones, each a fresh
copy, in an order shuffled for each attempt.  Right checks in many styles
pass; weak checks are told which wrong engine slipped through; checks that
recognise the engine instead of testing it, return something other than a
bool, or run too long are named as such."""

import math
import time

import numpy as np
import pytest

import bug_hunt as bh
import exercises_09 as ex09
from autograd_helpers import Value as RefValue
from autograd_helpers import gradcheck
from autograd_helpers import trace as ref_trace
from exercise_kit import Exercise

EXERCISES = {"relu": (ex09.ex1, ex09.check_relu), "exp": (ex09.ex2, ex09.check_exp),
             "rsub": (ex09.ex3, ex09.check_rsub), "walk": (ex09.ex4, ex09.check_walk)}


def _correct(bug):
    return ex09.CORRECT_TRACES if bug == "walk" else ex09.CORRECT_VALUES


def _wrong_subjects(bug):
    for name, _, _ in bh.VARIANTS[bug]:
        engine = bh.variant_engine(bug, name)
        yield name, engine.trace if bug == "walk" else engine.Value


def _says(check, subject):
    try:
        return check(subject)
    except Exception:  # noqa: BLE001 -- an error on a wrong engine is a "no"
        return False


def fresh(bug):
    """A new exercise like the lesson's, so attempt numbers start at 1."""
    ex, _ = EXERCISES[bug]
    return Exercise(ex.title, ex.checker, name=ex.name)


# --- the engines the checks are run on ---------------------------------------

FORMULAS = [  # away from relu's kink at 0, where the slope is a convention
    (lambda a, b: a.relu() + a * b, (-1.5, 0.5)), (lambda a, b: a.relu() * b, (0.7, -2.0)),
    (lambda a, b: a.exp() * b + a, (0.3, -1.2)), (lambda a, b: 5 - a * b, (1.5, 2.0)),
    (lambda a, b: (2 - a) ** 2 + b.tanh(), (0.5, 0.25)), (lambda a, b: 2 / a - b, (4.0, 1.0)),
    (lambda a, b: (a * b).tanh() * (a * b) - 1 / b, (0.8, -1.3)),
]


@pytest.mark.parametrize("i", range(len(ex09.CORRECT_VALUES)))
def test_each_correct_engine_agrees_with_the_finished_engine(i):
    about, make = ex09.CORRECT_VALUES[i]
    V = make()
    for f, inputs in FORMULAS:
        xs, refs = [V(x) for x in inputs], [RefValue(x) for x in inputs]
        out, ref = f(*xs), f(*refs)
        out.backward()
        ref.backward()
        assert out.data == pytest.approx(ref.data, rel=1e-12), about
        assert [x.grad for x in xs] == pytest.approx([r.grad for r in refs], rel=1e-12), about


@pytest.mark.parametrize("i", range(len(ex09.CORRECT_TRACES)))
def test_each_correct_trace_returns_what_the_reference_trace_returns_reading_each_value_once(i):
    about, make = ex09.CORRECT_TRACES[i]
    trace = make()
    for shape in (bh.doubled, bh.diamonds):
        root = shape(RefValue(0.5), 8)
        nodes, edges = trace(root)
        want_nodes, want_edges = ref_trace(root)
        assert {id(v) for v in nodes} == {id(v) for v in want_nodes}, about
        assert {(id(c), id(p)) for c, p in edges} == {(id(c), id(p)) for c, p in want_edges}
        assert bh.walk_work(trace, root) == bh.count_values(root), about


def test_the_correct_engines_keep_children_in_a_tuple_a_set_and_a_list():
    kinds = set()
    for _, make in ex09.CORRECT_VALUES:
        a = make()(2.0)
        out = a * 3.0
        kinds.add(type(getattr(out, "_prev", getattr(out, "_inputs", None))).__name__)
    assert {"tuple", "set", "list"} <= kinds


@pytest.mark.parametrize("bug", ["relu", "walk"])
def test_every_engine_is_a_fresh_copy_for_every_call(bug):
    for _, make in _correct(bug):
        assert make() is not make()
    one, two = bh.variant_engine(bug, "lesson"), bh.variant_engine(bug, "lesson")
    assert one.Value is not two.Value and one.trace is not two.trace


def test_wrong_engines_name_their_methods_as_a_correct_engine_does():
    right = bh.fixed_engine().Value
    for name, V in _wrong_subjects("relu"):
        if "relu" in vars(V):
            assert V.relu.__name__ == right.relu.__name__ == "relu", name
            assert V.relu.__qualname__ == right.relu.__qualname__, name


# --- the reference checks -------------------------------------------------------

@pytest.mark.parametrize("bug", EXERCISES)
def test_the_reference_check_is_accepted(bug):
    ex, check = EXERCISES[bug]
    result = ex.evaluate(check)
    assert result.status == "correct", result.message


@pytest.mark.parametrize("bug", EXERCISES)
def test_the_reference_check_trusts_every_correct_engine_and_no_wrong_one(bug):
    _, check = EXERCISES[bug]
    for about, make in _correct(bug):
        assert check(make()) is True, about
    assert _says(check, bh.buggy_engine().trace if bug == "walk" else bh.buggy_engine().Value) is False
    for name, subject in _wrong_subjects(bug):
        assert _says(check, subject) is False, name


# --- weak checks, and checks that reject right code ------------------------------

@pytest.mark.parametrize("bug,weak,variant", [
    ("relu", "_relu_no_reuse", "sets-zero"),
    ("relu", "_relu_reuse_negative_only", "sets-positive"),
    ("exp", "_exp_gradcheck_only", "doubled-consistently"),
    ("exp", "_exp_at_zero", "doubled"),
    ("exp", "_exp_value_only", "grad-is-value"),
    ("rsub", "_rsub_square", "lesson"),
    ("rsub", "_rsub_at_zero", "adds"),
    ("rsub", "_rsub_value_only", "no-gradient"),
    ("walk", "_walk_results_only", "lesson"),
    ("walk", "_walk_chain_work", "per-parent"),
    ("walk", "_walk_work_everywhere", "first-parent-only"),
])
def test_a_check_that_is_too_weak_is_rejected_naming_the_variant(bug, weak, variant):
    ex, _ = EXERCISES[bug]
    result = ex.evaluate(getattr(ex09, weak))
    assert result.status == "wrong"
    assert result.mistake == f"misses-{variant}"
    description = next(d for n, d, _ in bh.VARIANTS[bug] if n == variant)
    if variant == "lesson":
        assert "LESSON'S buggy engine is right" in result.message
    else:
        assert description in result.message


@pytest.mark.parametrize("bug", EXERCISES)
def test_a_check_that_rejects_the_correct_engines_is_rejected_clearly(bug):
    ex, _ = EXERCISES[bug]
    result = ex.evaluate(lambda subject: False)
    assert result.mistake == "rejects-correct"
    assert "says a CORRECT engine is wrong" in result.message
    assert ("compare sets" if bug == "walk" else "tolerance") in result.message


@pytest.mark.parametrize("bug", EXERCISES)
def test_a_check_that_crashes_on_the_correct_engines_is_rejected_clearly(bug):
    ex, _ = EXERCISES[bug]

    def crashes(subject):
        raise KeyError("oops")
    result = ex.evaluate(crashes)
    assert result.mistake == "rejects-correct"
    assert "on a CORRECT engine" in result.message and "raised KeyError" in result.message


def test_a_check_that_insists_on_a_slope_at_relus_kink_is_told_which_engine_it_rejects():
    def at_the_kink(Value):
        a = Value(0.0)
        a.relu().backward()
        return ex09.check_relu(Value) and a.grad == 0.0
    result = ex09.ex1.evaluate(at_the_kink)
    assert result.mistake == "rejects-correct"
    assert "slope 1 at exactly 0" in result.message


@pytest.mark.parametrize("bug", EXERCISES)
def test_a_check_that_always_says_true_misses_the_lessons_bug(bug):
    ex, _ = EXERCISES[bug]
    result = ex.evaluate(lambda subject: True)
    assert result.mistake == "misses-lesson"


def test_an_error_on_a_wrong_engine_counts_as_false():
    def strict(Value):
        if not ex09.check_relu(Value):
            raise AssertionError("relu is wrong")
        return True
    assert ex09.ex1.evaluate(strict).status == "correct"


@pytest.mark.parametrize("bug", EXERCISES)
def test_an_untouched_stub_is_not_attempted(bug):
    ex, _ = EXERCISES[bug]

    def stub(subject):
        raise NotImplementedError
    assert ex.evaluate(stub).status == "not attempted"


def test_a_value_that_is_not_a_function_is_refused():
    result = ex09.ex1.evaluate(42)
    assert result.status == "wrong" and "42" in result.message


# --- checks that do not test the engine cannot pass ----------------------------------

def _first_call_only():
    calls = []

    def check(Value):
        calls.append(1)
        return len(calls) == 1
    return check


def _by_identity():
    first = []

    def check(Value):
        first.append(Value)
        return Value is first[0]
    return check


@pytest.mark.parametrize("bug", EXERCISES)
def test_a_check_that_says_true_only_on_its_first_call_fails_naming_the_dependence(bug):
    result = fresh(bug).evaluate(_first_call_only())
    assert result.status == "wrong"
    if result.mistake == "rejects-correct":
        assert "how many times it was called" in result.message
    else:
        assert result.mistake.startswith("misses-")


@pytest.mark.parametrize("bug", EXERCISES)
def test_a_check_that_recognises_the_first_engine_it_saw_by_identity_fails(bug):
    for _ in range(3):  # whichever engine comes first in this attempt
        result = fresh(bug).evaluate(_by_identity())
        assert result.status == "wrong"
        assert result.mistake == "rejects-correct" or result.mistake.startswith("misses-")


def test_a_check_that_recognises_the_engine_by_a_method_name_fails():
    by_old_name = ex09.ex1.evaluate(lambda Value: Value.relu.__name__ == "_relu_fixed")
    assert by_old_name.mistake == "rejects-correct"
    by_name = ex09.ex1.evaluate(lambda Value: Value.relu.__name__ == "relu")
    assert by_name.mistake == "misses-lesson"
    by_field = ex09.ex1.evaluate(lambda Value: hasattr(Value(1.0), "_prev") and ex09.check_relu(Value))
    assert by_field.mistake == "rejects-correct" and "names inside the engine" in by_field.message


def test_a_check_that_plants_a_bug_poisons_nothing_for_a_later_check():
    def plants(Value):
        Value.relu = lambda self: None      # breaks the engine it was given
        Value.__rsub__ = lambda self, other: self - other
        return True
    assert ex09.ex1.evaluate(plants).mistake == "misses-lesson"
    assert ex09.ex3.evaluate(plants).mistake == "misses-lesson"
    assert ex09.ex1.evaluate(ex09.check_relu).status == "correct"
    assert ex09.ex3.evaluate(ex09.check_rsub).status == "correct"


def test_a_check_that_plants_a_bug_then_tests_says_the_correct_engine_is_wrong():
    def plants_then_tests(Value):
        Value.__rsub__ = lambda self, other: self - other
        return ex09.check_rsub(Value)
    result = ex09.ex3.evaluate(plants_then_tests)
    assert result.mistake == "rejects-correct"
    assert ex09.ex3.evaluate(ex09.check_rsub).status == "correct"


def test_no_engine_sees_what_a_check_did_to_another():
    marked = []

    def marks(Value):
        marked.append(getattr(Value, "mark", None))
        Value.mark = "touched"
        return ex09.check_relu(Value)
    assert ex09.ex1.evaluate(marks).status == "correct"
    assert marked and set(marked) == {None}


def test_the_order_of_the_engines_is_shuffled_per_attempt_and_reproducible():
    def seen_order(ex):
        order = []

        def records(Value):
            order.append(tuple(sorted(k for k in vars(Value) if not k.startswith("__"))))
            return ex09.check_relu(Value)
        assert ex.evaluate(records).status == "correct"
        return order
    first = fresh("relu")
    one, two = seen_order(first), seen_order(first)
    assert one != two
    assert seen_order(fresh("relu")) == one


# --- what a check returns, and how long it runs ----------------------------------------

@pytest.mark.parametrize("got,named", [
    ([False, True], "a list of 2 items"),
    ((x > 0 for x in [1]), "a generator"),
    (1, "the number 1"),
    ("True", "the string 'True'"),
])
def test_a_check_that_returns_something_other_than_a_bool_is_named(got, named):
    result = ex09.ex3.evaluate(lambda Value: got)
    assert result.mistake == "not-a-bool"
    assert named in result.message and "not True or False" in result.message


def test_a_check_without_return_is_told_to_return():
    result = ex09.ex3.evaluate(lambda Value: None)
    assert result.mistake == "returned-none"


def test_a_numpy_bool_counts_as_a_bool():
    def with_numpy(Value):
        a = Value(3.0)
        y = 5.0 - a
        y.backward()
        return np.isclose(y.data, 2.0) & np.isclose(a.grad, -1.0) & np.bool_(ex09.check_rsub(Value))
    assert ex09.ex3.evaluate(with_numpy).status == "correct"


def test_a_slow_check_is_stopped_with_a_clear_message(monkeypatch):
    monkeypatch.setattr(ex09, "SECONDS", 0.3)

    def slow(Value):
        while True:
            pass
    start = time.perf_counter()
    result = ex09.ex1.evaluate(slow)
    assert time.perf_counter() - start < 3
    assert result.mistake == "too-slow"
    assert "check_relu(...)" in result.message and "0.3 s" in result.message


@pytest.mark.parametrize("bug", EXERCISES)
def test_checking_is_quick(bug):
    ex, check = EXERCISES[bug]
    start = time.perf_counter()
    ex.evaluate(check)
    assert time.perf_counter() - start < 3.0


# --- a corpus of learner checks, and the verdict each must get ------------------------

def relu_with_comprehensions(Value):
    ok = []
    for x in [-2.0, -0.5, 0.5, 3.0]:
        a = Value(x)
        out = a.relu()
        if out is None:
            return False
        y = out + a
        y.backward()
        ok.append(math.isclose(out.data, max(x, 0.0)) and math.isclose(a.grad, (x > 0) + 1.0))
    return all(ok)


def relu_with_gradcheck(Value):
    for x in (-1.3, -0.4, 0.6, 1.9):
        r = Value(x).relu()
        if r is None or not math.isclose(r.data, max(0.0, x), abs_tol=1e-12):
            return False
        if not gradcheck(lambda a: a.relu() + a * 2, [x], value_class=Value):
            return False
    return True


def relu_with_numpy(Value):
    xs = np.array([-1.5, -0.2, 0.3, 2.5])
    values, grads = [], []
    for x in xs:
        a = Value(float(x))
        r = a.relu()
        if r is None:
            return False
        (r * 3 + a).backward()
        values.append(r.data)
        grads.append(a.grad)
    return bool(np.allclose(values, np.maximum(xs, 0)) and np.allclose(grads, 3 * (xs > 0) + 1))


def relu_values_only(Value):
    for x in (-2.0, 2.0):
        r = Value(x).relu()
        if r is None or r.data != max(x, 0.0):
            return False
    return True


def exp_by_central_differences(Value):
    for x in (-0.7, 0.0, 1.3):
        a = Value(x)
        y = a.exp() * 2 + a
        y.backward()
        h = 1e-6
        slope = (2 * math.exp(x + h) - 2 * math.exp(x - h)) / (2 * h) + 1
        if not isinstance(a.grad, (int, float)) or not math.isclose(a.grad, slope, rel_tol=1e-6):
            return False
        if not math.isclose(y.data, 2 * math.exp(x) + x):
            return False
    return True


def exp_with_gradcheck(Value):
    for x in (-1.0, 0.3, 1.7):
        if not math.isclose(Value(x).exp().data, math.exp(x)):
            return False
        if not gradcheck(lambda a: a.exp() + a, [x], value_class=Value):
            return False
    return True


def exp_at_zero_only(Value):
    return math.isclose(Value(0.0).exp().data, 1.0)


def rsub_with_reuse(Value):
    for k, x in [(4.0, 1.0), (-3.0, 2.5), (0.5, -1.5)]:
        a = Value(x)
        y = k - a + a          # value k, slope 0
        y.backward()
        if not (math.isclose(y.data, k) and math.isclose(a.grad, 0.0, abs_tol=1e-12)):
            return False
    return True


def rsub_numpy(Value):
    ks, xs = np.array([5.0, -2.0, 0.5]), np.array([3.0, 0.5, -4.0])
    got, grads = [], []
    for k, x in zip(ks, xs):
        a = Value(float(x))
        y = float(k) - a
        y.backward()
        got.append(y.data)
        grads.append(a.grad)
    return np.allclose(got, ks - xs) and np.allclose(grads, -1.0)


def rsub_equal_numbers(Value):
    return math.isclose((3.0 - Value(3.0)).data, 0.0)


def walk_learner_style(trace):
    for shape in (bh.doubled, bh.diamonds):
        root = shape(RefValue(1.0), 10)
        if bh.walk_work(trace, root) != bh.count_values(root):
            return False
        nodes, edges = trace(root)
        if len(nodes) != bh.count_values(root):
            return False
        if len({(id(c), id(p)) for c, p in edges}) != sum(
                len(set(map(id, v._prev))) for v in ref_trace(root)[0]):
            return False
    return True


def walk_own_graph(trace):
    a = RefValue(2.0)
    b, c = a * 3, a + 1
    d = b * c + b.tanh() * c
    for root in (d, bh.diamonds(a, 9), bh.doubled(d, 9)):
        nodes, edges = trace(root)
        want_nodes, want_edges = ref_trace(root)
        if set(map(id, nodes)) != set(map(id, want_nodes)):
            return False
        if {(id(x), id(y)) for x, y in edges} != {(id(x), id(y)) for x, y in want_edges}:
            return False
        if bh.walk_work(trace, root) > len(want_nodes):
            return False
    return True


def walk_counts_only(trace):
    root = bh.doubled(RefValue(0.5), 6)
    return len(trace(root)[0]) == bh.count_values(root)


def by_class_name(Value):
    return Value.__name__ == "Value" and Value.__module__ == "engine"


CORPUS = [  # (exercise, check, the verdict: "correct", a mistake, or "misses-*")
    ("relu", ex09.check_relu, "correct"),
    ("relu", relu_with_comprehensions, "correct"),
    ("relu", relu_with_gradcheck, "correct"),
    ("relu", relu_with_numpy, "correct"),
    ("relu", relu_values_only, "misses-sets-zero"),
    ("relu", ex09._relu_exact_zero, "rejects-correct"),
    ("relu", lambda Value: True, "misses-lesson"),
    ("relu", lambda Value: [False, True], "not-a-bool"),
    ("relu", by_class_name, "rejects-correct"),
    ("exp", ex09.check_exp, "correct"),
    ("exp", exp_by_central_differences, "correct"),
    ("exp", exp_with_gradcheck, "correct"),
    ("exp", exp_at_zero_only, "misses-lesson"),
    ("exp", ex09._exp_value_only, "misses-grad-is-value"),
    ("exp", ex09._exp_all_points, "not-a-bool"),
    ("exp", lambda Value: Value.exp.__name__ == "exp", "misses-lesson"),
    ("rsub", ex09.check_rsub, "correct"),
    ("rsub", rsub_with_reuse, "correct"),
    ("rsub", rsub_numpy, "correct"),
    ("rsub", rsub_equal_numbers, "misses-lesson"),
    ("rsub", ex09._rsub_square, "misses-lesson"),
    ("rsub", lambda Value: None, "returned-none"),
    ("rsub", lambda Value: "__rsub__" in vars(Value), "misses-lesson"),
    ("walk", ex09.check_walk, "correct"),
    ("walk", walk_learner_style, "correct"),
    ("walk", walk_own_graph, "correct"),
    ("walk", walk_counts_only, "misses-lesson"),
    ("walk", ex09._walk_chain_work, "misses-per-parent"),
    ("walk", lambda trace: trace.__name__ == "trace", "misses-lesson"),
    ("walk", lambda trace: 1, "not-a-bool"),
]


@pytest.mark.parametrize("bug,check,verdict", CORPUS,
                         ids=[f"{b}-{getattr(c, '__name__', 'check')}-{v}" for b, c, v in CORPUS])
def test_the_corpus_of_learner_checks_gets_the_right_verdict_on_every_attempt(bug, check, verdict):
    ex = fresh(bug)
    for _ in range(3):  # the engines come in a new order each attempt
        result = ex.evaluate(check)
        if verdict == "correct":
            assert result.status == "correct", result.message
        else:
            assert result.mistake == verdict, result.message


@pytest.mark.parametrize("make", [_first_call_only, _by_identity])
@pytest.mark.parametrize("bug", EXERCISES)
def test_checks_that_remember_earlier_calls_fail_on_every_attempt(bug, make):
    ex = fresh(bug)
    for _ in range(5):
        assert ex.evaluate(make()).status == "wrong"


def test_a_check_that_labels_its_values_runs_on_every_correct_engine():
    def labelled(Value):
        a = Value(-1.5, label="a")
        return ex09.check_relu(Value) and a.relu().data == 0.0
    assert ex09.ex1.evaluate(labelled).status == "correct"


def _cell(source, name, namespace):
    """``name`` defined by ``source`` as a notebook cell defines it (under an
    ipykernel-like file name), in the lesson's namespace."""
    filename = f"/tmp/ipykernel_test/cell_{name}.py"
    import linecache
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)
    return namespace[name]


def test_a_check_that_only_recognises_the_finished_engine_is_told_it_said_false_to_all():
    check = _cell("def check_relu(Value):\n    return Value is RefValue\n",
                  "check_relu", {"RefValue": RefValue})
    result = ex09.ex1.evaluate(check)
    assert result.mistake == "rejects-correct"
    assert "said False for every engine" in result.message
    assert "a check of which class or function it got fails them all" in result.message


def test_the_other_engines_that_slipped_through_are_described_not_named_by_slug():
    check = _cell("def check_exp(Value):\n    a = Value(0.0)\n    e = a.exp()\n"
                  "    e.backward()\n    return e.data == 1.0 and a.grad == 1.0\n",
                  "check_exp", {})
    result = ex09.ex2.evaluate(check)
    assert result.mistake.startswith("misses-"), result.message
    also = result.message.split("Also slipped through: ")[1]
    slipped = [d for name, d, _ in bh.VARIANTS["exp"] if d in also]
    assert len(slipped) >= 2, result.message
    assert "; sets;" not in also and "tangent." not in also


def test_a_check_that_lets_every_engine_through_describes_two_others_and_counts_the_rest():
    result = ex09.ex1.evaluate(_cell("def check_relu(Value):\n    return True\n",
                                     "check_relu", {}))
    also = result.message.split("Also slipped through: ")[1]
    described = [d for _, d, _ in bh.VARIANTS["relu"][1:] if d in also]
    assert len(described) == 2 and "; and 4 more." in also, result.message

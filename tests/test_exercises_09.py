"""Lesson 09's write-the-test exercises: the reference checks pass, checks that
are too weak are rejected naming the variant that slipped through, and a check
that rejects the correct engine is rejected as such."""

import math
import time

import pytest

import bug_hunt as bh
import exercises_09 as ex09
from autograd_helpers import Value as RefValue

EXERCISES = {"relu": (ex09.ex1, ex09.check_relu), "exp": (ex09.ex2, ex09.check_exp),
             "rsub": (ex09.ex3, ex09.check_rsub), "walk": (ex09.ex4, ex09.check_walk)}


def _subject(bug, engine):
    return engine.trace if bug == "walk" else engine.Value


@pytest.mark.parametrize("bug", EXERCISES)
def test_the_reference_check_is_accepted(bug):
    ex, check = EXERCISES[bug]
    result = ex.evaluate(check)
    assert result.status == "correct", result.message


@pytest.mark.parametrize("bug", EXERCISES)
def test_the_reference_check_passes_the_fixed_engine_and_fails_the_buggy_one(bug):
    _, check = EXERCISES[bug]
    assert check(_subject(bug, bh.fixed_engine())) is True
    try:
        verdict = check(_subject(bug, bh.buggy_engine()))
    except Exception:  # noqa: BLE001 -- an error on a wrong engine is a "no"
        verdict = False
    assert verdict is False


@pytest.mark.parametrize("bug", EXERCISES)
def test_the_reference_check_says_false_for_every_hidden_variant(bug):
    _, check = EXERCISES[bug]
    for name, _, _ in bh.VARIANTS[bug]:
        try:
            verdict = check(_subject(bug, bh.variant_engine(bug, name)))
        except Exception:  # noqa: BLE001
            verdict = False
        assert verdict is False, name


def _only_the_example(Value):
    """The weakest honest check: the one example from the lesson."""
    a = Value(-1.5)
    r = a.relu()
    return r is not None


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


def test_a_check_for_the_one_example_only_is_told_what_slipped_through():
    result = ex09.ex1.evaluate(_only_the_example)
    assert result.status == "wrong" and result.mistake.startswith("misses-")
    assert "slipped through" in result.message or "LESSON'S" in result.message


@pytest.mark.parametrize("bug", EXERCISES)
def test_a_check_that_rejects_the_correct_engine_is_rejected_clearly(bug):
    ex, _ = EXERCISES[bug]
    result = ex.evaluate(lambda subject: False)
    assert result.mistake == "rejects-correct"
    assert "CORRECT engine is wrong" in result.message


@pytest.mark.parametrize("bug", EXERCISES)
def test_a_check_that_crashes_on_the_correct_engine_is_rejected_clearly(bug):
    ex, _ = EXERCISES[bug]

    def crashes(subject):
        raise KeyError("oops")
    result = ex.evaluate(crashes)
    assert result.mistake == "rejects-correct"
    assert "on the CORRECT engine your check raised KeyError" in result.message


@pytest.mark.parametrize("bug", EXERCISES)
def test_a_check_that_always_says_true_misses_the_lessons_bug(bug):
    ex, _ = EXERCISES[bug]
    result = ex.evaluate(lambda subject: True)
    assert result.mistake == "misses-lesson"


def test_an_error_on_a_wrong_engine_counts_as_false():
    def strict(Value):  # raises on every wrong relu that returns None, etc.
        if not ex09.check_relu(Value):
            raise AssertionError("relu is wrong")
        return True
    assert ex09.ex1.evaluate(strict).status == "correct"


def test_a_check_without_return_is_told_to_return():
    result = ex09.ex3.evaluate(lambda Value: None)
    assert result.mistake == "returned-none"


def test_a_value_that_is_not_a_function_is_refused():
    result = ex09.ex1.evaluate(42)
    assert result.status == "wrong" and "42" in result.message


@pytest.mark.parametrize("bug", EXERCISES)
def test_an_untouched_stub_is_not_attempted(bug):
    ex, _ = EXERCISES[bug]

    def stub(subject):
        raise NotImplementedError
    assert ex.evaluate(stub).status == "not attempted"


def test_a_correct_learner_style_walk_check_using_time_limits_of_work_passes():
    def check_walk(trace):
        for shape in (bh.doubled, bh.diamonds):
            root = shape(RefValue(1.0), 10)
            if bh.walk_work(trace, root) != bh.count_values(root):
                return False
            nodes, edges = trace(root)
            if len(nodes) != bh.count_values(root):
                return False
            if len({(id(c), id(p)) for c, p in edges}) != sum(
                    len(set(map(id, v._prev))) for v in bh.ref_trace(root)[0]):
                return False
        return True
    assert ex09.ex4.evaluate(check_walk).status == "correct"


def test_a_correct_learner_style_exp_check_with_gradcheck_passes():
    from autograd_helpers import gradcheck

    def check_exp(Value):
        for x in (-1.0, 0.3, 1.7):
            if not math.isclose(Value(x).exp().data, math.exp(x)):
                return False
            if not gradcheck(lambda a: a.exp() + a, [x], value_class=Value):
                return False
        return True
    assert ex09.ex2.evaluate(check_exp).status == "correct"


@pytest.mark.parametrize("bug", EXERCISES)
def test_checking_is_quick(bug):
    ex, check = EXERCISES[bug]
    start = time.perf_counter()
    ex.evaluate(check)
    assert time.perf_counter() - start < 2.0

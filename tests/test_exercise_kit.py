"""The exercise framework's own guarantees: inputs are copies and a changed
input is named, shapes are named before numbers, every attempt draws new
inputs, slow code is stopped, the checker's own errors are never the
learner's, and messages use the name the cell used."""

import io
import time
from contextlib import redirect_stdout

import numpy as np
import pytest

import exercise_kit
from exercise_kit import (Exercise, Wrong, attempt_np_rng, attempt_rng, call,
                          expect_array, is_learner_code, time_limit)


def rejected(fn, mistake):
    with pytest.raises(Wrong) as info:
        fn()
    assert info.value.mistake == mistake, info.value.message
    return info.value.message


# --- call: inputs are copies ------------------------------------------------

def test_call_gives_the_answer_copies_so_the_checkers_inputs_stay():
    xs = [1.0, 2.0, 3.0]

    def sort_in_place(v):
        v.sort(reverse=True)
        return v
    with pytest.raises(Wrong):
        call(sort_in_place, xs, names=("xs",))
    assert xs == [1.0, 2.0, 3.0]


def test_call_names_an_input_list_that_was_changed():
    def double_in_place(v):
        for i in range(len(v)):
            v[i] *= 2
        return v
    message = rejected(lambda: call(double_in_place, [1.0, 2.0], what="double(xs)",
                                    names=("xs",)), "changed-input")
    assert "double(xs) changed its input xs" in message


def test_call_names_an_array_written_in_place():
    def relu_in_place(x):
        x[x < 0] = 0
        return x
    message = rejected(lambda: call(relu_in_place, np.array([-1.0, 2.0]),
                                    names=("x",)), "changed-input")
    assert "input x" in message


def test_call_accepts_an_answer_that_leaves_its_inputs_alone():
    assert call(lambda v: [2 * x for x in v], [1.0, 2.0]) == [2.0, 4.0]


def test_call_passes_objects_such_as_values_themselves():
    thing = object()
    assert call(lambda t: t, thing) is thing


# --- expect_array: shapes before numbers ------------------------------------

def test_expect_array_names_an_extra_axis_as_keepdims():
    message = rejected(lambda: expect_array(np.ones((1, 3)), (3,), name="ds"),
                       "wrong-shape")
    assert "shape (1, 3)" in message and "(3,)" in message and "keepdims" in message


def test_expect_array_names_a_transposed_result():
    message = rejected(lambda: expect_array(np.ones((3, 2)), (2, 3)), "wrong-shape")
    assert "transposed" in message


def test_expect_array_names_a_tensor_and_says_to_give_its_data():
    class Tensor:
        def __init__(self, data):
            self.data = data
    message = rejected(lambda: expect_array(Tensor(np.ones(3)), (3,), name="dx"),
                       "tensor-not-array")
    assert "dx.data" in message


def test_expect_array_does_not_let_broadcasting_pass_a_wrong_shape():
    with pytest.raises(Wrong):
        expect_array(np.ones(3), (4, 3))


def test_expect_array_accepts_a_list_of_the_right_shape():
    assert expect_array([[1, 2], [3, 4]], (2, 2)).dtype == float


def test_expect_array_names_none_as_a_missing_return():
    rejected(lambda: expect_array(None, (2,)), "returned-none")


# --- time_limit ---------------------------------------------------------------

def test_time_limit_stops_a_loop_that_never_ends():
    def forever():
        while True:
            pass
    start = time.perf_counter()
    message = rejected(lambda: _run_limited(forever), "too-slow")
    assert time.perf_counter() - start < 2
    assert "your test ran for more than 0.2 s" in message


def test_time_limit_cannot_be_swallowed_by_except_exception():
    def stubborn():
        while True:
            try:
                while True:
                    pass
            except Exception:
                pass
    rejected(lambda: _run_limited(stubborn), "too-slow")


def _run_limited(fn):
    with time_limit(0.2, "your test"):
        fn()


def test_time_limit_lets_quick_code_finish():
    with time_limit(1, "x"):
        total = sum(range(1000))
    assert total == 499500


# --- fresh inputs for every attempt -------------------------------------------

def _seen_inputs():
    seen = []

    def checker(answer):
        seen.append((attempt_rng(7).random(), float(attempt_np_rng(7).normal())))
    return seen, checker


def test_each_attempt_draws_new_inputs():
    seen, checker = _seen_inputs()
    ex = Exercise("draws", checker)
    ex.evaluate(lambda: None)
    ex.evaluate(lambda: None)
    assert seen[0] != seen[1]


def test_attempts_draw_the_same_inputs_in_a_fresh_kernel():
    first, checker1 = _seen_inputs()
    second, checker2 = _seen_inputs()
    for seen, checker in ((first, checker1), (second, checker2)):
        ex = Exercise("draws", checker)
        ex.evaluate(lambda: None)
        ex.evaluate(lambda: None)
    assert first == second


# --- whose error ---------------------------------------------------------------

def test_an_error_in_the_learners_code_is_the_learners():
    def answer(x):
        return x / 0

    def checker(fn):
        fn(1.0)
    result = Exercise("mine", checker, reference=lambda x: x).evaluate(answer)
    assert result.status == "wrong" and "ZeroDivisionError" in result.message


def test_an_error_in_the_checker_itself_is_not_blamed_on_the_learner():
    result = Exercise("broken", _broken_checker).evaluate(lambda: 1)
    assert result.status == "check failed"
    assert "not in your answer" in result.message
    assert "your code raised" not in result.message


_broken_checker_source = "def _broken_checker(answer):\n    return [][1]\n"
_namespace = {}
exec(compile(_broken_checker_source, exercise_kit.__file__, "exec"), _namespace)
_broken_checker = _namespace["_broken_checker"]


def test_series_modules_are_not_learner_code():
    assert not is_learner_code(exercise_kit.__file__)
    assert not is_learner_code(np.__file__)
    assert is_learner_code("/tmp/ipykernel_1234/5678.py")


# --- names as the cell calls them ----------------------------------------------

def test_messages_use_the_name_the_cell_used():
    ex_a = Exercise("named", lambda answer: None, reference=lambda x: x)
    out = io.StringIO()
    with redirect_stdout(out):
        ex_a.check("not a function")
    assert "ex_a.check(" in out.getvalue()
    assert ex_a.name == "ex"


# --- unchanged_graph: a walk must leave the graph as it was ------------------

def test_unchanged_graph_names_a_walk_that_emptied_a_values_children():
    from autograd_helpers import Value
    a = Value(2.0)
    root = a * a

    def walk_that_cuts():
        with exercise_kit.unchanged_graph(root, "count_nodes(root)"):
            root._prev = ()

    message = rejected(walk_that_cuts, "changed-input")
    assert "count_nodes(root) changed the graph" in message and "_prev" in message


def test_unchanged_graph_lets_a_walk_that_only_reads_pass():
    from autograd_helpers import Value
    root = Value(2.0) * Value(3.0)
    with exercise_kit.unchanged_graph(root):
        seen = {id(c) for c in root._prev}
    assert len(seen) == 2


def test_expect_numbers_names_a_numpy_number_instead_of_failing_on_it():
    message = rejected(lambda: exercise_kit.expect_numbers(np.array(2.0), 3), "not-numbers")
    assert "a numpy number (2.0)" in message


def test_an_error_message_ending_in_a_full_stop_is_not_given_a_second_one():
    def answer(x):
        raise ValueError("Value() takes a number.")

    result = Exercise("demo", lambda f: f(1.0), reference=lambda x: x).evaluate(answer)
    assert result.mistake == "raised"
    assert "takes a number. Read that message" in result.message


def test_messages_use_the_alias_the_cell_wrote_before_check():
    # in a kernel `e = ex1` then `e.check(...)` said "ex1.check ..." in its message
    import linecache
    source = "e = ex_b\ne.check('not a function')\n"
    filename = "/tmp/ipykernel_test/cell_alias.py"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    ex_b = Exercise("named", lambda answer: None, reference=lambda x: x, name="ex_b")
    out = io.StringIO()
    with redirect_stdout(out):
        exec(compile(source, filename, "exec"), {"ex_b": ex_b})
    assert "e.check(" in out.getvalue() and "ex_b.check" not in out.getvalue()


def test_describe_shows_float_noise_as_a_learner_reads_it():
    # seen in kernels: "the number 2.0000000000000004", "(..., -3.8804000000000003)"
    assert exercise_kit.describe(2.0000000000000004) == "the number 2"
    assert exercise_kit.describe(0.25) == "the number 0.25"
    assert exercise_kit.describe((1.06, 0.1 + 0.2)) == "a tuple of 2 items ((1.06, 0.3))"


def test_describe_shows_the_values_in_a_list_by_their_data():
    from exercise_kit import BareValue
    assert exercise_kit.describe([BareValue(-0.9824783539465531)]) == \
        "a list of 1 item ([BareValue(data=-0.982478)])"

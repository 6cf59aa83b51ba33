"""numerical_grad, relative_error and gradcheck."""

import math

import pytest

from lesson_engine import AssignBugValue, SetChildrenValue
from autograd_helpers import gradcheck, GradcheckReport, numerical_grad, relative_error, Value


class BrokenExp(Value):
    """A Value whose exp has the wrong backward: e**(2x) instead of e**x."""

    __slots__ = ()

    def exp(self):
        x = self.data
        out = BrokenExp(math.exp(x), (self,), "exp")

        def _backward(grad):
            self.grad += math.exp(2 * x) * grad
        out._backward = _backward
        return out


# -- numerical_grad -----------------------------------------------------------------

def test_numerical_grad_of_a_cube_is_accurate():
    [slope] = numerical_grad(lambda x: x ** 3, [2.0])
    assert slope == pytest.approx(12.0, rel=1e-8)


def test_numerical_grad_gives_one_slope_per_input():
    slopes = numerical_grad(lambda a, b, c: a * b + c, [2.0, -3.0, 10.0])
    assert slopes == pytest.approx([-3.0, 2.0, 1.0], rel=1e-8)


def test_numerical_grad_accepts_a_function_returning_a_value():
    slopes = numerical_grad(lambda a, b: Value(a) * b, [2.0, -3.0])
    assert slopes == pytest.approx([-3.0, 2.0], rel=1e-8)


def test_numerical_grad_accepts_integer_inputs():
    assert numerical_grad(lambda x: x * x, [3]) == pytest.approx([6.0], rel=1e-8)


def test_numerical_grad_error_shrinks_like_h_squared():
    # central differences: error about h**2/6 * f'''(x); for exp that is e**x
    err = [abs(numerical_grad(math.exp, [1.0], h)[0] - math.e) for h in (1e-2, 1e-3)]
    assert err[0] == pytest.approx(1e-4 / 6 * math.e, rel=1e-2)
    assert 80 < err[0] / err[1] < 120


def test_numerical_grad_with_a_too_small_h_is_spoiled_by_rounding():
    def error(h):
        return abs(numerical_grad(lambda x: 3 * x ** 2 - 4 * x + 5, [3.0], h)[0] - 14.0)
    assert error(1e-14) > 100 * error(1e-6)


def test_numerical_grad_does_not_change_its_inputs():
    inputs = [1.0, 2.0]
    numerical_grad(lambda a, b: a * b, inputs)
    assert inputs == [1.0, 2.0]


# -- relative_error -------------------------------------------------------------------

def test_relative_error_of_equal_numbers_is_zero():
    assert relative_error(3.5, 3.5) == 0.0 and relative_error(0.0, 0.0) == 0.0


def test_relative_error_is_symmetric():
    assert relative_error(2.0, 3.0) == relative_error(3.0, 2.0)


def test_relative_error_scales_by_the_larger_size():
    assert relative_error(1000.0, 1001.0) == pytest.approx(1 / 1001)
    assert relative_error(-2.0, 2.0) == 2.0


def test_relative_error_never_divides_by_less_than_one():
    assert relative_error(1e-12, 0.0) == 1e-12
    assert relative_error(0.5, 0.25) == 0.25


# -- gradcheck -----------------------------------------------------------------------------

def test_gradcheck_passes_a_correct_backward():
    report = gradcheck(lambda a, b: (a * b + a.exp()).tanh() / b, [0.3, -1.2])
    assert report.ok and bool(report)
    assert report.worst < 1e-8


def test_gradcheck_rows_hold_backward_numerical_and_error_per_input():
    report = gradcheck(lambda a, b: a * b, [2.0, -3.0])
    assert report.names == ["x0", "x1"]
    assert report.analytic == [-3.0, 2.0]
    assert report.numeric == pytest.approx([-3.0, 2.0], rel=1e-8)
    assert report.errors == [relative_error(a, n)
                             for a, n in zip(report.analytic, report.numeric)]
    assert report.worst == max(report.errors)


def test_gradcheck_uses_the_given_names():
    report = gradcheck(lambda a, b: a + b, [1.0, 2.0], names=["a", "b"])
    lines = repr(report).splitlines()
    assert lines[1].startswith("a ") and lines[2].startswith("b ")


def test_gradcheck_report_shows_a_header_a_row_per_input_and_a_verdict():
    lines = repr(gradcheck(lambda a, b, c: a * b + c, [1.0, 2.0, 3.0])).splitlines()
    assert len(lines) == 5
    assert lines[0].split() == ["input", "backward", "numerical", "rel.", "error"]
    assert lines[1].split()[:2] == ["x0", "2.000000"]
    assert lines[-1].startswith("OK: worst relative error")


def test_gradcheck_detects_a_wrong_backward():
    report = gradcheck(lambda x: x.exp(), [1.0], value_class=BrokenExp)
    assert not report.ok and not bool(report)
    assert report.analytic[0] == pytest.approx(math.exp(2.0))
    assert report.numeric[0] == pytest.approx(math.e, rel=1e-8)


def test_gradcheck_marks_only_the_inputs_that_differ():
    report = gradcheck(lambda x, y: x.exp() * y, [1.0, 0.5], value_class=BrokenExp)
    lines = repr(report).splitlines()
    assert lines[1].endswith("<-- differs") and not lines[2].endswith("<-- differs")
    assert lines[-1].startswith("MISMATCH")


def test_gradcheck_report_is_ok_up_to_the_tolerance():
    names, analytic, numeric = ["a", "b"], [1.0, 2.0], [1.0, 2.0 + 4e-5]
    assert not GradcheckReport(names, analytic, numeric, tol=1e-5).ok
    assert GradcheckReport(names, analytic, numeric, tol=1e-4).ok


def test_gradcheck_of_nothing_is_ok():
    assert gradcheck(lambda: Value(1.0), []).ok


def test_gradcheck_works_with_a_learners_value_class():
    report = gradcheck(lambda a, b: (a * b + a).tanh() * (a + a), [0.4, -0.7],
                       value_class=SetChildrenValue)
    assert report.ok, repr(report)


def test_gradcheck_catches_a_learners_assign_instead_of_accumulate():
    # in a + a the second `=` overwrites the first instead of adding to it
    report = gradcheck(lambda a, b: (a + a) * b, [0.4, -0.7],
                       value_class=AssignBugValue)
    assert not report.ok
    assert report.errors[0] > 0.1

"""Bad input gets a clear error that says what went wrong and what to do.

The tests look for the key words of each message, not the whole sentence,
so the wording can still be polished.
"""

import math

import pytest

from autograd_helpers import Value


def message(excinfo):
    return str(excinfo.value)


# -- what a Value can hold ------------------------------------------------------

def test_value_of_a_string_is_a_type_error_naming_str():
    with pytest.raises(TypeError) as excinfo:
        Value("3")
    assert "str" in message(excinfo) and "'3'" in message(excinfo)
    assert "number" in message(excinfo)


def test_value_of_a_string_suggests_converting_it():
    with pytest.raises(TypeError, match=r"float\('3'\)"):
        Value("3")


def test_value_of_none_is_a_type_error_naming_nonetype():
    with pytest.raises(TypeError) as excinfo:
        Value(None)
    assert "NoneType" in message(excinfo) and "number" in message(excinfo)


def test_value_of_a_list_is_a_type_error_naming_list():
    with pytest.raises(TypeError, match="list"):
        Value([1.0])


def test_value_of_a_value_is_a_type_error_pointing_to_data():
    with pytest.raises(TypeError, match=r"\.data"):
        Value(Value(3.0))


# -- powers ----------------------------------------------------------------------

def test_value_to_the_power_of_a_value_is_a_type_error():
    with pytest.raises(TypeError) as excinfo:
        Value(2.0) ** Value(3.0)
    assert "only numbers" in message(excinfo)
    assert "exponent" in message(excinfo)


def test_value_to_the_power_of_a_value_suggests_exp_and_log():
    with pytest.raises(TypeError, match=r"\.log\(\)\)\.exp\(\)"):
        Value(2.0) ** Value(3.0)


def test_a_string_exponent_is_a_type_error_naming_str():
    with pytest.raises(TypeError, match="exponent.*str"):
        Value(2.0) ** "2"


def test_zero_to_a_negative_power_is_a_zero_division_error_with_the_value():
    with pytest.raises(ZeroDivisionError) as excinfo:
        Value(0) ** -1
    assert "0.0 ** -1" in message(excinfo)
    assert "negative power" in message(excinfo)


def test_dividing_by_a_value_equal_to_zero_is_a_zero_division_error():
    with pytest.raises(ZeroDivisionError, match="dividing"):
        Value(1.0) / Value(0.0)


def test_negative_base_with_a_fractional_exponent_is_a_value_error():
    with pytest.raises(ValueError) as excinfo:
        Value(-8.0) ** 0.5
    assert "-8.0 ** 0.5" in message(excinfo)
    assert "whole-number exponent" in message(excinfo)


def test_a_number_to_the_power_of_a_value_needs_a_positive_base():
    with pytest.raises(ValueError, match="positive base"):
        (-2) ** Value(1.0)


def test_power_too_large_for_a_float_is_an_overflow_error_with_the_numbers():
    with pytest.raises(OverflowError) as excinfo:
        Value(10.0) ** 400
    assert "10.0 ** 400" in message(excinfo) and "too large" in message(excinfo)


# -- log ------------------------------------------------------------------------------

def test_log_of_zero_is_a_value_error_with_the_value():
    with pytest.raises(ValueError) as excinfo:
        Value(0.0).log()
    assert "log(0.0)" in message(excinfo) and "positive" in message(excinfo)


def test_log_of_a_negative_number_is_a_value_error_with_the_value():
    with pytest.raises(ValueError) as excinfo:
        Value(-2.5).log()
    assert "log(-2.5)" in message(excinfo) and "positive" in message(excinfo)


def test_log_error_suggests_adding_an_epsilon():
    with pytest.raises(ValueError, match="epsilon"):
        Value(0.0).log()


# -- large inputs ---------------------------------------------------------------------

def test_exp_of_1000_is_an_overflow_error_with_a_clear_message():
    # e**1000 is not a finite float, so there is no answer to give.
    with pytest.raises(OverflowError) as excinfo:
        Value(1000.0).exp()
    assert "exp(1000.0)" in message(excinfo) and "too large" in message(excinfo)
    assert "tanh or sigmoid" in message(excinfo)


def test_exp_just_below_the_float_limit_works():
    assert Value(709.0).exp().data == math.exp(709.0)


def test_exp_of_minus_1000_is_zero_and_backward_works():
    x = Value(-1000.0)
    out = x.exp()
    out.backward()
    assert (out.data, x.grad) == (0.0, 0.0)


def test_a_number_to_a_huge_power_is_an_overflow_error():
    with pytest.raises(OverflowError, match="too large"):
        2 ** Value(2000.0)


@pytest.mark.parametrize("x, expected", [(1000.0, 1.0), (-1000.0, -1.0)])
def test_tanh_of_huge_inputs_is_plus_or_minus_one(x, expected):
    assert Value(x).tanh().data == expected


@pytest.mark.parametrize("x", [1000.0, -1000.0])
def test_tanh_of_huge_inputs_backpropagates_a_zero_slope(x):
    v = Value(x)
    v.tanh().backward()
    assert v.grad == 0.0


@pytest.mark.parametrize("x, expected", [(1000.0, 1.0), (-1000.0, 0.0)])
def test_sigmoid_of_huge_inputs_is_finite(x, expected):
    assert Value(x).sigmoid().data == expected


@pytest.mark.parametrize("x", [1000.0, -1000.0])
def test_sigmoid_of_huge_inputs_backpropagates_a_finite_slope(x):
    v = Value(x)
    v.sigmoid().backward()
    assert math.isfinite(v.grad) and v.grad == 0.0


def test_relu_of_a_huge_input_passes_it_through():
    v = Value(1e300)
    out = v.relu()
    out.backward()
    assert (out.data, v.grad) == (1e300, 1.0)


def test_dividing_by_a_plain_zero_names_the_problem():
    with pytest.raises(ZeroDivisionError, match="zero cannot be raised to a negative power"):
        Value(1.0) / 0


def test_infinite_slope_of_a_power_at_zero_is_a_clear_error():
    y = Value(0.0) ** 0.5
    assert y.data == 0.0
    with pytest.raises(ZeroDivisionError, match="slope of x\\*\\*0.5 at x = 0.0 is infinite"):
        y.backward()

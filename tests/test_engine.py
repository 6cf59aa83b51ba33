"""The reference engine: every operation's value and gradient, and backward().

Each test states one behaviour in its name.  Expected gradients are worked
out by hand from the rule in the comment next to them.
"""

import math
import random

import pytest

from autograd_helpers import MLP, topological_order, Value


def approx(x):
    return pytest.approx(x, rel=1e-12, abs=1e-12)


def grads_of(f, *numbers):
    """Build f from fresh leaves, backpropagate, return (data, [grads])."""
    leaves = [Value(x) for x in numbers]
    out = f(*leaves)
    out.backward()
    return out.data, [v.grad for v in leaves]


# -- a Value on its own -------------------------------------------------------

def test_value_stores_its_number_as_a_float_with_zero_grad():
    v = Value(3, label="v")
    assert (v.data, type(v.data), v.grad, v.label) == (3.0, float, 0.0, "v")


def test_value_accepts_numpy_floats_as_plain_floats():
    np = pytest.importorskip("numpy")
    v = Value(np.float64(2.5))
    assert v.data == 2.5 and type(v.data) is float


def test_repr_shows_data_and_grad():
    assert repr(Value(2.0)) == "Value(data=2.0, grad=0.0)"


def test_children_are_an_ordered_tuple_and_op_names_the_operation():
    a, b = Value(1.0), Value(2.0)
    out = b * a
    assert out._prev == (b, a) and isinstance(out._prev, tuple)
    assert out._op == "*"


@pytest.mark.parametrize("make, op", [
    (lambda a, b: a + b, "+"),
    (lambda a, b: a * b, "*"),
    (lambda a, b: a ** 2, "**2"),
    (lambda a, b: a ** -1, "**-1"),
    (lambda a, b: a ** 0.5, "**0.5"),
    (lambda a, b: a.exp(), "exp"),
    (lambda a, b: a.log(), "log"),
    (lambda a, b: a.tanh(), "tanh"),
    (lambda a, b: a.relu(), "ReLU"),
    (lambda a, b: a.sigmoid(), "sigmoid"),
])
def test_each_operation_records_its_name(make, op):
    assert make(Value(2.0), Value(3.0))._op == op


def test_operations_leave_their_inputs_unchanged():
    a, b = Value(2.0), Value(-3.0)
    _ = (a * b + a / b - a ** 2).tanh()
    assert (a.data, a.grad, b.data, b.grad) == (2.0, 0.0, -3.0, 0.0)


# -- binary operations between Values ----------------------------------------

def test_add_value_and_grads():  # d(a+b)/da = 1, d(a+b)/db = 1
    assert grads_of(lambda a, b: a + b, 2.0, -3.0) == (-1.0, [1.0, 1.0])


def test_sub_value_and_grads():  # d(a-b)/da = 1, d(a-b)/db = -1
    assert grads_of(lambda a, b: a - b, 2.0, -3.0) == (5.0, [1.0, -1.0])


def test_mul_value_and_grads():  # d(a*b)/da = b, d(a*b)/db = a
    assert grads_of(lambda a, b: a * b, 2.0, -3.0) == (-6.0, [-3.0, 2.0])


def test_div_value_and_grads():  # d(a/b)/da = 1/b, d(a/b)/db = -a/b**2
    data, (ga, gb) = grads_of(lambda a, b: a / b, 3.0, 4.0)
    assert data == approx(0.75)
    assert (ga, gb) == (approx(0.25), approx(-3.0 / 16))


@pytest.mark.parametrize("base, k, value, grad", [  # d(x**k)/dx = k*x**(k-1)
    (3.0, 2, 9.0, 6.0),
    (3.0, 3, 27.0, 27.0),
    (-2.0, 3, -8.0, 12.0),
    (4.0, 0.5, 2.0, 0.25),
    (4.0, 1.5, 8.0, 3.0),
    (2.0, -1, 0.5, -0.25),
    (2.0, -2, 0.25, -0.25),
    (-2.0, -1, -0.5, -0.25),
    (4.0, -0.5, 0.5, -1.0 / 16),
    (5.0, 0, 1.0, 0.0),
], ids=["int", "cube", "negative-base", "square-root", "float", "reciprocal",
        "negative-int", "negative-base-negative-int", "negative-float", "zero"])
def test_pow_value_and_grad(base, k, value, grad):
    data, [g] = grads_of(lambda x: x ** k, base)
    assert (data, g) == (approx(value), approx(grad))


# -- unary operations ----------------------------------------------------------

def test_unary_minus_value_and_grad():
    assert grads_of(lambda a: -a, 2.5) == (-2.5, [-1.0])


def test_exp_value_and_grad():  # d(e**x)/dx = e**x
    data, [g] = grads_of(lambda a: a.exp(), 1.5)
    assert (data, g) == (approx(math.exp(1.5)), approx(math.exp(1.5)))


def test_log_value_and_grad():  # d(log x)/dx = 1/x
    data, [g] = grads_of(lambda a: a.log(), 4.0)
    assert (data, g) == (approx(math.log(4.0)), approx(0.25))


def test_tanh_value_and_grad():  # d(tanh x)/dx = 1 - tanh(x)**2
    t = math.tanh(0.7)
    data, [g] = grads_of(lambda a: a.tanh(), 0.7)
    assert (data, g) == (approx(t), approx(1 - t * t))


def test_relu_passes_positive_inputs_with_slope_one():
    assert grads_of(lambda a: a.relu(), 2.5) == (2.5, [1.0])


def test_relu_zeroes_negative_inputs_with_slope_zero():
    assert grads_of(lambda a: a.relu(), -2.5) == (0.0, [0.0])


def test_relu_at_zero_gives_zero_and_grad_zero():
    assert grads_of(lambda a: a.relu(), 0.0) == (0.0, [0.0])


@pytest.mark.parametrize("x", [-3.0, 0.0, 0.5, 4.0])
def test_sigmoid_value_and_grad(x):  # d(s)/dx = s * (1 - s)
    s = 1 / (1 + math.exp(-x))
    data, [g] = grads_of(lambda a: a.sigmoid(), x)
    assert (data, g) == (approx(s), approx(s * (1 - s)))


def test_sigmoid_at_zero_is_one_half_with_slope_one_quarter():
    assert grads_of(lambda a: a.sigmoid(), 0.0) == (0.5, [0.25])


# -- a plain number on either side ----------------------------------------------

@pytest.mark.parametrize("f, value, grad", [
    (lambda a: 2 + a, 5.0, 1.0),
    (lambda a: a + 2, 5.0, 1.0),
    (lambda a: 2 - a, -1.0, -1.0),
    (lambda a: a - 2, 1.0, 1.0),
    (lambda a: 2 * a, 6.0, 2.0),
    (lambda a: a * 2, 6.0, 2.0),
    (lambda a: 2 / a, 2 / 3, -2 / 9),
    (lambda a: a / 2, 1.5, 0.5),
    (lambda a: 2 ** a, 8.0, 8.0 * math.log(2)),
    (lambda a: 2.5 * a - 1, 6.5, 2.5),
], ids=["2+a", "a+2", "2-a", "a-2", "2*a", "a*2", "2/a", "a/2", "2**a", "2.5*a-1"])
def test_number_on_either_side(f, value, grad):
    a = Value(3.0)
    out = f(a)
    out.backward()
    assert isinstance(out, Value)
    assert (out.data, a.grad) == (approx(value), approx(grad))


def test_number_on_either_side_keeps_the_operand_order_of_subtraction():
    a = Value(10.0)
    assert ((1 - a).data, (a - 1).data) == (-9.0, 9.0)


def test_rpow_is_built_from_exp_and_log():  # 2 ** a = exp(a * log 2)
    out = 2 ** Value(3.0)
    assert out._op == "exp" and out._prev[0]._op == "*"


def test_sum_of_values_starts_from_the_number_zero():
    a, b = Value(1.5), Value(2.0)
    out = sum([a, b, a])
    out.backward()
    assert (out.data, a.grad, b.grad) == (5.0, 2.0, 1.0)


# -- Value.weighted_sum ---------------------------------------------------------

def _weighted_sum_twice(n, seed):
    """The same numbers as separate leaves for the fused and the plain form."""
    rng = random.Random(seed)
    ws = [rng.uniform(-2, 2) for _ in range(n)]
    xs = [rng.uniform(-2, 2) for _ in range(n)]
    b = rng.uniform(-2, 2)
    fused = ([Value(w) for w in ws], [Value(x) for x in xs], Value(b))
    plain = ([Value(w) for w in ws], [Value(x) for x in xs], Value(b))
    return fused, plain


@pytest.mark.parametrize("n", [0, 1, 3, 17])
def test_weighted_sum_data_is_float_identical_to_the_plain_sum(n):
    (fw, fx, fb), (pw, px, pb) = _weighted_sum_twice(n, seed=n)
    fused = Value.weighted_sum(fw, fx, fb)
    plain = sum((w * x for w, x in zip(pw, px)), pb)
    assert fused.data == plain.data  # exactly, not approximately


@pytest.mark.parametrize("n", [1, 3, 17])
def test_weighted_sum_grads_equal_the_plain_sum_grads(n):
    (fw, fx, fb), (pw, px, pb) = _weighted_sum_twice(n, seed=100 + n)
    (Value.weighted_sum(fw, fx, fb) * 1.7).tanh().backward()
    (sum((w * x for w, x in zip(pw, px)), pb) * 1.7).tanh().backward()
    assert [v.grad for v in fw + fx + [fb]] == [approx(v.grad) for v in pw + px + [pb]]


def test_weighted_sum_handles_a_value_used_as_weight_and_input():
    w, x, b = Value(1.5), Value(-0.5), Value(0.25)
    out = Value.weighted_sum([w, x], [w, x], b)  # w*w + x*x + b
    out.backward()
    assert (out.data, w.grad, x.grad, b.grad) == (2.75, 3.0, -1.0, 1.0)


def test_weighted_sum_accepts_plain_numbers_as_inputs():
    w, b = Value(2.0), Value(1.0)
    out = Value.weighted_sum([w], [3], b)
    out.backward()
    assert (out.data, w.grad, b.grad) == (7.0, 3.0, 1.0)


def test_weighted_sum_refuses_different_numbers_of_weights_and_inputs():
    with pytest.raises(ValueError, match="2 weights but 1 inputs"):
        Value.weighted_sum([Value(1.0), Value(2.0)], [Value(3.0)], Value(0.0))


# -- backward --------------------------------------------------------------------

def test_backward_sets_the_root_grad_to_one():
    out = Value(2.0) * Value(3.0)
    out.backward()
    assert out.grad == 1.0


def test_backward_on_a_leaf_gives_grad_one():
    a = Value(4.0)
    a.backward()
    assert a.grad == 1.0


def test_backward_reproduces_the_hand_computed_example():
    # L = (a*b + c) * f with a=2, b=-3, c=10, f=-2
    a, b, c, f = Value(2.0), Value(-3.0), Value(10.0), Value(-2.0)
    e = a * b
    d = e + c
    L = d * f
    L.backward()
    assert L.data == -8.0
    assert [v.grad for v in (a, b, c, f, e, d)] == [6.0, -4.0, -2.0, 4.0, -2.0, -2.0]


def test_backward_a_plus_a_gives_grad_two():
    a = Value(3.0)
    b = a + a
    b.backward()
    assert a.grad == 2.0


def test_backward_a_times_b_plus_a_adds_both_paths():
    a, b = Value(3.0), Value(-2.0)
    (a * b + a).backward()  # d/da = b + 1, d/db = a
    assert (a.grad, b.grad) == (-1.0, 3.0)


def test_backward_through_a_reused_intermediate_value():
    # b = a + a;  d = a*b;  e = a + b;  f = d*e  =  (2a**2)(3a)  =  6a**3
    a = Value(3.0)
    b = a + a
    d = a * b
    e = a + b
    f = d * e
    f.backward()
    assert (f.data, a.grad) == (162.0, 162.0)  # 6*27 and 18*a**2
    assert b.grad == a.data * e.data + d.data  # through d and through e


def test_backward_through_a_reused_sum_of_sums():
    a = Value(1.0)
    b = a + a
    c = b + b
    c.backward()
    assert (a.grad, b.grad) == (4.0, 2.0)


def test_backward_of_a_times_a_gives_two_a():
    a = Value(-1.5)
    (a * a).backward()
    assert a.grad == -3.0


def test_backward_leaves_values_outside_the_graph_alone():
    a, other = Value(2.0), Value(5.0)
    _ = other * 3
    (a * 4).backward()
    assert (a.grad, other.grad) == (4.0, 0.0)


def test_backward_does_not_change_any_data():
    a, b = Value(2.0), Value(-3.0)
    out = (a * b).tanh() + a.exp()
    before = [v.data for v in topological_order(out)]
    out.backward()
    assert [v.data for v in topological_order(out)] == before


def test_second_backward_adds_to_the_grads_of_leaves_under_the_root():
    # Documented: leaf gradients accumulate (+=) across calls.
    a, b = Value(2.0), Value(-3.0)
    L = a * b
    L.backward()
    L.backward()
    assert (a.grad, b.grad) == (-6.0, 4.0)


def test_second_backward_through_a_deep_graph_adds_exactly_one_more_gradient():
    # Values in between are reset first, so nothing is counted three times.
    a, b = Value(0.5), Value(-1.5)
    out = ((a * b + a).tanh() * b).exp()
    out.backward()
    first = (a.grad, b.grad)
    out.backward()
    assert (a.grad, b.grad) == (2 * first[0], 2 * first[1])


def test_zero_grad_then_second_backward_repeats_the_first():
    model = MLP(2, [3, 1], rng=random.Random(0))
    loss = (model([0.5, -1.0]) - 1.0) ** 2
    loss.backward()
    first = [p.grad for p in model.parameters()]
    model.zero_grad()
    loss.backward()
    assert [p.grad for p in model.parameters()] == first


def test_zeroing_every_grad_makes_a_second_backward_repeat_the_first():
    a, b = Value(0.5), Value(-1.5)
    out = (a * b + a).tanh() * b
    out.backward()
    first = [v.grad for v in topological_order(out)]
    for v in topological_order(out):
        v.grad = 0.0
    out.backward()
    assert [v.grad for v in topological_order(out)] == first


# -- topological_order ------------------------------------------------------------

def _diamond():
    a = Value(2.0, label="a")
    b = a + a
    d = a * b
    e = a + b
    f = d * e
    return f, [a, b, d, e, f]


def test_topological_order_puts_children_before_parents():
    f, _ = _diamond()
    order = topological_order(f)
    position = {id(v): i for i, v in enumerate(order)}
    for v in order:
        for c in v._prev:
            assert position[id(c)] < position[id(v)]


def test_topological_order_lists_each_value_once():
    f, values = _diamond()
    order = topological_order(f)
    assert len(order) == len({id(v) for v in order}) == len(values)
    assert {id(v) for v in order} == {id(v) for v in values}


def test_topological_order_ends_with_the_root():
    f, _ = _diamond()
    assert topological_order(f)[-1] is f


def test_topological_order_visits_children_left_to_right():
    a, b, c, f = Value(2.0), Value(-3.0), Value(10.0), Value(-2.0)
    e = a * b
    d = e + c
    L = d * f
    assert topological_order(L) == [a, b, e, c, d, f, L]


def test_topological_order_takes_a_children_function():
    graph = {"out": ["x", "y"], "x": ["y"], "y": []}
    assert topological_order("out", graph.__getitem__) == ["y", "x", "out"]


# -- gc_paused ----------------------------------------------------------------------

def test_gc_paused_switches_the_collector_off_and_back_on():
    import gc
    from autograd_helpers import gc_paused
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_gc_paused_leaves_a_disabled_collector_disabled():
    import gc
    from autograd_helpers import gc_paused
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_graphs_are_freed_while_the_collector_is_paused():
    # No reference cycles: reference counting alone frees a dropped graph.
    import gc
    import weakref
    from autograd_helpers import gc_paused

    class Probe:  # Value has __slots__ without __weakref__, so watch a label object
        pass
    with gc_paused():
        probe = Probe()
        watch = weakref.ref(probe)
        x = Value(0.5, label=probe)
        y = ((x * 2.0).tanh() + x.exp()) * x
        y.backward()
        del probe, x, y
        assert watch() is None

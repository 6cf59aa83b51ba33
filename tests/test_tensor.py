"""The Tensor engine (autograd_tensor.py): gradients, broadcasting, errors.

Gradients are checked against central differences in float64 (always) and
against PyTorch (when it is importable), on random expressions built by
hypothesis from every operation, with broadcasting and reused nodes.
"""

import gc
import random

import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st

from autograd_tensor import MLP, Linear, Tensor, mlp_from_values, topological_order, unbroadcast


def numerical_grads(f, arrays, h=1e-6):
    """Central differences of the scalar f(*arrays) for every number of every array."""
    grads = []
    for a in arrays:
        g = np.zeros(np.shape(a))
        for i in np.ndindex(a.shape):
            old = a[i]
            a[i] = old + h
            up = f(*arrays)
            a[i] = old - h
            down = f(*arrays)
            a[i] = old
            g[i] = (up - down) / (2 * h)
        grads.append(np.asarray(g))
    return grads


def assert_close_to_numerical(f_tensor, arrays, rtol=1e-5, atol=1e-6):
    """Tensor gradients of f_tensor(*leaves).sum() equal central differences."""
    leaves = [Tensor(a) for a in arrays]
    f_tensor(*leaves).backward()

    def f(*xs):
        return float(f_tensor(*[Tensor(x) for x in xs]).data)
    for leaf, want in zip(leaves, numerical_grads(f, [a.copy() for a in arrays])):
        np.testing.assert_allclose(leaf.grad, want, rtol=rtol, atol=atol)


# ---------------------------------------------------------------------------
# Random expressions: every operation, broadcasting, reused nodes
# ---------------------------------------------------------------------------

# Every node has one of these shapes; any two of them broadcast to one of them.
SHAPES = [(3, 4), (4,), (3, 1), ()]

UNARY = ["relu", "tanh", "exp", "log", "square", "cube", "sqrt", "reciprocal", "neg"]
BINARY = ["+", "-", "*", "/", "number+", "number-", "number*", "number/", "array+", "array*"]
SHAPED = ["sum", "mean", "sum0", "sum1k", "mean1k", "matT", "matvec", "vecvec",
          "colT", "index", "reshape"]
OPS = UNARY + BINARY + SHAPED


def reduce(x, how, axis=None, keepdims=False):
    """x.sum/x.mean for our Tensor (axis=) and for torch (dim=)."""
    if isinstance(x, Tensor):
        return getattr(x, how)(axis=axis, keepdims=keepdims)
    if axis is None:
        return getattr(x, how)()
    return getattr(x, how)(dim=axis, keepdim=keepdims)


def apply(op, x, y, rng_consts, relu_inputs):
    """One step of a random program; None when the operands do not fit."""
    shape = tuple(x.shape)
    c = rng_consts
    if op == "relu":
        relu_inputs.append(x)
        return x.relu()
    if op == "tanh":
        return x.tanh()
    if op == "exp":
        return x.tanh().exp()
    if op == "log":
        return (x * x + 1).log()
    if op == "square":
        return x ** 2
    if op == "cube":
        return x ** 3
    if op == "sqrt":
        return (x * x + 1) ** 0.5
    if op == "reciprocal":
        return (x * x + 1) ** -1
    if op == "neg":
        return -x
    if op == "+":
        return x + y
    if op == "-":
        return x - y
    if op == "*":
        return x * y
    if op == "/":
        return x / (y * y + 0.5)
    if op == "number+":
        return 1.5 + x
    if op == "number-":
        return 2.0 - x
    if op == "number*":
        return 0.5 * x
    if op == "number/":
        return 1.0 / (x * x + 1)
    if op == "array+":  # a plain numpy array on the left, broadcast against x
        return c["row"] + x
    if op == "array*":
        return c["col"] * x
    if op == "sum":
        return reduce(x, "sum")
    if op == "mean":
        return reduce(x, "mean")
    if shape == (3, 4) and tuple(y.shape) == (3, 4):
        if op == "matT":
            return x @ y.T @ x  # (3,4) @ (4,3) @ (3,4)
    if shape == (3, 4):
        if op == "sum0":
            return reduce(x, "sum", axis=0)
        if op == "sum1k":
            return reduce(x, "sum", axis=1, keepdims=True)
        if op == "mean1k":
            return reduce(x, "mean", axis=-1, keepdims=True)
        if op == "index":
            return x[[0, 0, 2]]  # row 0 twice: its gradient adds up
        if op == "matvec" and tuple(y.shape) == (4,):
            return (x @ y).reshape(3, 1)  # matrix @ vector
    if op == "vecvec" and shape == (4,) and tuple(y.shape) == (4,):
        return x @ y  # vector @ vector: a number
    if op == "colT" and shape == (3, 1) and tuple(y.shape) == (3, 4):
        return (x.T @ y).reshape(4)  # (1,3) @ (3,4), back to a vector
    if op == "reshape" and shape == (4,):
        return x.reshape(2, 2).reshape((4,))
    return None


def run_program(leaves, program, consts):
    """Build the expression: a pool of nodes, each op picks operands from it
    (so nodes are reused), and the loss sees every node through fixed weights."""
    pool = list(leaves)
    relu_inputs = []
    for op, i, j in program:
        out = apply(op, pool[i % len(pool)], pool[j % len(pool)], consts, relu_inputs)
        if out is not None:
            pool.append(out)
    loss = None
    for k, node in enumerate(pool):
        term = reduce(node * consts["weights"][tuple(node.shape)][k % 3], "sum")
        loss = term if loss is None else loss + term
    return loss, pool, relu_inputs


def leaf_arrays(seed):
    rng = np.random.default_rng(seed)
    return [np.asarray(rng.uniform(0.3, 1.2, size=s) * rng.choice([-1.0, 1.0], size=s))
            for s in SHAPES]


def constants(seed, lib=np.asarray):
    rng = np.random.default_rng(seed + 1)
    weights = {s: [lib(rng.uniform(-1, 1, size=s)) for _ in range(3)] for s in SHAPES}
    return {"weights": weights, "row": lib(rng.uniform(-1, 1, size=(4,))),
            "col": lib(rng.uniform(-1, 1, size=(3, 1)))}


programs = st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 50), st.integers(0, 50)),
                    min_size=1, max_size=8)


def tensor_grads(arrays, program, seed):
    leaves = [Tensor(a) for a in arrays]
    loss, pool, relu_inputs = run_program(leaves, program, constants(seed))
    loss.backward()
    return loss, pool, relu_inputs, [leaf.grad for leaf in leaves]


@settings(max_examples=60)
@given(program=programs, seed=st.integers(0, 10_000))
def test_random_expressions_match_central_differences(program, seed):
    arrays = leaf_arrays(seed)
    loss, pool, relu_inputs, grads = tensor_grads(arrays, program, seed)
    # Central differences need smooth ground: stay away from relu's kink and
    # from numbers so large that float64 rounding swamps the nudge.
    assume(all(np.abs(r.data).min() > 1e-3 for r in relu_inputs if r.data.size))
    assume(max(np.abs(n.data).max() for n in pool) < 1e4)

    def f(*xs):
        return float(run_program([Tensor(x) for x in xs], program, constants(seed))[0].data)
    for got, want in zip(grads, numerical_grads(f, [a.copy() for a in arrays])):
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5 * (1 + np.abs(want).max()))


@settings(max_examples=60)
@given(program=programs, seed=st.integers(0, 10_000))
def test_random_expressions_match_pytorch(program, seed):
    torch = pytest.importorskip("torch")
    arrays = leaf_arrays(seed)
    loss, _, _, grads = tensor_grads(arrays, program, seed)
    leaves = [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in arrays]
    theirs, _, _ = run_program(leaves, program,
                               constants(seed, lambda a: torch.tensor(a, dtype=torch.float64)))
    theirs.backward()
    np.testing.assert_allclose(loss.data, theirs.item(), rtol=1e-12, atol=1e-12)
    for got, leaf in zip(grads, leaves):
        want = leaf.grad.numpy() if leaf.grad is not None else np.zeros(leaf.shape)
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-10)


def test_every_operation_appears_in_the_random_programs():
    # Each op name is recognised by apply() for some operand shapes.
    arrays = {s: Tensor(np.full(s, 0.5)) for s in SHAPES}
    consts = constants(0)
    for op in OPS:
        made = [apply(op, arrays[a], arrays[b], consts, [])
                for a in SHAPES for b in SHAPES]
        assert any(m is not None for m in made), op


# ---------------------------------------------------------------------------
# Broadcasting and unbroadcast
# ---------------------------------------------------------------------------

def test_unbroadcast_sums_over_added_and_stretched_axes():
    g = np.arange(24.0).reshape(2, 3, 4)
    np.testing.assert_array_equal(unbroadcast(g, (4,)), g.sum(axis=(0, 1)))
    np.testing.assert_array_equal(unbroadcast(g, (3, 1)), g.sum(axis=(0, 2))[:, None])
    np.testing.assert_array_equal(unbroadcast(g, (1, 4)), g.sum(axis=(0, 1))[None, :])
    assert unbroadcast(g, ()).shape == () and unbroadcast(g, ()) == g.sum()


def test_unbroadcast_returns_the_same_array_when_nothing_was_broadcast():
    g = np.ones((3, 4))
    assert unbroadcast(g, (3, 4)) is g


def test_bias_added_to_every_row_gets_the_sum_of_the_row_gradients():
    x = Tensor(np.ones((5, 3)))
    b = Tensor([1.0, 2.0, 3.0])
    ((x + b) * Tensor(np.arange(15.0).reshape(5, 3))).sum().backward()
    np.testing.assert_array_equal(b.grad, np.arange(15.0).reshape(5, 3).sum(axis=0))
    assert b.grad.shape == (3,) and x.grad.shape == (5, 3)


def test_broadcast_gradients_match_central_differences():
    rng = np.random.default_rng(1)
    arrays = [rng.normal(size=(4, 1, 3)), rng.normal(size=(5, 1)), rng.normal(size=())]
    assert_close_to_numerical(lambda a, b, c: ((a * b - c) / (b * b + 1)).tanh().sum(), arrays)


# ---------------------------------------------------------------------------
# Each operation on its own
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("shapes", [((3, 4), (4, 2)), ((4,), (4, 2)), ((3, 4), (4,)),
                                    ((4,), (4,)), ((2, 3, 4), (4, 5)), ((3, 4), (2, 4, 5))],
                         ids=str)
def test_matmul_gradients_match_central_differences(shapes):
    rng = np.random.default_rng(2)
    arrays = [rng.normal(size=s) for s in shapes]
    assert_close_to_numerical(lambda a, b: ((a @ b) ** 2).sum(), arrays)


@pytest.mark.parametrize("axis,keepdims", [(None, False), (None, True), (0, False), (1, True),
                                           (-1, False), ((0, 2), False), ((0, 2), True)])
def test_sum_and_mean_along_axes_match_central_differences(axis, keepdims):
    rng = np.random.default_rng(3)
    w = Tensor(rng.normal(size=np.sum(np.zeros((2, 3, 4)), axis=axis, keepdims=keepdims).shape))
    assert_close_to_numerical(lambda a: (a.sum(axis=axis, keepdims=keepdims) * w).sum()
                              + (a.mean(axis=axis, keepdims=keepdims) ** 2 * w).sum(),
                              [rng.normal(size=(2, 3, 4))])


def test_transpose_reshape_and_indexing_match_central_differences():
    rng = np.random.default_rng(4)
    w = Tensor(rng.normal(size=(2, 6)))
    assert_close_to_numerical(
        lambda a: (a.T.reshape(2, 6) * w).sum() + (a[[0, 0, 2]] ** 2).sum() + a[1, 2] * 3,
        [rng.normal(size=(3, 4))])


@pytest.mark.parametrize("name", ["relu", "tanh", "exp", "log"])
def test_elementwise_functions_match_central_differences(name):
    rng = np.random.default_rng(5)
    x = rng.uniform(0.2, 2.0, size=(3, 4)) * rng.choice([-1, 1], size=(3, 4))
    if name == "log":
        x = np.abs(x)
    assert_close_to_numerical(lambda a: (getattr(a, name)() * a).sum(), [x])


def test_numbers_and_arrays_work_on_either_side_of_every_operator():
    t = Tensor([1.0, 2.0, 4.0])
    arr = np.array([2.0, 2.0, 2.0])
    cases = {"2 + t": (2 + t, 2 + t.data), "t + 2": (t + 2, t.data + 2),
             "2 - t": (2 - t, 2 - t.data), "t - 2": (t - 2, t.data - 2),
             "2 * t": (2 * t, 2 * t.data), "t / 2": (t / 2, t.data / 2),
             "2 / t": (2 / t, 2 / t.data), "arr - t": (arr - t, arr - t.data),
             "arr / t": (arr / t, arr / t.data), "arr @ t": (arr @ t, arr @ t.data),
             "float64 * t": (np.float64(3) * t, 3 * t.data), "2 ** t": (2 ** t, 2 ** t.data)}
    for name, (got, want) in cases.items():
        assert isinstance(got, Tensor), name
        np.testing.assert_allclose(got.data, want, rtol=1e-15, err_msg=name)


def test_reflected_subtraction_and_division_have_the_right_gradients():
    t = Tensor([1.0, 2.0, 4.0])
    ((3 - t) + (8 / t)).sum().backward()
    np.testing.assert_allclose(t.grad, -1 - 8 / t.data ** 2)


# ---------------------------------------------------------------------------
# backward(): accumulation, passes, depth
# ---------------------------------------------------------------------------

def test_reused_node_gets_the_sum_of_its_gradients():
    a = Tensor([3.0, -1.0])
    b = a + a      # lesson 4's bug: b uses a twice
    c = b * b      # and c uses b twice
    c.sum().backward()
    np.testing.assert_array_equal(a.grad, 8 * a.data)  # c = 4a^2
    np.testing.assert_array_equal(b.grad, 2 * b.data)


def test_backward_twice_doubles_leaf_gradients_exactly():
    rng = np.random.default_rng(6)
    W, x = Tensor(rng.normal(size=(3, 2))), Tensor(rng.normal(size=(5, 3)))
    loss = ((x @ W).tanh() * (x @ W)).mean()
    loss.backward()
    once_W, once_x = W.grad.copy(), x.grad.copy()
    hidden = loss._prev[0]
    hidden_once = hidden.grad.copy()
    loss.backward()
    np.testing.assert_array_equal(W.grad, 2 * once_W)
    np.testing.assert_array_equal(x.grad, 2 * once_x)
    np.testing.assert_array_equal(hidden.grad, hidden_once)  # restarted from zero


def test_grad_is_none_until_backward_and_leaf_grads_are_their_own_arrays():
    a, b = Tensor([1.0, 2.0]), Tensor([3.0, 4.0])
    assert a.grad is None
    loss = (a + b).sum()
    loss.backward()
    assert a.grad is not b.grad
    a.grad *= 10  # a leaf's grad can be changed in place without touching b's
    np.testing.assert_array_equal(b.grad, [1.0, 1.0])
    assert a.grad.flags.writeable and a.grad.dtype == np.float64


def test_backward_on_a_single_number_in_any_shape_works():
    a = Tensor([[2.0]])
    (a * a).backward()
    np.testing.assert_array_equal(a.grad, [[4.0]])


def test_a_chain_of_a_hundred_thousand_operations_backpropagates_without_recursion():
    x = Tensor(1.0)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    y.backward()
    assert x.grad == 1.0
    assert len(topological_order(y)) == 200_001  # every op also made a constant leaf


def test_a_dropped_graph_leaves_no_reference_cycles():
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        W = Tensor(np.ones((3, 3)))
        loss = ((Tensor(np.ones((4, 3))) @ W).relu() ** 2).mean()
        loss.backward()
        del loss
        assert gc.collect() == 0  # reference counting freed everything already
    finally:
        if was:
            gc.enable()


def test_data_is_a_float64_copy_of_what_was_given():
    source = np.array([1, 2, 3])
    t = Tensor(source)
    assert t.data.dtype == np.float64 and isinstance(t.data, np.ndarray)
    t.data += 1
    np.testing.assert_array_equal(source, [1, 2, 3])
    assert Tensor(2).data.shape == () and Tensor(2).shape == () and Tensor([[1, 2]]).size == 2
    assert isinstance((Tensor([1.0, 2.0]).sum()).data, np.ndarray)


def test_children_are_kept_in_order_with_the_operation_name():
    a, b = Tensor(1.0), Tensor(2.0)
    c = b - a
    assert c._prev == (b, a) and c._op == "-"
    assert (2 * a)._prev[1] is a  # a number on the left becomes the first child


# ---------------------------------------------------------------------------
# Error messages
# ---------------------------------------------------------------------------

def test_backward_on_a_tensor_that_is_not_one_number_says_how_to_reduce_it():
    with pytest.raises(ValueError, match=r"shape \(2, 3\).*\.sum\(\) or \.mean\(\)"):
        (Tensor(np.ones((2, 3))) * 2).backward()


@pytest.mark.parametrize("op", ["+", "-", "*", "/"])
def test_shape_mismatch_names_both_shapes(op):
    a, b = Tensor(np.ones((2, 3))), Tensor(np.ones((4,)))
    with pytest.raises(ValueError, match=r"\(2, 3\).*\(4,\)"):
        eval(f"a {op} b")


def test_matmul_mismatch_names_both_shapes_and_the_sizes_that_differ():
    with pytest.raises(ValueError, match=r"\(2, 3\) @ \(4, 5\).*\(3\).*\(4\)"):
        Tensor(np.ones((2, 3))) @ Tensor(np.ones((4, 5)))


def test_tensor_exponent_is_a_type_error_that_says_what_to_write():
    a = Tensor([2.0])
    with pytest.raises(TypeError, match=r"plain number.*\(b \* a\.log\(\)\)\.exp\(\)"):
        a ** Tensor([2.0])
    with pytest.raises(TypeError, match="plain number"):
        a ** np.array([2.0])


def test_log_of_zero_or_negative_numbers_is_a_clear_error():
    with pytest.raises(ValueError, match=r"log\(-1\.0\) is undefined.*epsilon"):
        Tensor([1.0, -1.0, 0.0]).log()
    with pytest.raises(ValueError, match=r"log\(0\.0\)"):
        Tensor([1.0, 0.0]).log()


def test_exp_overflow_is_a_clear_error():
    with pytest.raises(OverflowError, match=r"exp\(800\.0\) is too large.*709\.78"):
        Tensor([1.0, 800.0]).exp()


def test_negative_base_with_a_fractional_power_is_a_clear_error():
    with pytest.raises(ValueError, match="whole-number exponent"):
        Tensor([-2.0, 2.0]) ** 0.5


def test_making_a_tensor_from_text_or_a_tensor_is_a_type_error():
    with pytest.raises(TypeError, match="string"):
        Tensor("1.0")
    with pytest.raises(TypeError, match="Tensor\\(t.data\\)"):
        Tensor(Tensor(1.0))


# ---------------------------------------------------------------------------
# The network: the same numbers as the scalar engine
# ---------------------------------------------------------------------------

def scalar_moons():
    from autograd_helpers import MLP as ScalarMLP
    from lesson_data import make_moons
    X, y = make_moons(n_samples=100, noise=0.1, seed=1337)
    random.seed(1337)
    return X, y, ScalarMLP(2, [16, 16, 1], activation="relu", final_activation="linear")


def tensor_step(model, X, y, k, steps, alpha=1e-4):
    params = model.parameters()
    scores = model(X)
    loss = (1 - y * scores).relu().mean() + alpha * sum((p * p).sum() for p in params)
    model.zero_grad()
    loss.backward()
    for p in params:
        p.data -= (1.0 - 0.9 * k / steps) * p.grad
    return float(loss.data)


def test_tensor_mlp_from_values_gives_the_scalar_networks_scores_and_gradients():
    from autograd_helpers import Value
    X, y, scalar = scalar_moons()
    tensor = mlp_from_values(scalar)
    scores = tensor(Tensor(X))
    assert scores.shape == (100, 1)
    values = [scalar([Value(a), Value(b)]) for a, b in X[:10]]
    np.testing.assert_allclose(scores.data[:10, 0], [v.data for v in values], rtol=1e-13)
    sum(values).backward()
    scores[:10].sum().backward()
    W1 = tensor.layers[0].W.grad
    neuron = scalar.layers[0].neurons[3]
    np.testing.assert_allclose(W1[:, 3], [w.grad for w in neuron.w], rtol=1e-12)


def test_moons_training_with_tensors_follows_the_scalar_engine():
    from lesson_data import train_moons
    from autograd_helpers import Value
    X, y, scalar = scalar_moons()
    tensor = mlp_from_values(scalar)
    steps = 8
    history = train_moons(scalar, [[Value(a), Value(b)] for a, b in X], y, steps=steps)
    Xt, yt = Tensor(X), Tensor(np.array(y, dtype=float)[:, None])
    losses = [tensor_step(tensor, Xt, yt, k, steps) for k in range(steps)]
    np.testing.assert_allclose(losses, [h[0] for h in history], rtol=0, atol=1e-12)


def test_linear_layer_and_mlp_shapes_and_parameters():
    model = MLP(3, [5, 2], rng=random.Random(0))
    assert [type(layer) for layer in model.layers] == [Linear, Linear]
    assert [p.shape for p in model.parameters()] == [(3, 5), (5,), (5, 2), (2,)]
    assert model(Tensor(np.ones((7, 3)))).shape == (7, 2)
    assert repr(model.layers[0]) == "Linear(3, 5, activation='relu')"
    with pytest.raises(ValueError, match="activation"):
        Linear(2, 2, activation="sigmoid")


def test_moons_training_with_tensors_matches_pytorch():
    torch = pytest.importorskip("torch")
    X, y, scalar = scalar_moons()
    tensor = mlp_from_values(scalar)
    ps = [torch.tensor(p.data, requires_grad=True) for p in tensor.parameters()]
    Xt, yt = Tensor(X), Tensor(np.array(y, dtype=float)[:, None])
    Xtorch, ytorch = torch.tensor(Xt.data), torch.tensor(yt.data)
    steps = 20
    for k in range(steps):
        ours = tensor_step(tensor, Xt, yt, k, steps)
        h = Xtorch
        for i in range(0, 6, 2):
            h = h @ ps[i] + ps[i + 1]
            h = h.relu() if i < 4 else h
        loss = (1 - ytorch * h).relu().mean() + 1e-4 * sum((p * p).sum() for p in ps)
        loss.backward()
        with torch.no_grad():
            for p in ps:
                p -= (1.0 - 0.9 * k / steps) * p.grad
                p.grad = None
        assert ours == pytest.approx(loss.item(), rel=1e-12)


def test_the_finished_tensor_is_importable_from_the_helper_module():
    import autograd_helpers
    import autograd_tensor
    assert autograd_helpers.Tensor is autograd_tensor.Tensor


def test_a_tensor_graph_is_drawn_with_shapes_in_the_boxes():
    from autograd_helpers import draw_dot, graph_text
    W, x = Tensor(np.ones((3, 2)), label="W"), Tensor(np.ones(2), label="x")
    loss = (W @ x).relu().sum()
    loss.label = "loss"
    loss.backward()
    text = graph_text(loss)
    assert "v2 = W @ x" in text.splitlines()[2]
    assert text.splitlines()[0].split() == ["W", "data", "shape", "3×2", "grad", "shape", "3×2"]
    assert "data     6.0000  grad     1.0000" in text.splitlines()[-1]
    assert "data shape 3×2" in draw_dot(loss).source

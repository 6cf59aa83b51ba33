"""Checked exercises of lesson 10 (tensors).

    from exercises_10 import ex1, ex2, ex3

Every check calls the answer on copies of fresh random inputs, with shapes
drawn afresh for each attempt (an answer fitted to one attempt's shapes fails
the next), names a wrong shape as a shape before it compares any number, and
says which of the returned arrays is wrong and why, when it can tell.
"""

import inspect

import numpy as np

from autograd_helpers import topological_order
from autograd_tensor import Tensor
from exercise_kit import (Exercise, Wrong, attempt_np_rng, call, describe,
                          expect_array, learner_raised, returned)
from exercise_kit import backward_on, broken_graph


def _sizes(rng, count, low=2, high=7):
    """``count`` different sizes from low..high-1: with every size different, a
    transposed or wrongly summed array always has a shape of its own."""
    return tuple(int(v) for v in rng.choice(np.arange(low, high), size=count, replace=False))


def _pair(got, names, what):
    """The answer's two arrays (not yet checked), or Wrong saying what came back."""
    returned(got, f"Finish with `return {names}`.", what)
    if isinstance(got, np.ndarray) or (hasattr(got, "data") and hasattr(got, "_prev")):
        shape = got.shape if isinstance(got, np.ndarray) else np.shape(got.data)
        raise Wrong(f"{what} returned one {type(got).__name__} of shape {shape}; "
                    f"expected two arrays: `return {names}`.", "not-a-pair")
    if not isinstance(got, (tuple, list)):
        raise Wrong(f"{what} returned {describe(got)}; expected two arrays: "
                    f"`return {names}`.", "not-a-pair")
    if len(got) != 2:
        raise Wrong(f"{what} returned {len(got)} items; expected two arrays: "
                    f"`return {names}`.", "not-a-pair")
    return got


def _shape_of(x):
    """The shape of an array (or of a list of numbers); None for anything else."""
    try:
        return np.shape(x) if not hasattr(x, "_prev") else None
    except (TypeError, ValueError):
        return None


def _run(answer, args, what, names, where):
    """``answer(*args)`` on copies (``call``); a numpy shape error or an index
    out of range raised by the learner's own code is said with the shapes of
    the inputs (``where``: "with x of shape (4, 3)")."""
    try:
        return call(answer, *args, what=what, names=names)
    except (ValueError, IndexError) as e:
        text = str(e)
        if not learner_raised(e):
            raise
        if isinstance(e, IndexError):
            raise Wrong(f"{what}, {where}, raised IndexError: {text}. Take sizes "
                        "from the arrays themselves (x.shape, len(x)) rather than "
                        "fixed numbers: the check draws new sizes for every "
                        "attempt.", "index-error") from None
        if any(word in text for word in ("mismatch", "align", "broadcast", "shape",
                                         "multiply")):
            raise Wrong(f"{what}, {where}, raised ValueError: {text}. Two of your "
                        "arrays do not fit together: write each input's shape next "
                        "to each product or sum, and make the result's shape come "
                        "out right.", "shapes-do-not-fit") from None
        raise


def _first_difference(got, want):
    """Where ``got`` and ``want`` (same shape) differ most, as 'entry [i, j]'."""
    index = np.unravel_index(np.argmax(np.abs(got - want)), got.shape)
    return "[" + ", ".join(str(int(i)) for i in index) + "]", index


# --- Exercise 1: the backward pass of a broadcast multiplication -------------

def scale_columns_backward(x, s, grad):
    """out = x * s, with x of shape (n, m) and s of shape (m,): numpy repeats s
    for every row.  Given grad = d(loss)/d(out), return (dx, ds)."""
    dx = grad * s                # each out[i, j] = x[i, j] * s[j]
    ds = (grad * x).sum(axis=0)  # s[j] was used in every row: add up its n gradients
    return dx, ds


def _ds_not_summed(x, s, grad):
    return grad * s, grad * x


def _ds_wrong_axis(x, s, grad):
    return grad * s, (grad * x).sum(axis=1)


def _ds_keepdims(x, s, grad):
    return grad * s, (grad * x).sum(axis=0, keepdims=True)


def _ds_mean(x, s, grad):
    return grad * s, (grad * x).mean(axis=0)


def _ds_without_x(x, s, grad):
    return grad * s, grad.sum(axis=0)


def _dx_without_s(x, s, grad):
    return grad, (grad * x).sum(axis=0)


def _dx_times_x(x, s, grad):
    return grad * x, (grad * x).sum(axis=0)


def _swapped_pair(x, s, grad):
    dx, ds = scale_columns_backward(x, s, grad)
    return ds, dx


def _scales_grad_in_place(x, s, grad):
    grad *= s                    # writes into the caller's grad
    return grad, (grad / s * x).sum(axis=0)


def _check_scale_columns(answer):
    rng = attempt_np_rng(100)
    # three rounds of different sizes (where a wrong axis shows as a wrong
    # shape), then a square one, for an answer that treats shapes specially
    side = int(rng.integers(2, 7))
    for n, m in [_sizes(rng, 2), _sizes(rng, 2), _sizes(rng, 2), (side, side)]:
        x, s, grad = rng.normal(size=(n, m)), rng.normal(size=m), rng.normal(size=(n, m))
        call_text = "scale_columns_backward(x, s, grad)"
        what = f"{call_text}, with x of shape {(n, m)},"
        dx, ds = _pair(_run(answer, (x, s, grad), call_text, ("x", "s", "grad"),
                            f"with x of shape {(n, m)}"),
                       "dx, ds", call_text)
        if _shape_of(dx) == (m,) and _shape_of(ds) == (n, m):
            raise Wrong(f"{what} returned (ds, dx): the first array has s's shape "
                        f"{(m,)} and the second x's shape {(n, m)}. Return them in "
                        "the order (dx, ds).", "swapped")
        dx = expect_array(dx, (n, m), what, "dx")
        if _shape_of(ds) == (n, m):
            raise Wrong(f"{what} gave ds with shape {(n, m)}, the shape of x, but s "
                        f"has shape {(m,)}: a gradient always has the shape of its "
                        "array. s[j] was used once in every row, so add up the "
                        "gradients of its uses over the rows: .sum(axis=0).",
                        "ds-not-summed")
        if n != m and _shape_of(ds) == (n,):
            raise Wrong(f"{what} gave ds with shape {(n,)}, one number per row, but "
                        f"s has shape {(m,)}, one number per column. You summed "
                        "along each row (axis=1); s[j] is repeated down column j, "
                        "so sum over the rows: axis=0.", "ds-wrong-axis")
        ds = expect_array(ds, (m,), what, "ds")
        want_dx, want_ds = scale_columns_backward(x, s, grad)
        dx_right, ds_right = np.allclose(dx, want_dx), np.allclose(ds, want_ds)
        if not dx_right:
            head = "ds is right, but dx is not" if ds_right else "dx is not right (nor is ds)"
            if np.allclose(dx, grad):
                raise Wrong(f"{head}: dx is grad itself, without the local derivative. "
                            "d(x[i, j] * s[j]) / d(x[i, j]) is s[j], so dx = grad * s.",
                            "dx-without-s")
            if np.allclose(dx, grad * x):
                raise Wrong(f"{head}: dx is grad * x, but the local derivative of "
                            "x[i, j] * s[j] with respect to x[i, j] is the *other* "
                            "factor, s[j]: dx = grad * s.", "dx-times-x")
            at, i = _first_difference(dx, want_dx)
            raise Wrong(f"for x of shape {(n, m)}, {head}: dx{at} should be "
                        f"grad{at} * s[{i[1]}] = {want_dx[i]:.4g}, yours is "
                        f"{dx[i]:.4g}.", "dx-wrong")
        if not ds_right:
            if np.allclose(ds, (grad * x).mean(axis=0)):
                raise Wrong("dx is right, but ds is the *average* over the rows; a "
                            "number used n times receives the *sum* of its n "
                            "gradients (as b = a + a gives a gradient 2, not 1): "
                            ".sum(axis=0), not .mean(axis=0).", "ds-mean")
            if n == m and np.allclose(ds, (grad * x).sum(axis=1)):
                raise Wrong(f"for x of shape {(n, m)}, dx is right, but ds adds up "
                            "grad * x along each row (axis=1). s[j] is repeated down "
                            "column j, so its gradient sums over the rows: axis=0.",
                            "ds-wrong-axis")
            if np.allclose(ds, grad.sum(axis=0)):
                raise Wrong("dx is right, but ds adds up grad over the rows and "
                            "forgets the local derivative: d(x[i, j] * s[j]) / d(s[j]) "
                            "is x[i, j], so each row's gradient is grad[i, j] * x[i, j].",
                            "ds-without-x")
            at, i = _first_difference(ds, want_ds)
            raise Wrong(f"for x of shape {(n, m)}, dx is right but ds is not: ds{at} "
                        f"should add up grad[i, {i[0]}] * x[i, {i[0]}] over the rows i, "
                        f"= {want_ds[i]:.4g}; yours is {ds[i]:.4g}.", "ds-wrong")


ex1 = Exercise(
    "the backward pass of a broadcast multiplication",
    _check_scale_columns,
    hints=["Forget the arrays for a moment: out[i, j] = x[i, j] * s[j]. What are the "
           "local derivatives with respect to x[i, j] and to s[j]?",
           "s[j] appears in every row i, so its gradient is a sum over i: "
           "the sum of grad[i, j] * x[i, j].",
           "return grad * s, (grad * x).sum(axis=0)"],
    reference=scale_columns_backward,
    mistakes={"ds-not-summed": _ds_not_summed, "ds-wrong-axis": _ds_wrong_axis,
              "wrong-shape": _ds_keepdims, "ds-mean": _ds_mean,
              "ds-without-x": _ds_without_x, "dx-without-s": _dx_without_s,
              "dx-times-x": _dx_times_x, "swapped": _swapped_pair,
              "changed-input": _scales_grad_in_place},
    success="This is unbroadcast at work: the multiply's backward gives (n, m) "
            "gradients, and summing over the rows takes them back to s's shape.",
    name="ex1")


# --- Exercise 2: matmul's backward --------------------------------------------

def matmul_backward(A, B, G):
    """For C = A @ B (A: (k, n), B: (n, m)) and G = d(loss)/dC of shape (k, m),
    return (dA, dB)."""
    dA = G @ B.T   # (k, m) @ (m, n) -> (k, n), the shape of A
    dB = A.T @ G   # (n, k) @ (k, m) -> (n, m), the shape of B
    return dA, dB


# What a learner may have computed instead, on square matrices (where every
# one of these has the right shape): (formula, how to compute it, mistake).
_CANDIDATES = {
    "dA": [("G @ B", lambda A, B, G: G @ B, "no-transpose"),
           ("B @ G", lambda A, B, G: B @ G, "wrong-order"),
           ("B.T @ G", lambda A, B, G: B.T @ G, "wrong-order"),
           ("B @ G.T", lambda A, B, G: B @ G.T, "transposed"),
           ("G.T @ B", lambda A, B, G: G.T @ B, "misplaced-transpose"),
           ("G.T @ B.T", lambda A, B, G: G.T @ B.T, "misplaced-transpose"),
           ("B.T @ G.T", lambda A, B, G: B.T @ G.T, "misplaced-transpose"),
           ("G * B", lambda A, B, G: G * B, "elementwise"),
           ("G * B.T", lambda A, B, G: G * B.T, "elementwise")],
    "dB": [("A @ G", lambda A, B, G: A @ G, "no-transpose"),
           ("G @ A", lambda A, B, G: G @ A, "wrong-order"),
           ("G @ A.T", lambda A, B, G: G @ A.T, "wrong-order"),
           ("G.T @ A", lambda A, B, G: G.T @ A, "transposed"),
           ("A @ G.T", lambda A, B, G: A @ G.T, "misplaced-transpose"),
           ("A.T @ G.T", lambda A, B, G: A.T @ G.T, "misplaced-transpose"),
           ("G.T @ A.T", lambda A, B, G: G.T @ A.T, "misplaced-transpose"),
           ("A * G", lambda A, B, G: A * G, "elementwise"),
           ("A.T * G", lambda A, B, G: A.T * G, "elementwise")],
}
_RIGHT = {"dA": "G @ B.T", "dB": "A.T @ G"}
_WHY = {
    "no-transpose": "{other} needs a transpose",
    "wrong-order": "the two factors are in the wrong order (a matrix product "
                   "depends on the order)",
    "transposed": "these are the right numbers, transposed ({right} is their "
                  "transpose)",
    "misplaced-transpose": "the transpose is on the wrong factor",
    "elementwise": "that multiplies element by element (*), but every C[i, j] adds "
                   "up A[i, p] * B[p, j] over p, so its gradients are matrix "
                   "products too",
}
_ENTRY = {"dA": "dA[i, p] adds up G[i, j] * B[p, j] over j: row i of G with row p "
                "of B, which is (G @ B.T)[i, p]",
          "dB": "dB[p, j] adds up A[i, p] * G[i, j] over i: column p of A with "
                "column j of G, which is (A.T @ G)[p, j]"}


def _diagnose(name, got, A, B, G):
    """(mistake, sentence) when ``got`` is one of the usual wrong formulas for
    ``name`` ("dA" or "dB"), else None.  Only for square matrices."""
    for text, formula, mistake in _CANDIDATES[name]:
        if np.allclose(got, formula(A, B, G)):
            why = _WHY[mistake].format(other="B" if name == "dA" else "A",
                                       right=_RIGHT[name])
            return mistake, f"{name} is {text}, but it should be {_RIGHT[name]}: {why}."
    return None


def _no_transpose(A, B, G):
    return G @ B, A @ G


def _swapped(A, B, G):
    return A.T @ G, G @ B.T


def _elementwise(A, B, G):
    return G * B, A * G


def _wrong_order(A, B, G):
    return B.T @ G, G @ A.T


def _transposed(A, B, G):
    return B @ G.T, G.T @ A


def _dB_no_transpose(A, B, G):
    return G @ B.T, A @ G



def _check_matmul(answer):
    rng = attempt_np_rng(200)
    s = int(rng.integers(2, 5))
    # Square matrices first: every wrong formula then still has the right
    # shape, so we can say which formula it was; then three different sizes,
    # where only the right products fit.
    for k, n, m in [(s, s, s), _sizes(rng, 3), _sizes(rng, 3)]:
        A, B, G = rng.normal(size=(k, n)), rng.normal(size=(n, m)), rng.normal(size=(k, m))
        call_text = "matmul_backward(A, B, G)"
        what = f"{call_text}, with A of shape {(k, n)}, B {(n, m)} and G {(k, m)},"
        dA, dB = _pair(_run(answer, (A, B, G), call_text, ("A", "B", "G"),
                            f"with A of shape {(k, n)} and B {(n, m)}"),
                       "dA, dB", call_text)
        if k != n and _shape_of(dA) == B.shape and _shape_of(dB) == A.shape:
            raise Wrong(f"{what} gave dA with B's shape {B.shape} and dB with A's "
                        f"shape {A.shape}: they are swapped. Return them in the "
                        "order (dA, dB).", "swapped")
        got = {"dA": expect_array(dA, A.shape, what, "dA"),
               "dB": expect_array(dB, B.shape, what, "dB")}
        want = dict(zip(("dA", "dB"), matmul_backward(A, B, G)))
        wrong = [name for name in got if not np.allclose(got[name], want[name])]
        if not wrong:
            continue
        if (wrong == ["dA", "dB"] and np.allclose(got["dA"], want["dB"])
                and np.allclose(got["dB"], want["dA"])):
            raise Wrong("your dA is B's gradient (A.T @ G) and your dB is A's "
                        "(G @ B.T): they are swapped. Return them in the order "
                        "(dA, dB).", "swapped")
        found = {name: _diagnose(name, got[name], A, B, G) if k == n == m else None
                 for name in wrong}
        parts = []
        for name in wrong:
            if found[name]:
                parts.append(found[name][1])
            else:
                at, _ = _first_difference(got[name], want[name])
                parts.append(f"{name} has the right shape but not the right numbers "
                             f"(look at {name}{at}): {_ENTRY[name]}.")
        if len(wrong) == 1:
            right = "dB" if wrong == ["dA"] else "dA"
            head = f"{right} is right, but {wrong[0]} is not. "
        else:
            head = "both dA and dB are wrong. "
        mistakes = [found[name][0] for name in wrong if found[name]]
        mistake = mistakes[0] if mistakes else "numbers"
        if len(wrong) == 1 or not mistakes:
            mistake = f"{wrong[0]}-{mistake}" if len(wrong) == 1 else "both-" + mistake
        raise Wrong(f"for A of shape {(k, n)}, B {(n, m)} and G {(k, m)}: " + head
                    + " ".join(parts), mistake)


ex2 = Exercise(
    "matmul's backward",
    _check_matmul,
    hints=["Start from one entry: C[i, j] = sum over p of A[i, p] * B[p, j]. What is "
           "dC[i, j] / dA[i, p]? A[i, p] is used in every column j of row i.",
           "So dA[i, p] adds up G[i, j] * B[p, j] over j: a product of G with B "
           "transposed. Check it with the shapes: dA must be (k, n), G is (k, m).",
           "return G @ B.T, A.T @ G"],
    reference=matmul_backward,
    mistakes={"no-transpose": _no_transpose, "swapped": _swapped,
              "elementwise": _elementwise, "wrong-order": _wrong_order,
              "transposed": _transposed, "dB-no-transpose": _dB_no_transpose},
    success="When k, n and m all differ, only one product of G with B (or A) has "
            "A's (or B's) shape; for square matrices the shapes cannot tell, and "
            "the entry C[i, j] = sum over p of A[i, p] * B[p, j] can.",
    name="ex2")


# --- Exercise 3: a layer written with @ ---------------------------------------

def dense_relu(x, W, b):
    """A whole layer of ReLU neurons at once: relu(x @ W + b) for a batch x of
    shape (n, nin), weights W of shape (nin, nout), biases b of shape (nout,)."""
    return (x @ W + b).relu()


def _no_bias(x, W, b):
    return (x @ W).relu()


def _no_relu(x, W, b):
    return x @ W + b


def _relu_before_bias(x, W, b):
    return (x @ W).relu() + b


def _numbers_only(x, W, b):
    return np.maximum(x.data @ W.data + b.data, 0)



def _bias_numbers(x, W, b):
    return (x @ W + b.data).relu()


_TENSOR_PARTS = ("__matmul__", "__add__", "__mul__", "relu", "sum", "backward")


def _tensor_class(answer):
    """The Tensor class the answer's own code sees (in the lesson: the lesson's
    own Tensor), when it has everything a layer needs; else the finished one."""
    cls = getattr(inspect.unwrap(answer), "__globals__", {}).get("Tensor")
    if inspect.isclass(cls) and all(hasattr(cls, part) for part in _TENSOR_PARTS):
        return cls
    return Tensor


def _is_tensor(x):
    return isinstance(getattr(x, "data", None), np.ndarray) and hasattr(x, "_prev") \
        and callable(getattr(x, "backward", None))


def _dense_with(answer, T):
    """Check the answer with inputs made by the Tensor class T."""
    rng = attempt_np_rng(300)
    side = int(rng.integers(2, 7))  # a square round last, as in exercise 1
    for n, nin, nout in [_sizes(rng, 3), _sizes(rng, 3), _sizes(rng, 3), (side,) * 3]:
        X, Wd, bd = rng.normal(size=(n, nin)), rng.normal(size=(nin, nout)), rng.normal(size=nout)
        x, W, b = T(X.copy()), T(Wd.copy()), T(bd.copy())
        where = f"with x of shape {(n, nin)}, W {(nin, nout)} and b {(nout,)}"
        what = f"dense_relu(x, W, b), {where},"
        try:
            got = _run(answer, (x, W, b), "dense_relu(x, W, b)", ("x", "W", "b"), where)
        except TypeError as e:
            if learner_raised(e) and "__array_ufunc__" in str(e):
                raise Wrong(f"{what} raised TypeError: {e}. A numpy function "
                            "such as np.maximum works on arrays, not on Tensors, and "
                            "it would not record a backward pass anyway: use the "
                            "Tensor's own .relu().", "numpy-on-tensor") from None
            raise
        for name, t, before in (("x", x, X), ("W", W, Wd), ("b", b, bd)):
            if not np.array_equal(t.data, before):  # also False for a new shape
                raise Wrong(f"{what} changed its input {name}: {name}.data is not "
                            "what it was before the call. Build new Tensors with the "
                            "operations, and leave the inputs' numbers as they were.",
                            "changed-input")
            if t.grad is not None:
                raise Wrong(f"{what} ran backward() itself ({name}.grad is already "
                            "filled in). Only build the layer's output; whoever uses "
                            "the layer calls backward() on the loss.", "ran-backward")
        returned(got, "Finish with `return` and the layer's output Tensor.", what)
        if isinstance(got, np.ndarray):
            raise Wrong(f"{what} gave a numpy array, not a Tensor: the numbers alone "
                        "have no graph behind them. Compute with the Tensors x, W and "
                        "b themselves (@, + and .relu()), not with their .data, so "
                        "that backward() can reach W and b.", "array-not-tensor")
        if not _is_tensor(got):
            raise Wrong(f"{what} gave {describe(got)}; expected a Tensor, built from "
                        "x, W and b with @, + and .relu().", "not-a-tensor")
        if got.data.shape != (n, nout):
            hint = (" It looks transposed: x @ W has one row per example."
                    if got.data.shape == (nout, n) else "")
            raise Wrong(f"{what} gave a Tensor of shape {got.data.shape}; the layer "
                        f"should give shape {(n, nout)}: one row per example, one "
                        f"column per neuron.{hint}", "wrong-shape")
        xr, Wr, br = Tensor(X), Tensor(Wd), Tensor(bd)
        want = dense_relu(xr, Wr, br)
        if not np.allclose(got.data, want.data):
            for mistake, wrong in (("no-bias", _no_bias), ("no-relu", _no_relu),
                                   ("relu-before-bias", _relu_before_bias)):
                if np.allclose(got.data, wrong(Tensor(X), Tensor(Wd), Tensor(bd)).data):
                    raise Wrong(_DENSE_WHY[mistake], mistake)
            at, _ = _first_difference(got.data, want.data)
            raise Wrong(f"for x of shape {(n, nin)}, W {(nin, nout)} and b {(nout,)} "
                        f"the outputs are not relu(x @ W + b) (look at entry {at}).",
                        "wrong-numbers")
        problem = broken_graph(got)
        if problem:
            raise Wrong(f"{what} gave a Tensor whose graph is broken: {problem}. "
                        "Build it with @, + and .relu(), not by hand.", "broken-graph")
        reached = {id(v) for v in topological_order(got)}
        missing = [name for name, t in (("x", x), ("W", W), ("b", b)) if id(t) not in reached]
        if missing:
            names = (", ".join(missing[:-1]) + " and " if len(missing) > 1 else "") + missing[-1]
            raise Wrong(f"the numbers are right, but backward() cannot reach {names}: "
                        f"the result was computed from the numbers of {names} (.data, "
                        "or a new Tensor made from them) rather than from the "
                        f"Tensor{'s' * (len(missing) > 1)} "
                        f"{'themselves' if len(missing) > 1 else 'itself'}. Use x, W "
                        "and b directly with @, + and .relu().", "detached")
        weights = rng.normal(size=(n, nout))
        backward_on((got * weights).sum(), "dense_relu(x, W, b)")
        (want * weights).sum().backward()
        for name, t, r in (("x", x, xr), ("W", W, Wr), ("b", b, br)):
            if np.shape(t.grad) != r.grad.shape or not np.allclose(t.grad, r.grad):
                raise Wrong(f"the outputs are right, but {name}'s gradient is not; did "
                            "you change a .data or a ._backward by hand somewhere?",
                            "wrong-gradient")


_DENSE_WHY = {
    "no-bias": "the biases are missing: each neuron adds its own b[j] before the "
               "activation, relu(x @ W + b).",
    "no-relu": "some outputs are negative: the layer's ReLU is missing "
               "(call .relu() on the weighted sums plus biases).",
    "relu-before-bias": "the bias is added after the ReLU; a neuron computes "
                        "relu(w . x + b), the bias inside.",
}


def _check_dense(answer):
    # The answer runs with the Tensor class its own code sees (the lesson's
    # own, in the lesson), and then with the finished one: right with either
    # is right.  A failure is reported as it was with the first.
    classes = list(dict.fromkeys([_tensor_class(answer), Tensor]))
    failure = None
    for T in classes:
        try:
            _dense_with(answer, T)
            return None
        except NotImplementedError:
            raise
        except Exception as e:  # noqa: BLE001 -- kept to report if no class passes
            if not isinstance(e, Wrong) and not learner_raised(e):
                raise  # the check's own fault: never the learner's
            failure = failure or e
    raise failure


ex3 = Exercise(
    "a layer written with @",
    _check_dense,
    hints=["Row i of x @ W holds the weighted sums of all the neurons for example i.",
           "b has one number per neuron, shape (nout,): adding it to an (n, nout) "
           "array broadcasts it over the rows.",
           "return (x @ W + b).relu()"],
    reference=dense_relu,
    mistakes={"no-bias": _no_bias, "no-relu": _no_relu,
              "relu-before-bias": _relu_before_bias, "array-not-tensor": _numbers_only,
              "detached": _bias_numbers},
    success="One line for a whole layer of neurons, on a whole batch, and its "
            "backward pass comes from the operations it uses.",
    name="ex3")

EXERCISES = [ex1, ex2, ex3]

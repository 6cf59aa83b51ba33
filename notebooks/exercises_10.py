"""Checked exercises of lesson 10 (tensors).

    from exercises_10 import ex1, ex2, ex3
"""

import numpy as np

from autograd_tensor import Tensor
from exercise_kit import Exercise, Wrong, returned


def _pair(got, what):
    """The learner's answer as two arrays, or a Wrong that says what came back."""
    got = returned(got, f"Finish with `return {what}` (two arrays).")
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise Wrong(f"return two arrays, `return {what}`; you returned "
                    f"{type(got).__name__} {got!r:.60}.")
    return [np.asarray(g, dtype=float) for g in got]


# --- Exercise 1: the backward pass of a broadcast multiplication -------------

def scale_columns_backward(x, s, grad):
    """out = x * s, with x of shape (n, m) and s of shape (m,): numpy repeats s
    for every row.  Given grad = d(loss)/d(out), return (dx, ds)."""
    dx = grad * s                # each out[i, j] = x[i, j] * s[j]
    ds = (grad * x).sum(axis=0)  # s[j] was used in every row: add up its n gradients
    return dx, ds


def _ds_not_summed(x, s, grad):
    return grad * s, grad * x


def _ds_mean(x, s, grad):
    return grad * s, (grad * x).mean(axis=0)


def _ds_without_x(x, s, grad):
    return grad * s, grad.sum(axis=0)


def _check_scale_columns(answer):
    rng = np.random.default_rng(100)
    for n, m in ((4, 3), (1, 5), (6, 2)):
        x, s, grad = rng.normal(size=(n, m)), rng.normal(size=m), rng.normal(size=(n, m))
        dx, ds = _pair(answer(x.copy(), s.copy(), grad.copy()), "dx, ds")
        want_dx, want_ds = scale_columns_backward(x, s, grad)
        if dx.shape != (n, m) or not np.allclose(dx, want_dx):
            raise Wrong(f"for x of shape {(n, m)} dx is not right: each out[i, j] is "
                        "x[i, j] * s[j], so dx[i, j] = grad[i, j] * s[j] (numpy "
                        "broadcasts s over the rows for you).")
        if ds.shape == (n, m) and n > 1:
            raise Wrong(f"ds has shape {ds.shape}, but s has shape {(m,)}: a gradient "
                        "always has the shape of its tensor. s[j] was used once in "
                        "every row, so add up the gradients of its uses over the "
                        "rows (axis 0).", "ds-not-summed")
        if ds.shape == (m,) and np.allclose(ds, (grad * x).mean(axis=0)) and n > 1:
            raise Wrong("ds is the *average* over the rows; a number used n times "
                        "receives the *sum* of its n gradients (as b = a + a gives "
                        "a gradient 2, not 1).", "ds-mean")
        if ds.shape == (m,) and np.allclose(ds, grad.sum(axis=0)):
            raise Wrong("ds adds up grad over the rows but forgets the local "
                        "derivative: d(x[i, j] * s[j]) / d(s[j]) is x[i, j], so "
                        "each row's gradient is grad[i, j] * x[i, j].", "ds-without-x")
        if ds.shape != (m,) or not np.allclose(ds, want_ds):
            raise Wrong(f"for x of shape {(n, m)} ds is not right; expected "
                        f"{np.round(want_ds, 4)}, got {np.round(ds, 4)}.")


ex1 = Exercise(
    "the backward pass of a broadcast multiplication",
    _check_scale_columns,
    hints=["Forget the arrays for a moment: out[i, j] = x[i, j] * s[j]. What are the "
           "local derivatives with respect to x[i, j] and to s[j]?",
           "s[j] appears in every row i, so its gradient is a sum over i: "
           "the sum of grad[i, j] * x[i, j].",
           "return grad * s, (grad * x).sum(axis=0)"],
    reference=scale_columns_backward,
    mistakes={"ds-not-summed": _ds_not_summed, "ds-mean": _ds_mean,
              "ds-without-x": _ds_without_x},
    success="This is unbroadcast at work: the multiply's backward gives (n, m) "
            "gradients, and summing over the rows takes them back to s's shape.")


# --- Exercise 2: matmul's backward --------------------------------------------

def matmul_backward(A, B, G):
    """For C = A @ B (A: (k, n), B: (n, m)) and G = d(loss)/dC of shape (k, m),
    return (dA, dB)."""
    dA = G @ B.T   # (k, m) @ (m, n) -> (k, n), the shape of A
    dB = A.T @ G   # (n, k) @ (k, m) -> (n, m), the shape of B
    return dA, dB


def _no_transpose(A, B, G):
    return G @ B, A @ G


def _swapped(A, B, G):
    return A.T @ G, G @ B.T


def _elementwise(A, B, G):
    return G * B, A * G


def _check_matmul(answer):
    rng = np.random.default_rng(200)
    # Square matrices first, so that a wrong formula still gives the right
    # shapes and we can say which formula it was.
    for k, n, m in ((3, 3, 3), (2, 4, 3), (5, 1, 2)):
        A, B, G = rng.normal(size=(k, n)), rng.normal(size=(n, m)), rng.normal(size=(k, m))
        args = (A.copy(), B.copy(), G.copy())
        try:
            dA, dB = _pair(answer(*args), "dA, dB")
        except ValueError as e:
            if "matmul" in str(e) or "mismatch" in str(e) or "align" in str(e):
                raise Wrong(f"with A of shape {A.shape} and B of shape {B.shape} your "
                            f"code multiplies arrays whose sizes do not fit ({e}). "
                            "Let the shapes guide you: dA must have A's shape "
                            f"{A.shape}, and G has shape {G.shape}.") from None
            raise
        want_dA, want_dB = matmul_backward(A, B, G)
        if k == n == m:
            if np.allclose(dA, G @ B) and np.allclose(dB, A @ G):
                raise Wrong("dA = G @ B and dB = A @ G have the right shapes for "
                            "square matrices only. Each needs a transpose: "
                            "dA = G @ B.T and dB = A.T @ G.", "no-transpose")
            if np.allclose(dA, G * B) and np.allclose(dB, A * G):
                raise Wrong("you multiplied element by element (*); in C = A @ B, "
                            "C[i, j] adds up A[i, p] * B[p, j] over p, so the "
                            "gradients are matrix products too.", "elementwise")
        if dA.shape == want_dB.shape and dB.shape == want_dA.shape and (
                np.allclose(dA, want_dB) and np.allclose(dB, want_dA)):
            raise Wrong("your dA is B's gradient and your dB is A's: they are "
                        "swapped. Return them in the order (dA, dB).", "swapped")
        if dA.shape != A.shape or dB.shape != B.shape:
            raise Wrong(f"A has shape {A.shape} and B {B.shape}, but your dA has "
                        f"shape {dA.shape} and dB {dB.shape}. A gradient has the "
                        "shape of its tensor.")
        if not (np.allclose(dA, want_dA) and np.allclose(dB, want_dB)):
            raise Wrong(f"for A of shape {A.shape} and B of shape {B.shape} the "
                        "shapes are right but the numbers are not; compare with "
                        "one entry: dC[i, j]/dA[i, p] = B[p, j].")


ex2 = Exercise(
    "matmul's backward",
    _check_matmul,
    hints=["Shapes first: dA must be (k, n) and G is (k, m). What (m, n) matrix is at hand?",
           "C[i, j] = sum over p of A[i, p] * B[p, j], so dC[i, j]/dA[i, p] = B[p, j]; "
           "adding these up over j is a product with B transposed.",
           "return G @ B.T, A.T @ G"],
    reference=matmul_backward,
    mistakes={"no-transpose": _no_transpose, "swapped": _swapped,
              "elementwise": _elementwise},
    success="Matching shapes is a good way to remember it: only one product of "
            "G with B (or A) has the shape of A (or B).")


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


def _check_dense(answer):
    rng = np.random.default_rng(300)
    for n, nin, nout in ((5, 3, 4), (1, 2, 2), (8, 4, 1)):
        X, Wd, bd = rng.normal(size=(n, nin)), rng.normal(size=(nin, nout)), rng.normal(size=nout)
        x, W, b = Tensor(X), Tensor(Wd), Tensor(bd)
        got = returned(answer(x, W, b), "Finish with `return ...` (a Tensor).")
        if not isinstance(got, Tensor):
            raise Wrong(f"you returned a {type(got).__name__}; build the result from "
                        "the Tensors x, W and b (with @, + and .relu()), so that "
                        "backward() can reach W and b.")
        xr, Wr, br = Tensor(X), Tensor(Wd), Tensor(bd)
        want = dense_relu(xr, Wr, br)
        if got.shape != want.shape:
            raise Wrong(f"for x {X.shape}, W {Wd.shape}, b {bd.shape} the layer should "
                        f"give shape {want.shape} (one row per example, one column "
                        f"per neuron), not {got.shape}.")
        if np.allclose(got.data, _no_bias(Tensor(X), Tensor(Wd), Tensor(bd)).data) and (
                not np.allclose(got.data, want.data)):
            raise Wrong("the biases are missing: each neuron adds its own b[j] "
                        "before the activation.", "no-bias")
        if np.allclose(got.data, _no_relu(Tensor(X), Tensor(Wd), Tensor(bd)).data) and (
                not np.allclose(got.data, want.data)):
            raise Wrong("some outputs are negative: the layer's ReLU is missing "
                        "(call .relu() on the weighted sums).", "no-relu")
        if np.allclose(got.data, _relu_before_bias(Tensor(X), Tensor(Wd), Tensor(bd)).data) and (
                not np.allclose(got.data, want.data)):
            raise Wrong("the bias is added after the ReLU; a neuron computes "
                        "relu(w . x + b), the bias inside.", "relu-before-bias")
        if not np.allclose(got.data, want.data):
            raise Wrong(f"for x {X.shape}, W {Wd.shape}, b {bd.shape} the outputs "
                        "are not relu(x @ W + b).")
        weights = rng.normal(size=want.shape)
        (got * weights).sum().backward()
        (want * weights).sum().backward()
        ref = [xr.grad, Wr.grad, br.grad]
        if any(t.grad is None for t in (x, W, b)):
            raise Wrong("backward() did not reach x, W and b: use them in the "
                        "computation, not copies of their numbers.")
        if not all(np.allclose(g, r) for g, r in zip((x.grad, W.grad, b.grad), ref)):
            raise Wrong("the outputs are right but the gradients are not; did you "
                        "change .data by hand somewhere?")


ex3 = Exercise(
    "a layer written with @",
    _check_dense,
    hints=["Row i of x @ W holds the weighted sums of all the neurons for example i.",
           "b has one number per neuron, shape (nout,): adding it to an (n, nout) "
           "array broadcasts it over the rows.",
           "return (x @ W + b).relu()"],
    reference=dense_relu,
    mistakes={"no-bias": _no_bias, "no-relu": _no_relu,
              "relu-before-bias": _relu_before_bias},
    success="One line for a whole layer of neurons, on a whole batch, and its "
            "backward pass comes from the operations it uses.")

EXERCISES = [ex1, ex2, ex3]

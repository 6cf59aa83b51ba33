"""A Tensor autograd engine: the scalar ``Value`` of lessons 2-5, on arrays.

Lesson 10 builds this class step by step.  It keeps every idea of the scalar
engine -- ``data``, ``grad``, ``_prev`` (the children, in order), ``_op``,
one ``_backward`` per operation, and a topological ``backward()`` -- but
``data`` is a numpy array of float64 numbers, so one node of the graph does
the work of hundreds of scalar values.

    >>> from autograd_tensor import Tensor
    >>> W = Tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> x = Tensor([1.0, -1.0])
    >>> loss = (W @ x).tanh().sum()
    >>> loss.backward()
    >>> W.grad.round(4)
    array([[ 0.42, -0.42],
           [ 0.42, -0.42]])

The one new idea is **broadcasting**: numpy lets a (3,) array be added to a
(100, 3) one by repeating it along the rows.  A value that was used 100
times receives 100 gradients, and they add up, so in the backward pass each
input's gradient is *summed back* to that input's shape (``unbroadcast``).

Four details make it fast (lesson 10 measures them), none of which changes
a single number:

* ``grad`` starts as ``None`` and the first gradient a node receives is
  stored as it is: no array of zeros is allocated for every node.
* ``_backward(grad)`` receives the output's gradient as an argument, so a
  closure never refers to its own output: no reference cycles, and a
  dropped graph is freed at once, without the cyclic garbage collector.
* ``backward()`` sorts the graph with an explicit stack, not recursion.
* ``unbroadcast`` returns the gradient untouched when the shapes already
  match, which is almost always.

Rules worth knowing:

* Gradients of leaves (tensors you made yourself, such as parameters)
  accumulate across ``backward()`` calls; set ``p.grad = None`` (or call
  ``zero_grad()``) between training steps.  The gradients of the tensors in
  between start from zero in every pass, so calling ``backward()`` twice adds
  exactly the same gradient to the leaves twice.
* Treat a ``grad`` of an in-between tensor as read-only: the engine passes
  the same array on to several nodes instead of copying it.  A leaf's
  ``grad`` is its own array.
"""

import numbers
import random

import numpy as np

from autograd_helpers import topological_order  # the same walk as for Value

__all__ = ["Tensor", "unbroadcast", "topological_order", "Linear", "MLP", "mlp_from_values"]

_EXP_LIMIT = 709.782712893384  # log of the largest float64: exp of more overflows


def unbroadcast(grad, shape):
    """Sum ``grad`` back to ``shape``: the backward pass of broadcasting.

    In the forward pass numpy repeated the input to the output's shape, by
    adding axes on the left and by stretching axes of size 1.  Every copy
    received a gradient, and a value used many times gets the sum of its
    gradients (as ``b = a + a`` taught in lesson 4).  So we sum over the
    added axes and over the stretched ones.
    """
    if grad.shape == shape:  # the common case: nothing was broadcast
        return grad
    extra = grad.ndim - len(shape)
    stretched = tuple(extra + i for i, n in enumerate(shape)
                      if n == 1 and grad.shape[extra + i] != 1)
    summed = grad.sum(axis=tuple(range(extra)) + stretched, keepdims=True)
    return summed.reshape(shape)


def _leaf_backward(grad):
    """A leaf has no children to pass its gradient on to."""


def _as_array(data):
    """``data`` as a new float64 array, or a TypeError that says what to do."""
    if isinstance(data, Tensor):
        raise TypeError("Tensor() got a Tensor; it is one already. Use it as it "
                        "is, or make a copy of its numbers with Tensor(t.data).")
    if isinstance(data, str):
        raise TypeError(f"Tensor() takes numbers, not the string {data!r}.")
    try:
        return np.array(data, dtype=np.float64)  # a copy: the tensor owns its numbers
    except (TypeError, ValueError) as e:
        raise TypeError(f"Tensor() takes numbers, a (nested) list of numbers or "
                        f"a numpy array; this gave: {e}") from None


def _shape_error(what, a, b):
    return ValueError(
        f"cannot {what} a tensor of shape {a.shape} and one of shape {b.shape}: "
        "the shapes do not broadcast. Compared from the right, each pair of "
        "sizes must be equal, or one of them must be 1.")


class Tensor:
    """An array of numbers that remembers how it was computed.

    ``data`` is a float64 numpy array; ``grad`` is d(output)/d(data), an
    array of the same shape filled in by ``backward()`` (``None`` before).
    ``_prev`` holds the children as a tuple, in order, ``_op`` names the
    operation that made this tensor, and ``_backward(grad)`` passes a
    gradient on to the children.
    """

    __slots__ = ("data", "grad", "label", "_prev", "_op", "_backward")
    # numpy arrays and numbers defer to us: `array + tensor` calls
    # Tensor.__radd__ instead of treating the tensor as one more element.
    __array_ufunc__ = None

    def __init__(self, data, _children=(), _op="", label=""):
        if not _children:  # a leaf: check and copy what we were given
            data = _as_array(data)
        elif type(data) is not np.ndarray:  # a full reduction gives a numpy scalar
            data = np.asarray(data)
        self.data = data
        self.grad = None
        self.label = label
        self._prev = _children
        self._op = _op
        self._backward = _leaf_backward

    def __repr__(self):
        text = np.array2string(self.data, separator=", ", prefix="Tensor(")
        return f"Tensor({text}, shape={self.data.shape})"

    # -- what the numbers look like ------------------------------------------

    @property
    def shape(self):
        return self.data.shape

    @property
    def size(self):
        return self.data.size

    @property
    def ndim(self):
        return self.data.ndim

    def _add_grad(self, grad):
        """Add ``grad`` to this tensor's gradient (``None`` counts as zero).

        The first gradient is kept as it is, without copying, unless this is
        a leaf: a leaf gets its own array, which later passes add to in place.
        """
        if self.grad is None:
            self.grad = grad if self._prev else np.array(grad, dtype=np.float64)
        elif self._prev:
            self.grad = self.grad + grad
        else:
            self.grad += grad

    # -- arithmetic: each with its local derivative ---------------------------

    def __add__(self, other):
        other = other if isinstance(other, Tensor) else Tensor(other)
        a, b = self.data, other.data
        try:
            out = Tensor(a + b, (self, other), "+")
        except ValueError:
            raise _shape_error("add", a, b) from None
        sa, sb = a.shape, b.shape

        def _backward(grad):  # d(a+b)/da = 1, d(a+b)/db = 1
            self._add_grad(unbroadcast(grad, sa))
            other._add_grad(unbroadcast(grad, sb))
        out._backward = _backward
        return out

    def __sub__(self, other):
        other = other if isinstance(other, Tensor) else Tensor(other)
        a, b = self.data, other.data
        try:
            out = Tensor(a - b, (self, other), "-")
        except ValueError:
            raise _shape_error("subtract", a, b) from None
        sa, sb = a.shape, b.shape

        def _backward(grad):  # d(a-b)/da = 1, d(a-b)/db = -1
            self._add_grad(unbroadcast(grad, sa))
            other._add_grad(unbroadcast(-grad, sb))
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Tensor) else Tensor(other)
        a, b = self.data, other.data
        try:
            out = Tensor(a * b, (self, other), "*")
        except ValueError:
            raise _shape_error("multiply", a, b) from None

        def _backward(grad):  # d(a*b)/da = b, d(a*b)/db = a
            self._add_grad(unbroadcast(grad * b, a.shape))
            other._add_grad(unbroadcast(grad * a, b.shape))
        out._backward = _backward
        return out

    def __truediv__(self, other):
        other = other if isinstance(other, Tensor) else Tensor(other)
        a, b = self.data, other.data
        try:
            out = Tensor(a / b, (self, other), "/")
        except ValueError:
            raise _shape_error("divide", a, b) from None

        def _backward(grad):  # d(a/b)/da = 1/b, d(a/b)/db = -a/b**2
            g = grad / b
            self._add_grad(unbroadcast(g, a.shape))
            other._add_grad(unbroadcast(-g * a / b, b.shape))
        out._backward = _backward
        return out

    def __pow__(self, k):
        if isinstance(k, (Tensor, np.ndarray)):
            raise TypeError(
                f"Tensor ** {type(k).__name__} is not supported: the exponent must "
                "be a plain number (int or float). For a learnable exponent b, "
                "write (b * a.log()).exp() instead of a ** b.")
        if not isinstance(k, numbers.Real):
            raise TypeError(f"the exponent in Tensor ** k must be a number, "
                            f"not {type(k).__name__}.")
        k = float(k)
        x = self.data
        if not k.is_integer() and (x < 0).any():
            raise ValueError(f"x ** {k:g} is not a real number where x < 0 (the "
                             f"smallest x here is {float(x.min())!r}): a negative base "
                             "needs a whole-number exponent.")
        if k < 0 and (x == 0).any():
            raise ZeroDivisionError(f"x ** {k:g} is infinite where x == 0: zero "
                                    "cannot be raised to a negative power.")
        out = Tensor(x ** k, (self,), f"**{k:g}")

        def _backward(grad):  # d(x**k)/dx = k * x**(k-1)
            self._add_grad(k * x ** (k - 1) * grad)
        out._backward = _backward
        return out

    def __matmul__(self, other):
        other = other if isinstance(other, Tensor) else Tensor(other)
        a, b = self.data, other.data
        if a.ndim == 0 or b.ndim == 0:
            raise ValueError(f"@ needs arrays of at least one axis, not shapes "
                             f"{a.shape} and {b.shape}; use * for a number.")
        try:
            out = Tensor(a @ b, (self, other), "@")
        except ValueError:
            raise ValueError(
                f"cannot matrix-multiply shapes {a.shape} @ {b.shape}: the last "
                f"size of the left one ({a.shape[-1]}) must equal the "
                f"{'only' if b.ndim == 1 else 'second-to-last'} size of the "
                f"right one ({b.shape[-2] if b.ndim > 1 else b.shape[0]}).") from None

        def _backward(grad):  # (A @ B): dA = G @ B.T, dB = A.T @ G
            if a.ndim == 2 and b.ndim == 2:  # the common case, without reshaping
                self._add_grad(grad @ b.T)
                other._add_grad(a.T @ grad)
                return
            # A vector acts as a one-row (left) or one-column (right) matrix;
            # stacked matrices may broadcast, so their gradients are summed back.
            a2 = a[None, :] if a.ndim == 1 else a
            b2 = b[:, None] if b.ndim == 1 else b
            g2 = np.reshape(grad, np.broadcast_shapes(a2.shape[:-2], b2.shape[:-2])
                            + (a2.shape[-2], b2.shape[-1]))
            ga = unbroadcast(g2 @ np.swapaxes(b2, -1, -2), a2.shape)
            gb = unbroadcast(np.swapaxes(a2, -1, -2) @ g2, b2.shape)
            self._add_grad(ga.reshape(a.shape))
            other._add_grad(gb.reshape(b.shape))
        out._backward = _backward
        return out

    # -- operations built from the ones above --------------------------------

    def __neg__(self):
        out = Tensor(-self.data, (self,), "neg")

        def _backward(grad):  # d(-x)/dx = -1
            self._add_grad(-grad)
        out._backward = _backward
        return out

    # Reflected versions: Python calls these for `2 + t`, `x_array @ t`, ...
    # after the number or array on the left has declined.
    def __radd__(self, other):
        return Tensor(other) + self

    def __rsub__(self, other):  # other - self (note the order)
        return Tensor(other) - self

    def __rmul__(self, other):
        return Tensor(other) * self

    def __rtruediv__(self, other):  # other / self
        return Tensor(other) / self

    def __rmatmul__(self, other):  # other @ self
        return Tensor(other) @ self

    def __rpow__(self, base):  # base ** self, for a positive number base
        if not isinstance(base, numbers.Real) or base <= 0:
            raise TypeError("number ** Tensor needs a positive number as the base.")
        return (self * float(np.log(base))).exp()

    # -- functions of one tensor, element by element --------------------------

    def relu(self):
        x = self.data
        out = Tensor(np.maximum(x, 0.0), (self,), "ReLU")

        def _backward(grad):  # slope 1 where x > 0, else 0 (and 0 at the kink)
            self._add_grad(grad * (x > 0))
        out._backward = _backward
        return out

    def tanh(self):
        t = np.tanh(self.data)
        out = Tensor(t, (self,), "tanh")

        def _backward(grad):  # d(tanh x)/dx = 1 - tanh(x)**2, from the output
            self._add_grad((1.0 - t * t) * grad)
        out._backward = _backward
        return out

    def exp(self):
        x = self.data
        if x.size and x.max() > _EXP_LIMIT:
            raise OverflowError(
                f"exp({float(x.max())!r}) is too large for a float64 (the limit is about "
                "exp(709.78)). Scale the input down, or use tanh, which levels "
                "off instead of growing.")
        y = np.exp(x)
        out = Tensor(y, (self,), "exp")

        def _backward(grad):  # d(e**x)/dx = e**x, the output itself
            self._add_grad(y * grad)
        out._backward = _backward
        return out

    def log(self):
        x = self.data
        if x.size and not x.min() > 0:  # `not >` also catches nan
            raise ValueError(
                f"log({float(x.min())!r}) is undefined: log needs positive numbers. If "
                "the input can reach 0, add a small epsilon, e.g. (t + 1e-9).log().")
        out = Tensor(np.log(x), (self,), "log")

        def _backward(grad):  # d(log x)/dx = 1/x
            self._add_grad(grad / x)
        out._backward = _backward
        return out

    # -- reductions and reshaping ----------------------------------------------

    def sum(self, axis=None, keepdims=False):
        """Add up the numbers, all of them or along ``axis``, as numpy does.

        Backward: every number that went into a sum gets the sum's gradient,
        so the gradient is copied (broadcast) back to the input's shape.
        """
        x = self.data
        out = Tensor(x.sum(axis=axis, keepdims=keepdims), (self,), "sum")

        def _backward(grad):
            if axis is not None and not keepdims:  # put the summed axes back, as 1s
                grad = np.expand_dims(grad, axis)
            self._add_grad(np.broadcast_to(grad, x.shape))
        out._backward = _backward
        return out

    def mean(self, axis=None, keepdims=False):
        """The average, all of it or along ``axis``: a sum divided by the count."""
        x = self.data
        m = x.mean(axis=axis, keepdims=keepdims)
        count = x.size // max(np.size(m), 1)
        out = Tensor(m, (self,), "mean")

        def _backward(grad):  # each number's share of the average is 1/count
            if axis is not None and not keepdims:
                grad = np.expand_dims(grad, axis)
            self._add_grad(np.broadcast_to(grad / count, x.shape))
        out._backward = _backward
        return out

    @property
    def T(self):
        """The transpose (axes in reverse order); its backward transposes back."""
        out = Tensor(self.data.T, (self,), ".T")

        def _backward(grad):
            self._add_grad(grad.T)
        out._backward = _backward
        return out

    def reshape(self, *shape):
        """The same numbers in a new shape: t.reshape(2, 3) or t.reshape((2, 3))."""
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        x = self.data
        try:
            out = Tensor(x.reshape(shape), (self,), "reshape")
        except ValueError:
            raise ValueError(f"cannot reshape a tensor of shape {x.shape} ({x.size} "
                             f"numbers) to shape {shape}.") from None

        def _backward(grad):
            self._add_grad(np.reshape(grad, x.shape))
        out._backward = _backward
        return out

    def __getitem__(self, index):
        """Pick numbers out, as numpy indexing does: t[0], t[:, 1], t[[0, 0, 2]]."""
        x = self.data
        out = Tensor(x[index], (self,), "[]")

        def _backward(grad):  # picked numbers get the gradient; a repeat gets it twice
            g = np.zeros_like(x)
            np.add.at(g, index, grad)
            self._add_grad(g)
        out._backward = _backward
        return out

    # -- backpropagation ------------------------------------------------------

    def backward(self):
        """Fill in ``grad`` of every tensor this one depends on.

        Starts from d(self)/d(self) = 1, so ``self`` must be a single number
        (a loss).  Leaves accumulate: call ``zero_grad()`` (or set
        ``p.grad = None``) between training steps.
        """
        if self.data.size != 1:
            raise ValueError(
                f"backward() starts from a single number, such as a loss, but this "
                f"tensor has shape {self.data.shape}. Reduce it first, for example "
                "with .sum() or .mean().")
        order = topological_order(self)
        # This pass's gradients are added up from zero, for every tensor; the
        # leaves' earlier gradients are added back at the end.  (Adding them
        # back once, after the pass, is what makes a second backward() double
        # the leaves' gradients exactly, even for a leaf used several times.)
        earlier = [(v, v.grad) for v in order if not v._prev and v.grad is not None]
        for v in order:
            v.grad = None
        self._add_grad(np.ones_like(self.data))
        for v in reversed(order):
            if v._prev and v.grad is not None:
                v._backward(v.grad)
        for v, grad in earlier:
            v._add_grad(grad)


# ---------------------------------------------------------------------------
# A small network on tensors
# ---------------------------------------------------------------------------

class Linear:
    """activation(x @ W + b) for a batch x of shape (n, nin): one whole layer.

    ``W`` has shape (nin, nout): column j holds the weights of neuron j, so
    row i of ``x @ W`` holds all the neurons' weighted sums for example i.
    """

    _ACTIVATIONS = ("relu", "tanh", "linear")

    def __init__(self, nin, nout, activation="relu", rng=random):
        if activation not in self._ACTIVATIONS:
            raise ValueError(f"activation must be one of {self._ACTIVATIONS}, "
                             f"not {activation!r}")
        self.W = Tensor([[rng.uniform(-1, 1) for _ in range(nout)] for _ in range(nin)])
        self.b = Tensor([rng.uniform(-1, 1) for _ in range(nout)])
        self.activation = activation

    def __call__(self, x):
        z = x @ self.W + self.b
        return z if self.activation == "linear" else getattr(z, self.activation)()

    def parameters(self):
        return [self.W, self.b]

    def __repr__(self):
        nin, nout = self.W.shape
        return f"Linear({nin}, {nout}, activation={self.activation!r})"


class MLP:
    """Linear layers in a row: MLP(2, [16, 16, 1]) maps (n, 2) to (n, 1)."""

    def __init__(self, nin, nouts, activation="relu", final_activation="linear",
                 rng=random):
        sizes = [nin] + list(nouts)
        self.layers = [Linear(sizes[i], sizes[i + 1],
                              activation if i < len(nouts) - 1 else final_activation, rng)
                       for i in range(len(nouts))]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]

    def zero_grad(self):
        for p in self.parameters():
            p.grad = None

    def __repr__(self):
        return f"MLP([{', '.join(map(repr, self.layers))}])"


def mlp_from_values(model):
    """A tensor MLP with exactly the weights of a scalar ``MLP`` of Values.

    Neuron j of a scalar layer becomes column j of ``W`` and entry j of
    ``b``, so both networks compute the same function.
    """
    tensor_model = MLP.__new__(MLP)
    tensor_model.layers = []
    for layer in model.layers:
        lin = Linear.__new__(Linear)
        lin.W = Tensor(np.array([[w.data for w in n.w] for n in layer.neurons]).T)
        lin.b = Tensor([n.b.data for n in layer.neurons])
        lin.activation = layer.neurons[0].activation
        tensor_model.layers.append(lin)
    return tensor_model

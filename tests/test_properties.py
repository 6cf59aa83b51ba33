"""Property tests: backward() on random expression graphs.

Hypothesis builds small programs: a few inputs, then steps that each apply
one operation (+ - * / ** exp log tanh relu sigmoid, with a plain number on
either side) to values made earlier.  Operands are drawn from ALL earlier
values, so sub-expressions are shared (a value feeding several others, or
both sides of one operation, as in a*a).  The output adds up every value
that nothing else used, so every step matters.

Inputs stay away from kinks and domain edges (relu near 0, log near 0,
division by nearly 0, negative bases with fractional powers) and from huge
magnitudes, where central differences or float64 itself are not reliable;
a step that would go there is replaced by tanh of its first operand.

The grads are checked against central differences (float64, relative
error with a floor of 1 below 1e-5) and, where torch is installed, against
PyTorch's float64 autograd (1e-6).  Hypothesis runs derandomized (see
conftest.py), so a red run reproduces.
"""

import math

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from autograd_helpers import numerical_grad, relative_error, Value

# -- the operations ----------------------------------------------------------------

BINARY = ("add", "sub", "mul", "div")
WITH_NUMBER = ("radd", "rsub", "rmul", "rdiv", "subn", "divn", "pow", "rpow")
UNARY = ("neg", "exp", "log", "tanh", "relu", "sigmoid")
NUMBERS = (-2.5, -1.0, -0.5, 0.5, 1.5, 3.0)  # the plain numbers in c + x, x / c, ...
EXPONENTS = (2, 3, -1, -2, 0.5, 1.5, -0.5)
BASES = (0.5, 2.0, 3.0)  # c ** x needs c > 0
LIMIT = 50.0  # largest magnitude of any value
MARGIN = 0.1  # distance kept from kinks and domain edges


def apply(op, a, b, c):
    """op applied to a (and b, or the number c); works on Values, floats, tensors."""
    if op == "add":
        return a + b
    if op == "sub":
        return a - b
    if op == "mul":
        return a * b
    if op == "div":
        return a / b
    if op == "radd":
        return c + a
    if op == "rsub":
        return c - a
    if op == "rmul":
        return c * a
    if op == "rdiv":
        return c / a
    if op == "subn":
        return a - c
    if op == "divn":
        return a / c
    if op == "pow":
        return a ** c
    if op == "rpow":
        return c ** a
    if op == "neg":
        return -a
    return getattr(a, op)()  # exp, log, tanh, relu, sigmoid


def float_step(op, a, b, c):
    """The same step on plain floats with the math module, or None if unsafe."""
    if op == "div" and abs(b) < MARGIN or op == "rdiv" and abs(a) < MARGIN:
        return None
    if op == "pow" and (c < 0 and abs(a) < MARGIN or c != int(c) and a < MARGIN):
        return None
    if op == "log" and a < MARGIN or op == "relu" and abs(a) < MARGIN:
        return None
    if op in ("exp", "rpow") and abs(a) > 5:
        return None
    if op in ("exp", "log", "tanh"):
        y = getattr(math, op)(a)
    elif op == "relu":
        y = max(a, 0.0)
    elif op == "sigmoid":
        y = 1 / (1 + math.exp(-a))
    else:
        y = apply(op, a, b, c)
    return y if abs(y) <= LIMIT else None


class Program:
    """Inputs and steps (op, i, j, c): value n+k = op(value i, value j or c).

    ``floats`` holds every value as computed with plain floats and the math
    module while the program was drawn.
    """

    def __init__(self, inputs, steps, floats):
        self.inputs = inputs
        self.steps = steps
        self.floats = floats

    def run(self, xs):
        """The output for inputs xs (Values, floats or tensors)."""
        values = list(xs)
        for op, i, j, c in self.steps:
            values.append(apply(op, values[i], values[j], c))
        return self.output(values)

    def output(self, values):
        """The sum of the values that no step used, in order."""
        used = set()
        for op, i, j, _ in self.steps:
            used.update((i, j) if op in BINARY else (i,))
        out = None
        for k, v in enumerate(values):
            if k not in used:
                out = v if out is None else out + v
        return out

    def shared(self):
        """How many values feed more than one operand slot."""
        uses = {}
        for op, i, j, _ in self.steps:
            for k in ((i, j) if op in BINARY else (i,)):
                uses[k] = uses.get(k, 0) + 1
        return sum(1 for n in uses.values() if n > 1)

    def __repr__(self):
        return f"Program(inputs={self.inputs!r}, steps={self.steps!r})"


@st.composite
def programs(draw, max_steps=10):
    n = draw(st.integers(1, 3))
    inputs = draw(st.lists(st.floats(-2.0, 2.0), min_size=n, max_size=n))
    values = list(inputs)
    steps = []
    for _ in range(draw(st.integers(1, max_steps))):
        op = draw(st.sampled_from(BINARY + WITH_NUMBER + UNARY))
        last = len(values) - 1
        i = last - draw(st.integers(0, last))  # shrinks towards the newest value
        j = last - draw(st.integers(0, last))
        c = draw(st.sampled_from(EXPONENTS if op == "pow" else
                                 BASES if op == "rpow" else NUMBERS))
        y = float_step(op, values[i], values[j], c)
        if y is None:  # too close to an edge: a safe step instead
            op, y = "tanh", math.tanh(values[i])
        steps.append((op, i, j, c))
        values.append(y)
    return Program(inputs, steps, values)


def backward_grads(program):
    xs = [Value(x) for x in program.inputs]
    out = program.run(xs)
    out.backward()
    return out.data, [x.grad for x in xs]


# -- against central differences -----------------------------------------------------

@settings(max_examples=400)
@given(programs())
def test_backward_matches_central_differences(program):
    _, grads = backward_grads(program)
    numeric = numerical_grad(lambda *xs: program.run([Value(x) for x in xs]),
                             program.inputs, h=1e-6)
    for g, n in zip(grads, numeric):
        assert relative_error(g, n) < 1e-5, (program, grads, numeric)


@settings(max_examples=200)
@given(programs())
def test_forward_matches_plain_float_arithmetic(program):
    data, _ = backward_grads(program)
    assert relative_error(data, program.output(program.floats)) < 1e-9, program


FIRST_FOUND = settings(phases=[Phase.generate], max_examples=1000)  # no shrinking


def test_programs_share_sub_expressions():
    # The strategy really makes graphs where one value feeds several others.
    program = find(programs(), lambda p: p.shared() >= 3 and len(p.steps) >= 6,
                   settings=FIRST_FOUND)
    assert program.shared() >= 3


@pytest.mark.parametrize("op", BINARY + WITH_NUMBER + UNARY)
def test_programs_use_every_operation(op):
    assert find(programs(), lambda p: any(s[0] == op for s in p.steps),
                settings=FIRST_FOUND)


# -- against PyTorch (float64) ---------------------------------------------------------

@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch")


def torch_grads(torch, program):
    xs = [torch.tensor(x, dtype=torch.float64, requires_grad=True)
          for x in program.inputs]
    out = program.run(xs)
    out.backward()
    return out.item(), [0.0 if x.grad is None else x.grad.item() for x in xs]


@settings(max_examples=300)
@given(program=programs())
def test_backward_matches_pytorch(torch, program):
    data, grads = backward_grads(program)
    t_data, t_grads = torch_grads(torch, program)
    assert relative_error(data, t_data) < 1e-6, program
    for g, t in zip(grads, t_grads):
        assert relative_error(g, t) < 1e-6, (program, grads, t_grads)


def test_seed_neuron_matches_pytorch(torch):
    # o = tanh(x1*w1 + x2*w2 + b), the bias chosen so that o = 1/sqrt(2)
    numbers = dict(x1=2.0, x2=0.0, w1=-3.0, w2=1.0, b=6.8813735870195432)

    def neuron(v):
        n = v["x1"] * v["w1"] + v["x2"] * v["w2"] + v["b"]
        return n.tanh()
    ours = {k: Value(x) for k, x in numbers.items()}
    o = neuron(ours)
    o.backward()
    theirs = {k: torch.tensor(x, dtype=torch.float64, requires_grad=True)
              for k, x in numbers.items()}
    t = neuron(theirs)
    t.backward()
    assert o.data == pytest.approx(0.7071, abs=1e-4)
    assert o.data == pytest.approx(t.item(), rel=1e-12)
    for k in numbers:
        assert ours[k].grad == pytest.approx(theirs[k].grad.item(), rel=1e-12, abs=1e-15)
    assert [ours[k].grad for k in ("x1", "w1", "x2", "w2")] == \
        pytest.approx([-1.5, 1.0, 0.5, 0.0], abs=1e-6)


def test_seed_neuron_with_tanh_from_exp_matches_pytorch(torch):
    # tanh(n) = (e**2n - 1) / (e**2n + 1), built from exp, -, + and /
    def neuron(x1, x2, w1, w2, b):
        n = x1 * w1 + x2 * w2 + b
        e = (2 * n).exp()
        return (e - 1) / (e + 1)
    numbers = [2.0, 0.0, -3.0, 1.0, 6.8813735870195432]
    ours = [Value(x) for x in numbers]
    neuron(*ours).backward()
    theirs = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in numbers]
    neuron(*theirs).backward()
    assert [v.grad for v in ours] == pytest.approx([t.grad.item() for t in theirs],
                                                   rel=1e-9, abs=1e-12)


def micrograd_sanity_check(x):
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    return h + q + q * x


def test_micrograd_sanity_check_gives_x_grad_46():
    x = Value(-4.0)
    y = micrograd_sanity_check(x)
    y.backward()
    assert (y.data, x.grad) == (-20.0, 46.0)


def test_micrograd_sanity_check_matches_pytorch(torch):
    x = Value(-4.0)
    y = micrograd_sanity_check(x)
    y.backward()
    xt = torch.tensor(-4.0, dtype=torch.float64, requires_grad=True)
    yt = micrograd_sanity_check(xt)
    yt.backward()
    assert (y.data, x.grad) == (yt.item(), xt.grad.item())


def micrograd_more_ops(a, b):
    c = a + b
    d = a * b + b ** 3
    c += c + 1
    c += 1 + c + (-a)
    d += d * 2 + (b + a).relu()
    d += 3 * d + (b - a).relu()
    e = c - d
    f = e ** 2
    g = f / 2.0
    g += 10.0 / f
    return g


def test_micrograd_more_ops_example():
    a, b = Value(-4.0), Value(2.0)
    g = micrograd_more_ops(a, b)
    g.backward()
    assert [round(v, 4) for v in (g.data, a.grad, b.grad)] == [24.7041, 138.8338, 645.5773]


def test_micrograd_more_ops_matches_pytorch(torch):
    a, b = Value(-4.0), Value(2.0)
    g = micrograd_more_ops(a, b)
    g.backward()
    at, bt = (torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in (-4.0, 2.0))
    gt = micrograd_more_ops(at, bt)
    gt.backward()
    assert relative_error(g.data, gt.item()) < 1e-12
    assert relative_error(a.grad, at.grad.item()) < 1e-12
    assert relative_error(b.grad, bt.grad.item()) < 1e-12

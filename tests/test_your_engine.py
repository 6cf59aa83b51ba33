"""notebooks/your_engine.py: saving the learner's engine and network, loading them back."""

import itertools
import linecache
import os
import random
import sys

import pytest

import autograd_helpers
import your_engine
from conftest import NOTEBOOKS
from your_engine import (SaveError, check_engine, check_network, load_engine, load_network,
                         save_engine, save_network)

_cells = itertools.count()


def run_cells(*cells, namespace=None):
    """Run code as notebook cells do: in __main__'s name, each cell's source in linecache."""
    namespace = {"__name__": "__main__"} if namespace is None else namespace
    for source in cells:
        filename = f"<test-cell-{next(_cells)}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        exec(compile(source, filename, "exec"), namespace)
    return namespace


# Lesson 05's engine, as its cells build it: a class, then functions attached one by one.
ENGINE_CLASS = '''
import math


class Value:
    def __init__(self, data, _children=(), _op="", label=""):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = tuple(_children)
        self._op = _op
        self.label = label

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t**2) * out.grad
        out._backward = _backward
        return out

    def backward(self):
        order, visited, stack = [], set(), [(self, False)]
        while stack:
            v, children_done = stack.pop()
            if children_done:
                order.append(v)
            elif v not in visited:
                visited.add(v)
                stack.append((v, True))
                for child in reversed(v._prev):
                    stack.append((child, False))
        self.grad = 1.0
        for v in reversed(order):
            v._backward()
'''

ENGINE_ATTACHED = [
    '''
def radd(self, other):  # other + self
    return self + other


def rmul(self, other):
    return self * other


Value.__radd__ = radd
Value.__rmul__ = rmul
''',
    '''
def power(self, k):
    out = Value(self.data ** k, (self,), f"**{k}")

    def _backward():
        self.grad += k * self.data ** (k - 1) * out.grad
    out._backward = _backward
    return out


Value.__pow__ = power
''',
    '''
def exp(self):
    out = Value(math.exp(self.data), (self,), "exp")

    def _backward():
        self.grad += out.data * out.grad
    out._backward = _backward
    return out


def neg(self):
    return self * -1


def sub(self, other):
    return self + (-other)


def truediv(self, other):
    return self * other ** -1


def rsub(self, other):
    return other + (-self)


def rtruediv(self, other):
    return other * self ** -1


Value.exp = exp
Value.__neg__ = neg
Value.__sub__ = sub
Value.__truediv__ = truediv
Value.__rsub__ = rsub
Value.__rtruediv__ = rtruediv
''',
]

RELU = '''
def relu(self):
    out = Value(self.data if self.data > 0 else 0.0, (self,), "ReLU")

    def _backward():
        self.grad += (1.0 if self.data > 0 else 0.0) * out.grad
    out._backward = _backward
    return out


Value.relu = relu
'''

RELU_THAT_SETS = RELU.replace("self.grad += (1.0 if self.data > 0 else 0.0) * out.grad",
                              "if self.data > 0:\n            self.grad += out.grad\n"
                              "        else:\n            self.grad = 0.0")

NETWORK = '''
import random


class Module:
    def parameters(self):
        return []

    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0.0


class Neuron(Module):
    def __init__(self, nin, activation="tanh", rng=random):
        self.w = [Value(rng.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(rng.uniform(-1, 1))
        self.activation = activation

    def __call__(self, x):
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        if self.activation == "tanh":
            return act.tanh()
        if self.activation == "relu":
            return act.relu()
        return act

    def parameters(self):
        return self.w + [self.b]


class Layer(Module):
    def __init__(self, nin, nout, activation="tanh", rng=random):
        self.neurons = [Neuron(nin, activation, rng) for _ in range(nout)]

    def __call__(self, x):
        outs = [n(x) for n in self.neurons]
        return outs[0] if len(outs) == 1 else outs

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]


class MLP(Module):
    def __init__(self, nin, nouts, activation="tanh", final_activation=None, rng=random):
        sizes = [nin] + nouts
        self.layers = []
        for i in range(len(nouts)):
            last = i == len(nouts) - 1
            act = final_activation if last and final_activation else activation
            self.layers.append(Layer(sizes[i], sizes[i + 1], act, rng))

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]
'''


def lesson05(relu=RELU):
    return run_cells(ENGINE_CLASS, *ENGINE_ATTACHED, relu)


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    saved = {k: sys.modules.get(k) for k in ("my_engine", "my_network")}
    yield tmp_path
    for name, module in saved.items():
        if module is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = module


def one_line(capsys):
    out = capsys.readouterr().out
    assert out.count("\n") == 1, out
    return out


# --- saving ------------------------------------------------------------------

def test_saved_engine_is_readable_source_with_its_imports(in_tmp, capsys):
    save_engine(lesson05()["Value"])
    text = (in_tmp / "my_engine.py").read_text()
    assert "import math\n" in text
    assert "\nclass Value:\n    def __init__(self, data" in text
    assert "\ndef radd(self, other):  # other + self\n" in text  # comments kept
    assert "\nValue.__radd__ = radd\n" in text and "\nValue.relu = relu\n" in text
    assert text.index("class Value:") < text.index("def radd") < text.index("def relu")
    compile(text, "my_engine.py", "exec")
    assert "Saved your Value to my_engine.py" in one_line(capsys)


def test_saving_is_deterministic(in_tmp):
    save_engine(lesson05()["Value"], "a.py")
    save_engine(lesson05()["Value"], "b.py")
    save_engine(lesson05()["Value"], "a.py")
    assert (in_tmp / "a.py").read_bytes() == (in_tmp / "b.py").read_bytes()


def test_saving_keeps_only_the_methods_the_class_has_now(in_tmp):
    ns = run_cells(ENGINE_CLASS, *ENGINE_ATTACHED, RELU_THAT_SETS, RELU)
    save_engine(ns["Value"])
    text = (in_tmp / "my_engine.py").read_text()
    assert text.count("def relu") == 1 and "else:\n            self.grad = 0.0" not in text


def test_a_lambda_cannot_be_saved_and_says_why(in_tmp):
    ns = lesson05()
    run_cells("Value.__radd__ = lambda self, other: self + other", namespace=ns)
    with pytest.raises(SaveError, match="lambda"):
        save_engine(ns["Value"])


def test_helper_functions_a_method_uses_are_saved_too(in_tmp):
    ns = lesson05()
    run_cells('''
def build_topo(root):
    order, seen = [], set()

    def visit(v):
        if v not in seen:
            seen.add(v)
            for child in v._prev:
                visit(child)
            order.append(v)
    visit(root)
    return order


def backward(self):
    self.grad = 1.0
    for v in reversed(build_topo(self)):
        v._backward()


Value.backward = backward
''', namespace=ns)
    save_engine(ns["Value"])
    text = (in_tmp / "my_engine.py").read_text()
    assert "def build_topo(root):" in text
    assert load_engine() is not autograd_helpers.Value


# --- loading the engine ------------------------------------------------------

def test_the_saved_engine_loads_and_passes_its_checks(in_tmp, capsys):
    save_engine(lesson05()["Value"])
    capsys.readouterr()
    Value = load_engine()
    assert Value is not autograd_helpers.Value
    assert Value.__module__ == "my_engine"
    assert "Using your Value from my_engine.py" in one_line(capsys)
    x = Value(2.0)
    y = (x * x + 1).tanh()
    y.backward()
    assert x.grad != 0


def test_a_missing_engine_falls_back_in_one_line(in_tmp, capsys):
    assert load_engine() is autograd_helpers.Value
    line = one_line(capsys)
    assert "my_engine.py is not in this folder" in line
    assert "finished Value from autograd_helpers" in line


def test_an_engine_with_a_wrong_gradient_falls_back_naming_the_check(in_tmp, capsys):
    save_engine(lesson05(relu=RELU_THAT_SETS)["Value"])
    capsys.readouterr()
    assert load_engine() is autograd_helpers.Value
    line = one_line(capsys)
    assert "your `relu()` backward assigns the gradient instead of adding to it" in line
    assert "b.relu() + b" in line


def test_an_engine_with_a_wrong_value_falls_back(in_tmp, capsys):
    ns = lesson05()
    run_cells("def rsub(self, other):\n    return self - other\n\n\nValue.__rsub__ = rsub\n",
              namespace=ns)
    save_engine(ns["Value"])
    capsys.readouterr()
    assert load_engine() is autograd_helpers.Value
    assert "`1 - a` gives 0.3, the finished engine -0.3" in one_line(capsys)


def test_an_engine_that_cannot_be_imported_falls_back(in_tmp, capsys):
    (in_tmp / "my_engine.py").write_text("class Value(:\n")
    assert load_engine() is autograd_helpers.Value
    assert "could not be loaded (SyntaxError" in one_line(capsys)


def test_loading_goes_by_path_not_by_import_name(in_tmp, capsys):
    # notebooks/ (with its own my_engine.py) is on sys.path; the file here must win.
    assert str(NOTEBOOKS) in sys.path
    save_engine(lesson05()["Value"])
    Value = load_engine()
    assert os.path.samefile(sys.modules[Value.__module__].__file__, in_tmp / "my_engine.py")


def test_check_engine_accepts_the_finished_engine():
    assert check_engine(autograd_helpers.Value) is None


# --- the network ---------------------------------------------------------------

def lesson06(in_tmp):
    save_engine(lesson05()["Value"])
    Value = load_engine()
    ns = run_cells(NETWORK, namespace={"__name__": "__main__", "Value": Value})
    return Value, ns


def test_saved_network_starts_from_the_engine_file_and_lists_its_classes_in_order(in_tmp, capsys):
    Value, ns = lesson06(in_tmp)
    capsys.readouterr()
    save_network(ns["MLP"])
    assert one_line(capsys) == ("Saved Module, Neuron, Layer, MLP to my_network.py, built on your "
                                "Value from my_engine.py.\n")
    text = (in_tmp / "my_network.py").read_text()
    assert "import random\n\nfrom my_engine import Value\n" in text
    names = [text.index(f"class {n}") for n in ("Module", "Neuron(Module)", "Layer(Module)",
                                                 "MLP(Module)")]
    assert names == sorted(names)


def test_network_round_trip(in_tmp, capsys):
    Value, ns = lesson06(in_tmp)
    save_network(ns["MLP"])
    capsys.readouterr()
    Value2, MLP = load_network()
    assert "Using your Value from my_engine.py and your MLP from my_network.py" in one_line(capsys)
    assert MLP is not autograd_helpers.MLP and Value2 is not autograd_helpers.Value
    # the same starting weights and outputs as the finished MLP from the same generator
    mine = MLP(3, [4, 4, 1], rng=random.Random(3))
    ref = autograd_helpers.MLP(3, [4, 4, 1], rng=random.Random(3))
    assert [p.data for p in mine.parameters()] == [p.data for p in ref.parameters()]
    assert mine([1.0, -2.0, 0.5]).data == pytest.approx(ref([1.0, -2.0, 0.5]).data, rel=1e-12)


def test_a_missing_network_falls_back_to_both_finished_classes(in_tmp, capsys):
    lesson06(in_tmp)
    capsys.readouterr()
    assert load_network() == (autograd_helpers.Value, autograd_helpers.MLP)
    assert "my_network.py is not in this folder" in one_line(capsys)


def test_a_network_without_rng_falls_back(in_tmp, capsys):
    Value, _ = lesson06(in_tmp)
    ns = run_cells(NETWORK.replace(', rng=random)', ')').replace(', rng)', ')')
                   .replace('rng.uniform', 'random.uniform'),
                   namespace={"__name__": "__main__", "Value": Value})
    save_network(ns["MLP"])
    capsys.readouterr()
    assert load_network() == (autograd_helpers.Value, autograd_helpers.MLP)
    assert "my_network.py fails a check" in one_line(capsys)


def test_check_network_accepts_the_finished_classes():
    assert check_network(autograd_helpers.MLP, autograd_helpers.Value) is None


# --- the committed files (what lessons 05 and 06 write in notebooks/) ----------

def test_committed_engine_and_network_pass_their_checks(monkeypatch, capsys):
    monkeypatch.chdir(NOTEBOOKS)
    saved = {k: sys.modules.get(k) for k in ("my_engine", "my_network")}
    try:
        Value, MLP = load_network()
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
    assert "both passed their checks" in one_line(capsys)
    assert (Value, MLP) != (autograd_helpers.Value, autograd_helpers.MLP)


def test_module_has_one_job():
    assert set(your_engine.__all__) == {"save_engine", "load_engine", "save_network",
                                        "load_network", "check_engine", "check_network",
                                        "engine_name", "SaveError"}


def test_a_network_saved_on_the_finished_value_asks_for_lesson_06_again(in_tmp, capsys):
    # Lesson 06 ran before lesson 05 had saved an engine: its network uses the finished Value.
    ns = run_cells(NETWORK, namespace={"__name__": "__main__", "Value": autograd_helpers.Value})
    save_network(ns["MLP"])
    assert "built on the finished Value." in capsys.readouterr().out
    assert "from autograd_helpers import Value\n" in (in_tmp / "my_network.py").read_text()
    save_engine(lesson05()["Value"])
    capsys.readouterr()
    assert load_network() == (autograd_helpers.Value, autograd_helpers.MLP)
    assert "run lesson 06 again" in one_line(capsys)

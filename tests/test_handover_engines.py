"""The hand-over check (your_engine.load_engine / load_network) on plausible saved engines.

Each engine below is what a learner's lesson 05 might save to my_engine.py:
right ones written in other styles must be accepted, wrong ones refused
with one line naming what is wrong, in the learner's terms.  The wrong
orders and the `=` slips get every gradient right on expressions that
reuse only inputs: only an inner value reused at different depths, or an
input used twice by the same operation, shows them.
"""

import ast
import importlib.util
import json
import os
import py_compile
import subprocess
import sys
from pathlib import Path

import pytest

import autograd_helpers
import your_engine
from conftest import NOTEBOOKS
from your_engine import check_engine, check_network, engine_name, load_engine, load_network

# The engine lesson 05 saves (the committed file is what the pristine lesson writes).
PRISTINE = (NOTEBOOKS / "my_engine.py").read_text()

ITERATIVE_BACKWARD = '''    def backward(self):
        order, visited, stack = [], set(), [(self, False)]
        while stack:  # topological order with our own stack (lesson 04)
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


def edit(*pairs, text=PRISTINE):
    """PRISTINE with each (old, new) replaced; each old must be there."""
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    return text


def with_backward(body):
    return edit((ITERATIVE_BACKWARD, body))


RECURSIVE = with_backward('''    def backward(self):
        topo, visited = [], set()

        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)
        build_topo(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()
''')

BREADTH_FIRST = with_backward('''    def backward(self):
        order, seen, queue = [], {self}, [self]
        while queue:  # nearest values first
            v = queue.pop(0)
            order.append(v)
            for child in v._prev:
                if child not in seen:
                    seen.add(child)
                    queue.append(child)
        self.grad = 1.0
        for v in order:
            v._backward()
''')

PRE_ORDER = with_backward('''    def backward(self):
        order, seen = [], set()

        def visit(v):
            if v not in seen:
                seen.add(v)
                order.append(v)  # itself before its children
                for child in v._prev:
                    visit(child)
        visit(self)
        self.grad = 1.0
        for v in order:
            v._backward()
''')

FORWARD_ORDER = edit(("for v in reversed(order):", "for v in order:"))

NO_SEED = edit(("        self.grad = 1.0\n        for v in reversed", "        for v in reversed"))

CLEARS_LEAVES = edit(("        self.grad = 1.0\n        for v in reversed",
                      "        for v in order:\n            v.grad = 0.0\n"
                      "        self.grad = 1.0\n        for v in reversed"))

# A different style altogether: no closures; each value keeps its local derivatives and
# backward() multiplies them in; children in a list; grads as ints; recursive sort.
NO_CLOSURES = '''
import math


class Value:
    def __init__(self, data, children=(), op="", label="", local=()):
        self.data = data
        self.grad = 0
        self._prev = list(children)
        self._op = op
        self.label = label
        self.local = list(local)  # d(self)/d(child), one per child

    def __repr__(self):
        return f"Value({self.data})"

    @staticmethod
    def wrap(x):
        return x if isinstance(x, Value) else Value(x)

    def __add__(self, other):
        other = Value.wrap(other)
        return Value(self.data + other.data, [self, other], "+", local=[1, 1])

    def __mul__(self, other):
        other = Value.wrap(other)
        return Value(self.data * other.data, [self, other], "*", local=[other.data, self.data])

    def __pow__(self, k):
        return Value(self.data ** k, [self], f"**{k}", local=[k * self.data ** (k - 1)])

    def exp(self):
        e = math.exp(self.data)
        return Value(e, [self], "exp", local=[e])

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, [self], "tanh", local=[1 - t * t])

    def relu(self):
        return Value(max(self.data, 0), [self], "relu", local=[int(self.data > 0)])

    def sigmoid(self):
        s = 1 / (1 + math.exp(-self.data))
        return Value(s, [self], "sigmoid", local=[s * (1 - s)])

    __radd__ = __add__
    __rmul__ = __mul__

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return Value.wrap(other).__rsub__(self)

    def __rsub__(self, other):
        other = Value.wrap(other)
        return Value(other.data - self.data, [other, self], "-", local=[1, -1])

    def __truediv__(self, other):
        return self * Value.wrap(other) ** -1

    def __rtruediv__(self, other):
        return Value.wrap(other) * self ** -1

    def backward(self):
        topo, seen = [], set()

        def visit(v):
            if id(v) not in seen:
                seen.add(id(v))
                for c in v._prev:
                    visit(c)
                topo.append(v)
        visit(self)
        self.grad = 1
        for v in reversed(topo):
            for child, local in zip(v._prev, v.local):
                child.grad += local * v.grad
'''

TANH_FROM_EXP = edit(('''    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t**2) * out.grad
        out._backward = _backward
        return out
''', '''    def tanh(self):  # (e**2x - 1) / (e**2x + 1), as in lesson 05
        e = (2 * self).exp()
        return (e - 1) / (e + 1)
'''))

OWN_SUB_AND_DIV = edit(('''def sub(self, other):  # self - other
    return self + (-other)
''', '''def sub(self, other):  # self - other, with its own backward
    other = other if isinstance(other, Value) else Value(other)
    out = Value(self.data - other.data, (self, other), "-")

    def _backward():
        self.grad += out.grad
        other.grad -= out.grad
    out._backward = _backward
    return out
'''), ('''def truediv(self, other):  # self / other
    return self * other ** -1
''', '''def truediv(self, other):  # self / other, with its own backward
    other = other if isinstance(other, Value) else Value(other)
    out = Value(self.data / other.data, (self, other), "/")

    def _backward():
        self.grad += out.grad / other.data
        other.grad -= out.grad * self.data / other.data ** 2
    out._backward = _backward
    return out
'''))

EXTRAS = PRISTINE + '''

def sigmoid(self):
    s = 1 / (1 + math.exp(-self.data))
    out = Value(s, (self,), "sigmoid")

    def _backward():
        self.grad += s * (1 - s) * out.grad
    out._backward = _backward
    return out


def zero_grad(self):
    self.grad = 0.0


Value.sigmoid = sigmoid
Value.zero_grad = zero_grad
Value.__repr__ = lambda self: f"Value({self.data:.4f})"
'''

RIGHT = {
    "as lesson 05 saves it": PRISTINE,
    "children in a set (micrograd's way)": edit(
        ("self._prev = tuple(_children)", "self._prev = set(_children)"), text=RECURSIVE),
    "children in a list": edit(("self._prev = tuple(_children)", "self._prev = list(_children)")),
    "a recursive topological sort": RECURSIVE,
    "gradients as ints": edit(("self.grad = 0.0", "self.grad = 0"), ("self.grad = 1.0", "self.grad = 1")),
    "no closures, local derivatives kept": NO_CLOSURES,
    "tanh built from exp": TANH_FROM_EXP,
    "subtraction and division with their own backward": OWN_SUB_AND_DIV,
    "extra methods": EXTRAS,
    "other argument names": edit(('def __init__(self, data, _children=(), _op="", label=""):',
                                  'def __init__(self, data, children=(), op="", label=""):'),
                                 ("self._prev = tuple(_children)", "self._prev = tuple(children)"),
                                 ("self._op = _op", "self._op = op")),
}


def wrong_backward(op_line, new_line):
    return edit((op_line, new_line))


WRONG = {  # engine: what the one line must say
    "breadth-first backward": (BREADTH_FIRST, "visits values in the wrong order"),
    "pre-order backward": (PRE_ORDER, "visits values in the wrong order"),
    "backward from the leaves up": (FORWARD_ORDER, "visits values in the wrong order"),
    "no self.grad = 1": (NO_SEED, "backward() should start with self.grad = 1"),
    "backward clears the leaves": (CLEARS_LEAVES, "gradients must add up from one backward()"),
    "= in __add__ (first input)": (
        edit(("            self.grad += out.grad\n            other.grad += out.grad",
              "            self.grad = out.grad\n            other.grad += out.grad")),
        "your `__add__` backward assigns the gradient instead of adding to it"),
    "= in __add__ (second input)": (
        edit(("            self.grad += out.grad\n            other.grad += out.grad",
              "            self.grad += out.grad\n            other.grad = out.grad")),
        "your `__add__` backward assigns the gradient instead of adding to it"),
    "= in __mul__": (
        edit(("other.grad += self.data * out.grad", "other.grad = self.data * out.grad")),
        "your `__mul__` backward assigns"),
    "= in __pow__": (
        edit(("self.grad += k * self.data ** (k - 1) * out.grad",
              "self.grad = k * self.data ** (k - 1) * out.grad")),
        "your `__pow__` backward assigns"),
    "= in exp": (edit(("self.grad += out.data * out.grad", "self.grad = out.data * out.grad")),
                 "your `exp()` backward assigns"),
    "= in tanh": (edit(("self.grad += (1 - t**2) * out.grad", "self.grad = (1 - t**2) * out.grad")),
                  "your `tanh()` backward assigns"),
    "= in relu": (edit(("self.grad += (1.0 if", "self.grad = (1.0 if")),
                  "your `relu()` backward assigns"),
    "= 0 in relu below 0 (the blog post's)": (
        edit(("        self.grad += (1.0 if self.data > 0 else 0.0) * out.grad",
              "        if self.data > 0:\n            self.grad += out.grad\n"
              "        else:\n            self.grad = 0.0")),
        "your `relu()` backward assigns"),
    "= in its own subtraction": (
        edit(("other.grad -= out.grad", "other.grad = -out.grad"), text=OWN_SUB_AND_DIV),
        "your `__sub__` backward assigns"),
    "_children instead of _prev": (
        edit(("self._prev = tuple(_children)", "self._children = tuple(_children)"),
             ("reversed(v._prev)", "reversed(v._children)")),
        "your Value has no `_prev` (lesson 06 draws graphs and counts their values from it); "
        "you called it `_children`"),
    "no label argument": (
        edit(('def __init__(self, data, _children=(), _op="", label=""):',
              'def __init__(self, data, _children=(), _op=""):'),
             ("self.label = label", 'self.label = ""')),
        'Value(0.5, label="w1") raises TypeError'),
    "a label that is not kept": (edit(("self.label = label", 'self.label = ""')),
                                 'Value(0.5, label="w1").label is the string \'\''),
    "no _op": (edit(("        self._op = _op\n", "")), "your Value has no `_op`"),
    "_op kept as _operation": (edit(("self._op = _op", "self._operation = _op")),
                               "your Value has no `_op` (lesson 06's graphs name each operation "
                               "from it); you called it `_operation`"),
    "no relu": (edit(("Value.relu = relu\n", "")),
                "your Value has no `relu()`, so `a.relu()` fails (lesson 08's hidden neurons"),
    "no tanh": (edit(('    def tanh(self):', '    def tan_h(self):')),
                "your Value has no `tanh()`"),
    "no exp": (edit(("Value.exp = exp\n", "")), "your Value has no `exp()`"),
    "no __rsub__": (edit(("Value.__rsub__ = rsub\n", "")),
                    "your Value has no `__rsub__`, so `1 - a` fails (lesson 08's loss"),
    "no __radd__": (edit(("Value.__radd__ = radd\n", "")),
                    "your Value has no `__radd__`, so `0 + a` fails (sum() starts from 0)"),
    "no __rtruediv__": (edit(("Value.__rtruediv__ = rtruediv\n", "")),
                        "your Value has no `__rtruediv__`"),
    "no __neg__": (edit(("Value.__neg__ = neg\n", "")), "your Value has no `__neg__`"),
    "__rsub__ the wrong way round": (
        edit(("    return other + (-self)\n", "    return self - other\n")),
        "`1 - a` gives 0.3, the finished engine -0.3: your __rsub__ computes self - "
        "other; it should be other - self"),
    "exp(2x)": (edit(("math.exp(self.data)", "math.exp(2 * self.data)")), "`a.exp()` gives"),
    "relu returning None": (edit(("    out._backward = _backward\n    return out\n\n\nValue.relu",
                                  "    out._backward = _backward\n\n\nValue.relu")),
                            "`a.relu()` gives None, not a Value (a `return out` missing?)"),
    "tanh slope 1 - t": (edit(("(1 - t**2) * out.grad", "(1 - t) * out.grad")),
                         "in `a.tanh()` your gradient of a is"),
    "pow slope k * x**k": (edit(("k * self.data ** (k - 1) * out.grad", "k * self.data ** k * out.grad")),
                           "the backward of `__pow__` has a wrong slope"),
}


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


def load(in_tmp, capsys, text):
    (in_tmp / "my_engine.py").write_text(text)
    Value = load_engine()
    out = capsys.readouterr().out
    assert out.count("\n") == 1, out
    return Value, out


@pytest.mark.parametrize("style", RIGHT)
def test_a_right_engine_is_accepted_whatever_its_style(in_tmp, capsys, style):
    Value, line = load(in_tmp, capsys, RIGHT[style])
    assert Value is not autograd_helpers.Value, line
    assert line.startswith("Using your Value from my_engine.py")


@pytest.mark.parametrize("mistake", WRONG)
def test_a_wrong_engine_is_refused_naming_its_mistake(in_tmp, capsys, mistake):
    text, named = WRONG[mistake]
    Value, line = load(in_tmp, capsys, text)
    assert Value is autograd_helpers.Value
    assert line.startswith("my_engine.py fails a check: ")
    assert named in line
    assert line.endswith("; going on with the finished Value from autograd_helpers.\n")


def test_the_finished_engine_passes_the_same_check():
    assert check_engine(autograd_helpers.Value) is None


# --- the network: compared with the finished engine on the same weights ---------

NETWORK = (NOTEBOOKS / "my_network.py").read_text()

NEURON_CALL = '''        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)   # w · x + b
        if self.activation == "tanh":
            return act.tanh()
'''

RIGHT_NETWORKS = {
    "as lesson 06 saves it": NETWORK,
    "a loop instead of sum": edit((
        "        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)   # w · x + b\n",
        "        act = self.b\n        for wi, xi in zip(self.w, x):\n"
        "            act = act + wi * xi\n"), text=NETWORK),
}

WRONG_NETWORKS = {
    "a tanh on .data, cut off from the graph": (
        edit(("            return act.tanh()\n", "            return Value(math.tanh(act.data))\n"),
             ("import random\n", "import math\nimport random\n"), text=NETWORK),
        "my_network.py fails a check: in MLP(3, [4, 4, 1]) your gradient of "
        "layers[0].neurons[0].w[0] is 0"),
    "the bias drawn before the weights": (
        edit(('''        self.w = [Value(rng.uniform(-1, 1), label=f"w{i + 1}") for i in range(nin)]
        self.b = Value(rng.uniform(-1, 1), label="b")
''', '''        self.b = Value(rng.uniform(-1, 1), label="b")
        self.w = [Value(rng.uniform(-1, 1), label=f"w{i + 1}") for i in range(nin)]
'''), text=NETWORK),
        "does not start from the weights the finished MLP draws from the same generator"),
    "final_activation ignored": (
        edit(("act = final_activation if last and final_activation else activation",
              "act = activation"), text=NETWORK),
        "gives its layers the activations"),
    "the activation kept under another name": (
        edit(("        self.activation = activation  #", "        self.act = activation  #"),
             ("self.activation ==", "self.act =="), text=NETWORK),
        'has activation None, not "tanh", "relu" or "linear"'),
    "parameters without the biases": (
        edit(("        return self.w + [self.b]\n", "        return self.w\n"), text=NETWORK),
        "parameters() does not list each neuron's weights, then its bias"),
}


def save_files(folder, engine=PRISTINE, network=NETWORK):
    (folder / "my_engine.py").write_text(engine)
    (folder / "my_network.py").write_text(network)


@pytest.mark.parametrize("style", RIGHT_NETWORKS)
def test_a_right_network_is_accepted(in_tmp, capsys, style):
    save_files(in_tmp, network=RIGHT_NETWORKS[style])
    Value, MLP = load_network()
    assert "both passed their checks" in capsys.readouterr().out
    assert MLP is not autograd_helpers.MLP


@pytest.mark.parametrize("mistake", WRONG_NETWORKS)
def test_a_wrong_network_is_refused_and_blamed(in_tmp, capsys, mistake):
    text, named = WRONG_NETWORKS[mistake]
    save_files(in_tmp, network=text)
    assert load_network() == (autograd_helpers.Value, autograd_helpers.MLP)
    line = capsys.readouterr().out
    assert line.startswith("my_network.py fails a check: ") and named in line, line


def test_a_network_on_a_wrong_order_engine_blames_the_engine(in_tmp, capsys):
    # Lesson 07 on a breadth-first engine: 16 of its 41 first-step gradients were wrong.
    save_files(in_tmp, engine=BREADTH_FIRST)
    assert load_network() == (autograd_helpers.Value, autograd_helpers.MLP)
    line = capsys.readouterr().out
    assert line.startswith("my_engine.py fails a check: your backward() visits values in the "
                           "wrong order"), line


def test_the_network_check_compares_every_parameter_gradient(in_tmp):
    # The wrong-order engine, let through to the network check: the gradients disagree.
    save_files(in_tmp, engine=BREADTH_FIRST)
    engine = your_engine._load_module("my_engine.py", "lesson 05")
    network = your_engine._load_module("my_network.py", "lesson 06")
    problem = check_network(network.MLP, engine.Value)
    assert problem.startswith("in MLP(3, [4, 4, 1]) your gradient of layers[0].neurons[")


def test_a_failure_inside_the_value_while_the_network_runs_blames_the_engine(in_tmp, capsys):
    # A tanh that fails on an input no engine check tries, but the first neuron's sum is.
    save_files(in_tmp, engine=edit(("        t = math.tanh(self.data)\n",
                                    "        if 2.6 < self.data < 2.61:\n"
                                    "            raise ValueError('no tanh here')\n"
                                    "        t = math.tanh(self.data)\n")))
    assert load_network() == (autograd_helpers.Value, autograd_helpers.MLP)
    assert capsys.readouterr().out.startswith(
        "my_engine.py fails a check: MLP(3, [4, 4, 1]) raises ValueError in your Value "
        "(in tanh()): no tanh here")


# --- what the lessons call the engine that trains ------------------------------------

def test_the_engine_is_named_after_what_was_loaded(in_tmp, capsys):
    save_files(in_tmp)
    assert engine_name(load_network()[0]) == "your engine"
    (in_tmp / "my_engine.py").write_text(BREADTH_FIRST)
    assert engine_name(load_network()[0]) == "the finished engine (standing in for yours)"


# --- always the file as it is now, and the learner's file -----------------------

def test_an_engine_saved_again_in_the_same_second_with_the_same_size_is_read_anew(in_tmp, capsys):
    old = in_tmp / "my_engine.py"
    old.write_text(PRISTINE)
    py_compile.compile(str(old))  # bytecode in __pycache__, as `import my_engine` leaves
    stat = old.stat()
    wrong = edit(("other.grad += self.data * out.grad", "other.grad = self.data * out.grad "))
    assert len(wrong) == len(PRISTINE)
    old.write_text(wrong)
    os.utime(old, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    # Python's own loader would run the old bytecode here ...
    spec = importlib.util.spec_from_file_location("stale", old)
    stale = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stale)
    assert check_engine(stale.Value) is None
    # ... load_engine reads the file as it is now.
    assert load_engine() is autograd_helpers.Value
    assert "your `__mul__` backward assigns" in capsys.readouterr().out


def test_import_my_engine_in_a_copy_of_the_lessons_finds_the_learners_file(tmp_path):
    # run.py lab copies the lessons to my-lessons/, beside notebooks/ (which has its own
    # my_engine.py); a learner's `import my_engine` there must get the file beside them.
    (tmp_path / "notebooks").symlink_to(NOTEBOOKS)
    (tmp_path / "autograd_helpers.py").symlink_to(NOTEBOOKS.parent / "autograd_helpers.py")
    mine = tmp_path / "my-lessons"
    mine.mkdir()
    (mine / "my_engine.py").write_text(BREADTH_FIRST)
    for lesson in ("06", "07", "08"):
        cell = first_code_cell(lesson)
        setup = "\n".join(line for line in cell.splitlines()
                          if line.startswith(("import sys", "sys.path")))
        found = subprocess.run(
            [sys.executable, "-c", setup + "\nimport my_engine\nprint(my_engine.__file__)"],
            cwd=mine, capture_output=True, text=True, check=True).stdout
        assert Path(found.strip()).resolve() == (mine / "my_engine.py").resolve(), lesson


def first_code_cell(lesson):
    path = next(NOTEBOOKS.glob(f"{lesson}_*.ipynb"))
    cells = json.loads(path.read_text())["cells"]
    return "".join(next(c for c in cells if c["cell_type"] == "code")["source"])


@pytest.mark.parametrize("lesson", ["07", "08"])
def test_lessons_07_and_08_print_the_name_of_the_engine_they_loaded(lesson):
    # After a fallback the finished engine trains: no printed text may call it "your engine".
    path = next(NOTEBOOKS.glob(f"{lesson}_*.ipynb"))
    cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
    assert "engine = engine_name(Value)" in "".join(cells[0]["source"])
    for cell in cells:
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                assert "your engine" not in node.value.lower(), node.value


@pytest.mark.parametrize("mistake", ["_children instead of _prev", "no label argument"])
def test_an_engine_without_the_names_lesson_06_uses_is_blamed_not_the_network(in_tmp, capsys,
                                                                               mistake):
    save_files(in_tmp, engine=WRONG[mistake][0])
    assert load_network() == (autograd_helpers.Value, autograd_helpers.MLP)
    line = capsys.readouterr().out
    assert line.startswith("my_engine.py fails a check: ") and WRONG[mistake][1] in line, line

"""A second, independent corpus of learner answers for the checks of lessons
01-05: right answers in many styles (other names, loops or comprehensions, a
stack or recursion, math or numpy, the lesson's own Value as well as the
finished one), the wrong answers a learner writes (refused, and named where a
named mistake fits), answers that change their inputs, and answers fitted to
the checker.  Every verdict must be true: no right answer refused, no wrong
one accepted, no checker failure blamed on the learner."""

import ast
import copy
import json
import linecache
import math
import textwrap

import numpy as np
import pytest

import exercises_01
import exercises_02
import exercises_03
import exercises_04
import exercises_05
from conftest import NOTEBOOKS
from exercise_kit import BareValue

MODULES = {"01": exercises_01, "02": exercises_02, "03": exercises_03,
           "04": exercises_04, "05": exercises_05}
_SKIP_IMPORTS = ("lesson_widgets", "your_engine", "exercises_", "matplotlib", "torch")


def lesson_namespace(lesson):
    """What a learner's cell sees at the exercises of ``lesson``: the lesson's
    imports and every definition of its code cells (classes, functions,
    `Value.x = ...`), run in order as the lesson runs them."""
    path = next(NOTEBOOKS.glob(f"{lesson}_*.ipynb"))
    namespace = {"BareValue": BareValue, "math": math, "np": np}
    for cell in json.loads(path.read_text())["cells"]:
        if cell["cell_type"] != "code":
            continue
        keep = []
        for node in ast.parse("".join(cell["source"])).body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [getattr(node, "module", None) or ""] + [a.name for a in node.names]
                if not any(n.startswith(_SKIP_IMPORTS) for n in names):
                    keep.append(node)
            elif isinstance(node, (ast.FunctionDef, ast.ClassDef)) or (
                    isinstance(node, ast.Assign) and all(
                        isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name)
                        and t.value.id == "Value" for t in node.targets)):
                keep.append(node)
        exec(compile(ast.Module(keep, []), f"<lesson {lesson}>", "exec"), namespace)
    return namespace


LESSONS = {n: lesson_namespace(n) for n in MODULES}


def answer(lesson, name, source):
    """``name`` as a learner defines it in a cell of ``lesson``; like IPython,
    the cell's source is put in linecache, where inspect finds it."""
    namespace, source = dict(LESSONS[lesson]), textwrap.dedent(source)
    filename = f"/tmp/ipykernel_{lesson}/cell_{abs(hash(source))}.py"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)
    return namespace[name]


def fresh(ex):
    """The exercise as a fresh kernel has it (attempt 1 comes next)."""
    ex = copy.copy(ex)
    ex.attempts = ex.checks = ex.hints_given = 0
    return ex


# (lesson, exercise, answer name, id, source, status, mistake, words in the message)
C = "correct"
W = "wrong"
CASES = []


def case(lesson, ex, name, id, source, status=C, mistake=None, words=()):
    CASES.append(pytest.param(lesson, ex, name, source, status, mistake, words,
                              id=f"{lesson}-{ex}-{id}"))


# ---------------------------------------------------------------------------
# Lesson 01, exercise 1: my_slope(f, x, h)
# ---------------------------------------------------------------------------

def s1(id, body, *rest, **kw):
    case("01", "ex1", "my_slope", id, body, *rest, **kw)


s1("textbook", """
def my_slope(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)
""")
s1("named-steps", """
def my_slope(f, x, h):
    right = f(x + h)
    left = f(x - h)
    rise = right - left
    run = 2 * h
    return rise / run
""")
s1("halved", """
def my_slope(func, point, step):
    return 0.5 * (func(point + step) - func(point - step)) / step
""")
s1("lambda", """
my_slope = lambda f, x, h: (f(x + h) - f(x - h)) / h / 2
""")
s1("numpy-float", """
def my_slope(f, x, h):
    ys = np.array([f(x - h), f(x + h)])
    return np.float64(np.diff(ys)[0] / (2 * h))
""")
s1("with-print", """
def my_slope(f, x, h):
    s = (f(x + h) - f(x - h)) / (2 * h)
    print("slope:", s)
    return s
""")
s1("mean-of-one-sided", """
def my_slope(f, x, h):
    forward = (f(x + h) - f(x)) / h
    backward = (f(x) - f(x - h)) / h
    return (forward + backward) / 2
""")
s1("one-sided", """
def my_slope(f, x, h):
    return (f(x + h) - f(x)) / h
""", W, "one-sided", ("one-sided",))
s1("backward-one-sided", """
def my_slope(f, x, h):
    return (f(x) - f(x - h)) / h
""", W, "one-sided", ("one-sided",))
s1("divided-by-h", """
def my_slope(f, x, h):
    return (f(x + h) - f(x - h)) / h
""", W, "divided-by-h", ("2*h",))
s1("own-h", """
def my_slope(f, x, h):
    h = 0.0001
    return (f(x + h) - f(x - h)) / (2 * h)
""", W, "ignores-h", ("h = 0.0001",))
s1("precedence", """
def my_slope(f, x, h):
    return (f(x + h) - f(x - h)) / 2 * h
""", W, None, ("expected",))
s1("string", """
def my_slope(f, x, h):
    return f"{(f(x + h) - f(x - h)) / (2 * h):.4f}"
""", W, "not-a-number", ("string",))
s1("rounded", """
def my_slope(f, x, h):
    return round((f(x + h) - f(x - h)) / (2 * h), 2)
""", W, None, ("expected",))
s1("no-return", """
def my_slope(f, x, h):
    slope = (f(x + h) - f(x - h)) / (2 * h)
""", W, "returned-none", ("None",))
s1("fitted-exact-derivative", """
def my_slope(f, x, h):
    return 6 * x - 4
""", W, None, ())
s1("stub-left-below", """
def my_slope(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)
    raise NotImplementedError  # your code here
""")
s1("stub", """
def my_slope(f, x, h):
    raise NotImplementedError  # your code here
""", "not attempted")

# ---------------------------------------------------------------------------
# Lesson 01, exercise 2: my_partials(a, b, c)
# ---------------------------------------------------------------------------


def s2(id, body, *rest, **kw):
    case("01", "ex2", "my_partials", id, body, *rest, **kw)


s2("tuple", """
def my_partials(a, b, c):
    return b, a, 1
""")
s2("list", """
def my_partials(a, b, c):
    dd_da = b
    dd_db = a
    dd_dc = 1.0
    return [dd_da, dd_db, dd_dc]
""")
s2("numpy", """
def my_partials(a, b, c):
    return np.array([b, a, 1.0])
""")
s2("nudged-finely", """
def my_partials(a, b, c):
    return numerical_grad(lambda a, b, c: a * b + c, [a, b, c])
""")
s2("own-nudge-loop", """
def my_partials(a, b, c):
    d = lambda p: p[0] * p[1] + p[2]
    point, h, out = [a, b, c], 1e-6, []
    for i in range(3):
        up = list(point); up[i] += h
        down = list(point); down[i] -= h
        out.append((d(up) - d(down)) / (2 * h))
    return tuple(out)
""")
s2("swapped", """
def my_partials(a, b, c):
    return (a, b, 1.0)
""", W, "swapped", ("swapped",))
s2("c-slope-zero", """
def my_partials(a, b, c):
    return (b, a, 0)
""", W, "c-slope-zero", ("dd/dc",))
s2("c-slope-c", """
def my_partials(a, b, c):
    return (b, a, c)
""", W, None, ("expected",))
s2("two-only", """
def my_partials(a, b, c):
    return (b, a)
""", W, "wrong-length", ("3 numbers",))
s2("the-value-d", """
def my_partials(a, b, c):
    return a * b + c
""", W, "not-numbers", ("3 numbers",))
s2("fitted-lesson-point", """
def my_partials(a, b, c):
    return (-3.0, 2.0, 1.0)
""", W, None, ("expected",))
s2("dict", """
def my_partials(a, b, c):
    return {"a": b, "b": a, "c": 1.0}
""", W, "not-numbers", ("dict",))

# ---------------------------------------------------------------------------
# Lesson 02, exercise 1: MyValue with __add__ and __mul__
# ---------------------------------------------------------------------------

MYVALUE_INIT = """
class MyValue:
    def __init__(self, data, _children=(), _op="", label=""):
        self.data = data
        self._prev = tuple(_children)
        self._op = _op
        self.label = label
"""


def v1(id, methods, *rest, init=MYVALUE_INIT, **kw):
    case("02", "ex1", "MyValue", id, init + textwrap.indent(textwrap.dedent(methods), "    "),
         *rest, **kw)


v1("reference-style", """
def __add__(self, other):
    return MyValue(self.data + other.data, (self, other), "+")

def __mul__(self, other):
    return MyValue(self.data * other.data, (self, other), "*")
""")
v1("keywords-and-type-self", """
def __add__(self, other):
    out = type(self)(data=self.data + other.data, _children=(self, other), _op="+")
    return out

def __mul__(self, other):
    out = self.__class__(self.data * other.data, _children=[self, other], _op="*")
    return out
""")
v1("numbers-too-and-print", """
def __add__(self, other):
    other = other if isinstance(other, MyValue) else MyValue(other)
    print("adding", self.data, "and", other.data)
    return MyValue(self.data + other.data, (self, other), "+")

def __mul__(self, other):
    other = other if isinstance(other, MyValue) else MyValue(other)
    return MyValue(self.data * other.data, (self, other), "*")

def __repr__(self):
    return f"MyValue({self.data})"
""")
case("02", "ex1", "MyValue", "subclass-of-lesson-value", """
class MyValue(Value):
    def __add__(self, other):
        return MyValue(self.data + other.data, (self, other), "+")

    def __mul__(self, other):
        return MyValue(self.data * other.data, (self, other), "*")
""")
v1("children-reversed", """
def __add__(self, other):
    return MyValue(self.data + other.data, (other, self), "+")

def __mul__(self, other):
    return MyValue(self.data * other.data, (other, self), "*")
""", W, "children-reversed", ("(b, a)",))
v1("no-children", """
def __add__(self, other):
    return MyValue(self.data + other.data, _op="+")

def __mul__(self, other):
    return MyValue(self.data * other.data, _op="*")
""", W, "no-children", ("no children",))
v1("set-of-children", """
def __add__(self, other):
    return MyValue(self.data + other.data, {self, other}, "+")

def __mul__(self, other):
    return MyValue(self.data * other.data, {self, other}, "*")
""", W, "children-in-a-set", ("set",))
v1("returns-number", """
def __add__(self, other):
    return self.data + other.data

def __mul__(self, other):
    return self.data * other.data
""", W, "returned-a-number", ("the number",))
v1("forgot-return", """
def __add__(self, other):
    out = MyValue(self.data + other.data, (self, other), "+")

def __mul__(self, other):
    out = MyValue(self.data * other.data, (self, other), "*")
""", W, "returned-none", ("return",))
v1("op-as-word", """
def __add__(self, other):
    return MyValue(self.data + other.data, (self, other), "add")

def __mul__(self, other):
    return MyValue(self.data * other.data, (self, other), "mul")
""", W, None, ("'+'",))
v1("copy-paste-plus-in-mul", """
def __add__(self, other):
    return MyValue(self.data + other.data, (self, other), "+")

def __mul__(self, other):
    return MyValue(self.data + other.data, (self, other), "*")
""", W, None, ("expected",))
v1("mul-missing", """
def __add__(self, other):
    return MyValue(self.data + other.data, (self, other), "+")

def __mul__(self, other):
    # your code here
    raise NotImplementedError
""", W, None, ("__mul__",))
v1("children-are-numbers", """
def __add__(self, other):
    return MyValue(self.data + other.data, (self.data, other.data), "+")

def __mul__(self, other):
    return MyValue(self.data * other.data, (self.data, other.data), "*")
""", W, None, ("(self, other)",))
v1("changes-self", """
def __add__(self, other):
    self.data = self.data + other.data
    return MyValue(self.data, (self, other), "+")

def __mul__(self, other):
    self.data = self.data * other.data
    return MyValue(self.data, (self, other), "*")
""", W, "changed-input", ("changed a.data",))
v1("stub", """
def __add__(self, other):
    # your code here
    raise NotImplementedError

def __mul__(self, other):
    # your code here
    raise NotImplementedError
""", "not attempted")

# ---------------------------------------------------------------------------
# Lesson 02, exercise 2: build(x, y, z)
# ---------------------------------------------------------------------------


def b2(id, body, *rest, **kw):
    case("02", "ex2", "build", id, body, *rest, **kw)


b2("one-line", """
def build(x, y, z):
    return (x + y) * (y * z)
""")
b2("labelled-steps", """
def build(x, y, z):
    total = x + y
    total.label = "x+y"
    prod = y * z
    prod.label = "y*z"
    result = total * prod
    result.label = "result"
    print(result)
    return result
""")
b2("factors-swapped", """
def build(x, y, z):
    return (z * y) * (y + x)
""")
b2("computed-with-numbers", """
def build(x, y, z):
    return Value((x.data + y.data) * (y.data * z.data))
""", W, "computed-with-numbers", (".data",))
b2("returned-data", """
def build(x, y, z):
    return ((x + y) * (y * z)).data
""", W, "computed-with-numbers", ("plain number",))
b2("no-parentheses", """
def build(x, y, z):
    return x + y * y * z
""", W, "wrong-grouping", ("parentheses",))
b2("copied-y-with-lesson-value", """
def build(x, y, z):
    y2 = Value(y.data, label="y")
    return (x + y) * (y2 * z)
""", W, "copied-a-leaf", ("Value(...)",))
b2("copied-y-with-its-class", """
def build(x, y, z):
    y_again = type(y)(y.data)
    return (x + y) * (y_again * z)
""", W, "copied-a-leaf", ("4 leaves",))
b2("forgot-return", """
def build(x, y, z):
    out = (x + y) * (y * z)
""", W, "returned-none", ("return",))
b2("returned-all-steps", """
def build(x, y, z):
    s = x + y
    p = y * z
    return s, p, s * p
""", W, None, ("tuple",))
b2("x-twice", """
def build(x, y, z):
    return (x + y) * (x * z)
""", W, None, ())
b2("fitted-lesson-numbers", """
def build(x, y, z):
    return (x + y) * (y * z) if x.data == 1.0 else x * y
""", W, None, ())

# ---------------------------------------------------------------------------
# Lesson 02, exercise 3: count_nodes(root)
# ---------------------------------------------------------------------------


def n3(id, body, *rest, **kw):
    case("02", "ex3", "count_nodes", id, body, *rest, **kw)


n3("stack-and-set", """
def count_nodes(root):
    seen, todo = set(), [root]
    while todo:
        v = todo.pop()
        if v in seen:
            continue
        seen.add(v)
        todo.extend(v._prev)
    return len(seen)
""")
n3("recursion-with-set", """
def count_nodes(root):
    visited = set()

    def visit(v):
        if v not in visited:
            visited.add(v)
            for child in v._prev:
                visit(child)
    visit(root)
    return len(visited)
""")
n3("ids-and-deque", """
from collections import deque

def count_nodes(root):
    seen = {id(root)}
    queue = deque([root])
    while queue:
        for child in queue.popleft()._prev:
            if id(child) not in seen:
                seen.add(id(child))
                queue.append(child)
    return len(seen)
""")
n3("list-of-seen", """
def count_nodes(root):
    seen = []
    stack = [root]
    while stack:
        v = stack.pop()
        if not any(v is s for s in seen):
            seen.append(v)
            for c in v._prev:
                stack.append(c)
    return len(seen)
""")
n3("trace", """
def count_nodes(root):
    nodes, edges = trace(root)
    return len(nodes)
""")
n3("fixed-walk-of-the-lesson", """
def count_nodes(root):
    nodes, edges = set(), set()

    def build(v):
        if v not in nodes:
            nodes.add(v)
            for child in v._prev:
                edges.add((child, v))
                build(child)
    build(root)
    print(len(nodes), "values")
    return len(nodes)
""")
n3("paths", """
def count_nodes(root):
    return 1 + sum(count_nodes(c) for c in root._prev)
""", W, "counted-shared-twice", ("visited",))
n3("blog-walk", """
def count_nodes(root):
    nodes, edges = set(), set()

    def build(v):
        if v not in edges:
            nodes.add(v)
            for child in v._prev:
                edges.add((child, v))
                build(child)
    build(root)
    return len(nodes)
""", W, "revisits-shared-values", ("edges",))
n3("by-data", """
def count_nodes(root):
    seen, stack = set(), [root]
    while stack:
        v = stack.pop()
        if v.data not in seen:
            seen.add(v.data)
            stack.extend(v._prev)
    return len(seen)
""", W, "counted-by-data", ("v.data",))
n3("without-root", """
def count_nodes(root):
    seen, stack = set(), list(root._prev)
    while stack:
        v = stack.pop()
        if v not in seen:
            seen.add(v)
            stack.extend(v._prev)
    return len(seen)
""", W, "forgot-the-root", ("root",))
n3("returns-the-set", """
def count_nodes(root):
    seen, stack = set(), [root]
    while stack:
        v = stack.pop()
        if v not in seen:
            seen.add(v)
            stack.extend(v._prev)
    return seen
""", W, "not-a-number", ("len(",))
n3("leaves-only", """
def count_nodes(root):
    seen, stack = set(), [root]
    while stack:
        v = stack.pop()
        if v not in seen:
            seen.add(v)
            stack.extend(v._prev)
    return len([v for v in seen if not v._prev])
""", W, None, ())
n3("marks-the-values", """
def count_nodes(root):
    count, stack = 0, [root]
    while stack:
        v = stack.pop()
        if not getattr(v, "counted", False):
            v.counted = True
            count += 1
            stack.extend(v._prev)
    return count
""", W, "marked-the-values", ("v.counted",))
n3("fitted-constant", """
def count_nodes(root):
    return 4
""", W, None, ())

# ---------------------------------------------------------------------------
# Lesson 03, exercise 1: grads_by_hand(a, b, c, d)
# ---------------------------------------------------------------------------


def g1(id, body, *rest, **kw):
    case("03", "ex1", "grads_by_hand", id, body, *rest, **kw)


g1("chain-rule-steps", """
def grads_by_hand(a, b, c, d):
    p = a + b
    q = p * c
    dout_dq = d
    dout_dd = q
    dout_dp = dout_dq * c
    dout_dc = dout_dq * p
    return dout_dp, dout_dp, dout_dc, dout_dd
""")
g1("direct-list", """
def grads_by_hand(a, b, c, d):
    p = a + b
    q = p * c
    return [c * d, c * d, (a + b) * d, q]
""")
g1("numpy-array", """
def grads_by_hand(a, b, c, d):
    p = a + b
    q = p * c
    g = np.zeros(4)
    g[3] = q
    g[2] = p * d
    g[0] = g[1] = c * d
    return g
""")
g1("lesson-values-by-hand", """
def grads_by_hand(a, b, c, d):
    p = a + b
    q = p * c
    grads = {}
    grads["out"] = 1.0
    grads["q"] = d * grads["out"]
    grads["d"] = q * grads["out"]
    grads["p"] = c * grads["q"]
    grads["c"] = p * grads["q"]
    grads["a"] = grads["p"]
    grads["b"] = grads["p"]
    return tuple(grads[k] for k in "abcd")
""")
g1("local-only", """
def grads_by_hand(a, b, c, d):
    p = a + b
    q = p * c
    return 1.0, 1.0, p, q
""", W, "local-derivative-only", ("local",))
g1("own-data", """
def grads_by_hand(a, b, c, d):
    p = a + b
    q = p * c
    dq = q
    return p * dq, p * dq, c * dq, d
""", W, "mul-uses-own-data", ("OTHER",))
g1("order-reversed", """
def grads_by_hand(a, b, c, d):
    p = a + b
    q = p * c
    return q, p * d, c * d, c * d
""", W, None, ("dout/da",))
g1("forgot-d-for-a-b", """
def grads_by_hand(a, b, c, d):
    p = a + b
    q = p * c
    return c, c, p * d, q
""", W, None, ("dout/da",))
g1("three-only", """
def grads_by_hand(a, b, c, d):
    p = a + b
    q = p * c
    return c * d, p * d, q
""", W, "wrong-length", ("4 numbers",))
g1("fitted-constant", """
def grads_by_hand(a, b, c, d):
    p = a + b
    q = p * c
    return (-6.0, -6.0, 4.0, 6.0)
""", W, None, ())
g1("stub-left-below", """
def grads_by_hand(a, b, c, d):
    p = a + b
    q = p * c
    return c * d, c * d, p * d, q
    raise NotImplementedError
""")
g1("stub", """
def grads_by_hand(a, b, c, d):
    p = a + b
    q = p * c
    # your code here: work backwards from out = q * d
    raise NotImplementedError
""", "not attempted")

# ---------------------------------------------------------------------------
# Lesson 03, exercise 2: tanh_grad(x, t, out_grad)
# ---------------------------------------------------------------------------


def t2(id, body, *rest, **kw):
    case("03", "ex2", "tanh_grad", id, body, *rest, **kw)


t2("from-output", """
def tanh_grad(x, t, out_grad):
    return (1 - t * t) * out_grad
""")
t2("recomputed-tanh", """
def tanh_grad(x, t, out_grad):
    local = 1 - math.tanh(x) ** 2
    return local * out_grad
""")
t2("cosh", """
def tanh_grad(x, t, out_grad):
    return out_grad / math.cosh(x) ** 2
""")
t2("numpy", """
def tanh_grad(x, t, out_grad):
    return float(out_grad * (1 - np.tanh(x) ** 2))
""")
t2("lesson-value-nudged", """
def tanh_grad(x, t, out_grad):
    h = 1e-6
    up, down = Value(x + h).tanh().data, Value(x - h).tanh().data
    return (up - down) / (2 * h) * out_grad
""")
t2("from-input", """
def tanh_grad(x, t, out_grad):
    return (1 - x ** 2) * out_grad
""", W, "tanh-derivative-from-input", ("output t",))
t2("no-chain", """
def tanh_grad(x, t, out_grad):
    return 1 - t ** 2
""", W, "forgot-chain-rule", ("out_grad",))
t2("square-misplaced", """
def tanh_grad(x, t, out_grad):
    return (1 - t) ** 2 * out_grad
""", W, None, ())
t2("plus-sign", """
def tanh_grad(x, t, out_grad):
    return (1 + t ** 2) * out_grad
""", W, None, ())
t2("fitted-lesson-neuron", """
def tanh_grad(x, t, out_grad):
    return 0.5 * out_grad
""", W, None, ())

# ---------------------------------------------------------------------------
# Lesson 03, exercise 3: step_up(leaves, lr)
# ---------------------------------------------------------------------------


def u3(id, body, *rest, **kw):
    case("03", "ex3", "step_up", id, body, *rest, **kw)


u3("plus-equals", """
def step_up(leaves, lr):
    for leaf in leaves:
        leaf.data += lr * leaf.grad
""")
u3("index-loop-and-return", """
def step_up(leaves, lr):
    for i in range(len(leaves)):
        leaves[i].data = leaves[i].data + lr * leaves[i].grad
    return leaves
""")
u3("then-zero-grads", """
def step_up(leaves, lr):
    for v in leaves:
        v.data += lr * v.grad
    for v in leaves:
        v.grad = 0.0
""")
u3("setattr-and-print", """
def step_up(leaves, lr):
    for v in leaves:
        setattr(v, "data", v.data + v.grad * lr)
        print(v)
""")
u3("downhill", """
def step_up(leaves, lr):
    for v in leaves:
        v.data -= lr * v.grad
""", W, "stepped-downhill", ("down",))
u3("no-rate", """
def step_up(leaves, lr):
    for v in leaves:
        v.data += v.grad
""", W, "forgot-learning-rate", ("lr",))
u3("fixed-rate", """
def step_up(leaves, lr):
    for v in leaves:
        v.data += 0.01 * v.grad
""", W, "ignores-lr", ("lr",))
u3("updated-grad", """
def step_up(leaves, lr):
    for v in leaves:
        v.grad += lr * v.grad
""", W, "updated-grad-not-data", ("v.data",))
u3("new-values", """
def step_up(leaves, lr):
    return [Value(v.data + lr * v.grad) for v in leaves]
""", W, None, ("no leaf moved",))
u3("rebinds-the-name", """
def step_up(leaves, lr):
    for v in leaves:
        v = v + lr * v.grad
""", W, None, ("no leaf moved",))
u3("empties-the-list", """
def step_up(leaves, lr):
    while leaves:
        v = leaves.pop()
        v.data += lr * v.grad
""", W, "changed-input", ("leaves",))
u3("scaled-by-data", """
def step_up(leaves, lr):
    for v in leaves:
        v.data += lr * v.data
""", W, None, ())

# ---------------------------------------------------------------------------
# Lesson 04, exercise 1: sub(a, b)
# ---------------------------------------------------------------------------

SUB = """
def sub(a, b):
    out = Value(a.data - b.data, (a, b), "-")

    def _backward():
{}
    out._backward = _backward
    return out
"""


def d1(id, lines, *rest, **kw):
    body = SUB.format(textwrap.indent(textwrap.dedent(lines).strip(), " " * 8))
    case("04", "ex1", "sub", id, body, *rest, **kw)


d1("plus-minus", """
a.grad += out.grad
b.grad += -out.grad
""")
d1("minus-equals", """
a.grad += 1.0 * out.grad
b.grad -= 1.0 * out.grad
""")
d1("written-out", """
a.grad = a.grad + out.grad
b.grad = b.grad - out.grad
""")
d1("with-print", """
print("sub backward with out.grad =", out.grad)
a.grad += out.grad
b.grad += out.grad * -1
""")
case("04", "ex1", "sub", "finished-value", """
from autograd_helpers import Value as V

def sub(a, b):
    out = V(a.data - b.data, (a, b), "-")

    def _backward():
        a.grad += out.grad
        b.grad -= out.grad
    out._backward = _backward
    return out
""")
d1("assigns", """
a.grad = out.grad
b.grad = -out.grad
""", W, "assign-instead-of-accumulate", ("+=",))
d1("assigns-b-only", """
a.grad += out.grad
b.grad = -out.grad
""", W, "assign-instead-of-accumulate", ("+=",))
d1("wrong-sign", """
a.grad += out.grad
b.grad += out.grad
""", W, "wrong-sign", ("-out.grad",))
d1("no-chain", """
a.grad += 1.0
b.grad += -1.0
""", W, "forgot-chain-rule", ("out.grad",))
d1("swapped-signs", """
a.grad -= out.grad
b.grad += out.grad
""", W, None, ())
case("04", "ex1", "sub", "built-from-ops", """
def sub(a, b):
    return a + b * -1
""", W, None, ("(a, b)",))
case("04", "ex1", "sub", "forgot-to-attach", """
def sub(a, b):
    out = Value(a.data - b.data, (a, b), "-")

    def _backward():
        a.grad += out.grad
        b.grad += -out.grad
    return out
""", W, "backward-did-nothing", ("out._backward = _backward",))
d1("stub", """
# your code here: update a.grad and b.grad using out.grad
raise NotImplementedError
""", "not attempted")

# ---------------------------------------------------------------------------
# Lesson 04, exercise 2: topological_sort(root)
# ---------------------------------------------------------------------------


def o2(id, body, *rest, **kw):
    case("04", "ex2", "topological_sort", id, body, *rest, **kw)


o2("stack-of-pairs", """
def topological_sort(root):
    order, visited = [], set()
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
        elif node not in visited:
            visited.add(node)
            stack.append((node, True))
            stack.extend((c, False) for c in reversed(node._prev))
    return order
""")
o2("kahn-counting-edges", """
def topological_sort(root):
    users = {}
    seen, stack = {id(root)}, [root]
    while stack:
        v = stack.pop()
        for c in v._prev:
            users[id(c)] = users.get(id(c), 0) + 1
            if id(c) not in seen:
                seen.add(id(c))
                stack.append(c)
    order, ready = [], [root]
    while ready:
        v = ready.pop()
        order.append(v)
        for c in v._prev:
            users[id(c)] -= 1
            if users[id(c)] == 0:
                ready.append(c)
    return order[::-1]
""")
o2("kahn-with-sets-and-deque", """
from collections import deque

def topological_sort(root):
    parents = {}
    todo, seen = [root], {root}
    while todo:
        v = todo.pop()
        for c in set(v._prev):
            parents.setdefault(c, set()).add(v)
            if c not in seen:
                seen.add(c)
                todo.append(c)
    released, queue, out = set(), deque([root]), []
    while queue:
        v = queue.popleft()
        released.add(v)
        out.append(v)
        for c in set(v._prev):
            if parents[c] <= released:
                queue.append(c)
    out.reverse()
    return out
""")
o2("iterators-on-a-stack", """
def topological_sort(root):
    order, visited = [], {root}
    stack = [(root, iter(root._prev))]
    while stack:
        v, children = stack[-1]
        for c in children:
            if c not in visited:
                visited.add(c)
                stack.append((c, iter(c._prev)))
                break
        else:
            stack.pop()
            order.append(v)
    return order
""")
o2("tuple-result", """
def topological_sort(root):
    order, visited, stack = [], set(), [(root, 0)]
    while stack:
        v, state = stack.pop()
        if state:
            order.append(v)
            continue
        if v in visited:
            continue
        visited.add(v)
        stack.append((v, 1))
        for c in v._prev[::-1]:
            stack.append((c, 0))
    return tuple(order)
""")
o2("recursive", """
def topological_sort(root):
    order, visited = [], set()

    def visit(v):
        if v not in visited:
            visited.add(v)
            for child in v._prev:
                visit(child)
            order.append(v)
    visit(root)
    return order
""", W, "recursion-limit", ("stack",))
o2("breadth-first-reversed", """
def topological_sort(root):
    seen, queue = [root], [root]
    for v in queue:
        for c in v._prev:
            if c not in seen:
                seen.append(c)
                queue.append(c)
    return seen[::-1]
""", W, "not-topological", ("children",))
o2("without-visited", """
def topological_sort(root):
    order, stack = [], [(root, False)]
    while stack:
        v, done = stack.pop()
        if done:
            order.append(v)
        else:
            stack.append((v, True))
            for c in v._prev:
                stack.append((c, False))
    return order
""", W, "visited-twice", ("more than once",))
o2("visited-by-data", """
def topological_sort(root):
    order, visited, stack = [], set(), [(root, False)]
    while stack:
        v, done = stack.pop()
        if done:
            order.append(v)
        elif v.data not in visited:
            visited.add(v.data)
            stack.append((v, True))
            stack.extend((c, False) for c in v._prev)
    return order
""", W, "visited-by-data", ("v.data",))
o2("root-first", """
def topological_sort(root):
    order, visited, stack = [], set(), [(root, False)]
    while stack:
        v, done = stack.pop()
        if done:
            order.append(v)
        elif v not in visited:
            visited.add(v)
            stack.append((v, True))
            stack.extend((c, False) for c in reversed(v._prev))
    return order[::-1]
""", W, "not-topological", ("root",))
o2("preorder-reversed", """
def topological_sort(root):
    order, visited, stack = [], set(), [root]
    while stack:
        v = stack.pop()
        if v not in visited:
            visited.add(v)
            order.append(v)
            stack.extend(v._prev)
    return order[::-1]
""", W, "not-topological", ("children",))
o2("data-not-values", """
def topological_sort(root):
    order, visited, stack = [], set(), [(root, False)]
    while stack:
        v, done = stack.pop()
        if done:
            order.append(v.data)
        elif v not in visited:
            visited.add(v)
            stack.append((v, True))
            stack.extend((c, False) for c in reversed(v._prev))
    return order
""", W, None, ("v.data",))
o2("list-of-visited-is-too-slow", """
def topological_sort(root):
    order, visited, stack = [], [], [(root, False)]
    while stack:
        v, done = stack.pop()
        if done:
            order.append(v)
        elif v not in visited:
            visited.append(v)
            stack.append((v, True))
            stack.extend((c, False) for c in reversed(v._prev))
    return order
""", W, "too-slow", ("in a set",))
o2("a-set", """
def topological_sort(root):
    seen, stack = set(), [root]
    while stack:
        v = stack.pop()
        if v not in seen:
            seen.add(v)
            stack.extend(v._prev)
    return seen
""", W, "not-a-list", ("set",))

# ---------------------------------------------------------------------------
# Lesson 05, exercise 1: Reflected(BareValue)
# ---------------------------------------------------------------------------


def r1(id, body, *rest, **kw):
    case("05", "ex1", "Reflected", id, body, *rest, **kw)


r1("reference-style", """
class Reflected(BareValue):
    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return (-self) + other

    def __rtruediv__(self, other):
        return self ** -1 * other
""")
r1("other-forms", """
class Reflected(BareValue):
    def __radd__(self, other):
        return self.__add__(other)

    def __rmul__(self, other):
        return self.__mul__(other)

    def __rsub__(self, other):
        return self * -1 + other

    def __rtruediv__(self, other):
        return (self ** -1) * other
""")
r1("wrap-the-number", """
class Reflected(BareValue):
    def __radd__(self, other):
        return Reflected(other) + self

    def __rmul__(self, other):
        return Reflected(other) * self

    def __rsub__(self, other):
        return Reflected(other) - self

    def __rtruediv__(self, other):
        return Reflected(other) / self
""")
r1("own-backwards", """
class Reflected(BareValue):
    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        out = Reflected(other - self.data, (self,), "-")

        def _backward():
            self.grad += -out.grad
        out._backward = _backward
        return out

    def __rtruediv__(self, other):
        out = Reflected(other / self.data, (self,), "/")

        def _backward():
            self.grad += -other / self.data ** 2 * out.grad
        out._backward = _backward
        return out
""")
r1("aliases", """
class Reflected(BareValue):
    __radd__ = BareValue.__add__
    __rmul__ = BareValue.__mul__

    def __rsub__(self, other):
        return -self + other

    def __rtruediv__(self, other):
        return other * self ** -1
""")
r1("no-rmul", """
class Reflected(BareValue):
    def __radd__(self, other):
        return self + other

    def __rsub__(self, other):
        return (-self) + other

    def __rtruediv__(self, other):
        return self ** -1 * other
""", W, "missing-reflected-op", ("__rmul__",))
r1("rsub-reversed", """
class Reflected(BareValue):
    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return self - other

    def __rtruediv__(self, other):
        return self ** -1 * other
""", W, "reversed-rsub", ("FIRST",))
r1("rtruediv-reversed", """
class Reflected(BareValue):
    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return (-self) + other

    def __rtruediv__(self, other):
        return self / other
""", W, "reversed-rtruediv", ("FIRST",))
r1("rsub-recursion", """
class Reflected(BareValue):
    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return other - self

    def __rtruediv__(self, other):
        return self ** -1 * other
""", W, "reflected-recursion", ("RecursionError",))
r1("rsub-assigns", """
class Reflected(BareValue):
    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        out = Reflected(other - self.data, (self,), "-")

        def _backward():
            self.grad = -out.grad
        out._backward = _backward
        return out

    def __rtruediv__(self, other):
        return self ** -1 * other
""", W, "assign-instead-of-accumulate", ("+=",))
r1("rsub-other-data", """
class Reflected(BareValue):
    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return Reflected(other.data - self.data)

    def __rtruediv__(self, other):
        return self ** -1 * other
""", W, None, ("plain number",))
r1("rsub-no-backward", """
class Reflected(BareValue):
    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return Reflected(other - self.data, (self,), "-")

    def __rtruediv__(self, other):
        return self ** -1 * other
""", W, None, ("a.grad",))
r1("rtruediv-number-result", """
class Reflected(BareValue):
    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return (-self) + other

    def __rtruediv__(self, other):
        return other / self.data
""", W, "not-a-value", ())
r1("stub", """
class Reflected(BareValue):
    def __radd__(self, other):  # other + self
        raise NotImplementedError  # your code here

    def __rmul__(self, other):  # other * self
        raise NotImplementedError  # your code here

    def __rsub__(self, other):  # other - self, built from operations a Value has
        raise NotImplementedError  # your code here

    def __rtruediv__(self, other):  # other / self, built from operations a Value has
        raise NotImplementedError  # your code here
""", "not attempted")

# ---------------------------------------------------------------------------
# Lesson 05, exercise 2: sigmoid(v)
# ---------------------------------------------------------------------------


def g2(id, body, *rest, **kw):
    case("05", "ex2", "sigmoid", id, body, *rest, **kw)


g2("lesson-value", """
def sigmoid(v):
    s = 1 / (1 + math.exp(-v.data))
    out = Value(s, (v,), "sigmoid")

    def _backward():
        v.grad += s * (1 - s) * out.grad
    out._backward = _backward
    return out
""")
g2("out-data-and-numpy", """
def sigmoid(v):
    out = Value(float(1.0 / (1.0 + np.exp(-v.data))), (v,), "sigmoid")

    def _backward():
        v.grad += out.data * (1 - out.data) * out.grad
    out._backward = _backward
    return out
""")
g2("bare-value-and-exp-form", """
def sigmoid(v):
    e = math.exp(v.data)
    s = e / (1 + e)
    out = BareValue(s, [v], "sigmoid")

    def backward():
        v.grad = v.grad + s * (1 - s) * out.grad
    out._backward = backward
    return out
""")
g2("slope-from-exp", """
def sigmoid(v):
    x = v.data
    out = Value(1 / (1 + math.exp(-x)), (v,), "sigmoid")

    def _backward():
        v.grad += math.exp(-x) / (1 + math.exp(-x)) ** 2 * out.grad
    out._backward = _backward
    return out
""")
g2("no-return", """
def sigmoid(v):
    s = 1 / (1 + math.exp(-v.data))
    out = Value(s, (v,), "sigmoid")

    def _backward():
        v.grad += s * (1 - s) * out.grad
    out._backward = _backward
""", W, "returned-none", ("return out",))
g2("from-input", """
def sigmoid(v):
    s = 1 / (1 + math.exp(-v.data))
    out = Value(s, (v,), "sigmoid")

    def _backward():
        v.grad += v.data * (1 - v.data) * out.grad
    out._backward = _backward
    return out
""", W, "derivative-from-input", ("OUTPUT",))
g2("assigns", """
def sigmoid(v):
    s = 1 / (1 + math.exp(-v.data))
    out = Value(s, (v,), "sigmoid")

    def _backward():
        v.grad = s * (1 - s) * out.grad
    out._backward = _backward
    return out
""", W, "assign-instead-of-accumulate", ("+=",))
g2("minus-sign-lost", """
def sigmoid(v):
    s = 1 / (1 + math.exp(v.data))
    out = Value(s, (v,), "sigmoid")

    def _backward():
        v.grad += s * (1 - s) * out.grad
    out._backward = _backward
    return out
""", W, None, ("minus",))
g2("no-chain", """
def sigmoid(v):
    s = 1 / (1 + math.exp(-v.data))
    out = Value(s, (v,), "sigmoid")

    def _backward():
        v.grad += s * (1 - s)
    out._backward = _backward
    return out
""", W, "forgot-chain-rule", ("out.grad",))
g2("composite-not-one-op", """
def sigmoid(v):
    return 1 / (1 + (v * -1).exp())
""", W, "not-one-operation", ("ONE operation",))
g2("composite-with-numbers-on-the-left", """
def sigmoid(v):
    return (1 + (-v).exp()) ** -1 if hasattr(v, "exp") else 1 / (1 + v)
""", W, "not-one-operation", ("ONE operation",))
g2("number-not-value", """
def sigmoid(v):
    return 1 / (1 + math.exp(-v.data))
""", W, "not-a-value", ())
g2("no-children", """
def sigmoid(v):
    s = 1 / (1 + math.exp(-v.data))
    out = Value(s, (), "sigmoid")

    def _backward():
        v.grad += s * (1 - s) * out.grad
    out._backward = _backward
    return out
""", W, None, ("(v,)",))
g2("stub", """
def sigmoid(v):
    # your code here: compute s, make out = Value(s, (v,), "sigmoid"),
    # give it a _backward, and return it
    raise NotImplementedError
""", "not attempted")


@pytest.mark.parametrize("lesson,ex,name,source,status,mistake,words", CASES)
def test_learner_answer_gets_a_true_verdict(lesson, ex, name, source, status, mistake,
                                            words):
    exercise = fresh(getattr(MODULES[lesson], ex))
    result = exercise.evaluate(answer(lesson, name, source))
    assert result.status == status, result.message
    if status == W:
        assert result.mistake == mistake, result.message
        for w in words:
            assert w in result.message, result.message


# (lesson 04's sort is left out: each of its checks builds a chain of 100,000)
RIGHT = [p for p in CASES if p.values[4] == C and p.values[:2] != ("04", "ex2")]


@pytest.mark.parametrize("lesson,ex,name,source,status,mistake,words", RIGHT)
def test_right_answer_stays_right_on_later_attempts(lesson, ex, name, source, status,
                                                    mistake, words):
    exercise = fresh(getattr(MODULES[lesson], ex))
    function = answer(lesson, name, source)
    for _ in range(4):
        result = exercise.evaluate(function)
        assert result.status == C, result.message


# ---------------------------------------------------------------------------
# More answers: ones that change what they were given, and other styles
# ---------------------------------------------------------------------------

n3("cuts-the-graph", """
def count_nodes(root):
    count, stack = 0, [root]
    while stack:
        v = stack.pop()
        count += 1
        stack.extend(v._prev)
        v._prev = ()          # so that a shared value is not counted again
    return count
""", W, "changed-input", ("_prev",))
n3("cuts-the-graph-and-counts-right", """
def count_nodes(root):
    count, stack = 0, [root]
    while stack:
        v = stack.pop()
        if v._prev is None:   # seen already
            continue
        count += 1
        stack.extend(v._prev)
        v._prev = None
    return count
""", W, "changed-input", ("None after",))
o2("deque-appendleft", """
from collections import deque

def topological_sort(root):
    order, visited, stack = deque(), set(), [(root, False)]
    while stack:
        v, done = stack.pop()
        if done:
            order.append(v)
        elif v not in visited:
            visited.add(v)
            stack.append((v, True))
            stack.extend((c, False) for c in reversed(v._prev))
    return order
""")
o2("finished-engine-order", """
from autograd_helpers import topological_order

def topological_sort(root):
    return topological_order(root)
""")
o2("trace-reversed", """
from autograd_helpers import trace

def topological_sort(root):
    nodes, edges = trace(root)
    return nodes[::-1]
""", W, "not-topological", ("children",))
o2("kahn-removing-edges", """
def topological_sort(root):
    parents, seen, todo = {}, {root}, [root]
    while todo:
        v = todo.pop()
        for c in v._prev:
            parents[c] = parents.get(c, 0) + 1
            if c not in seen:
                seen.add(c)
                todo.append(c)
    order, ready = [], [root]
    while ready:
        v = ready.pop()
        order.append(v)
        for c in v._prev:
            parents[c] -= 1
            if parents[c] == 0:
                ready.append(c)
        v._prev = ()   # remove its edges from the graph, as Kahn's algorithm says
    return order[::-1]
""", W, "changed-input", ("_prev",))
o2("pairs-not-values", """
def topological_sort(root):
    order, visited, stack = [], set(), [(root, False)]
    while stack:
        item = stack.pop()
        v, done = item
        if done:
            order.append(item)
        elif v not in visited:
            visited.add(v)
            stack.append((v, True))
            stack.extend((c, False) for c in reversed(v._prev))
    return order
""", W, None, ("tuple",))
u3("data-becomes-a-value", """
def step_up(leaves, lr):
    for v in leaves:
        v.data = v + lr * v.grad
""", W, None, ("not a number",))
r1("rsub-negates-self-in-place", """
class Reflected(BareValue):
    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        self.data = -self.data
        return self + other

    def __rtruediv__(self, other):
        return self ** -1 * other
""", W, "changed-input", ("a.data",))
r1("rsub-with-lesson-value", """
class Reflected(BareValue):
    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return Value(other) - self

    def __rtruediv__(self, other):
        return self ** -1 * other
""", W, "not-a-value", ("number",))
g2("in-place-returns-v", """
def sigmoid(v):
    v.data = 1 / (1 + math.exp(-v.data))
    return v
""", W, "changed-input", ("v.data",))
g2("op-and-list-children", """
def sigmoid(v):
    s = 1.0 / (1.0 + math.exp(-v.data))
    out = Value(s, [v], "σ")

    def _backward():
        v.grad += out.grad * s * (1.0 - s)
    out._backward = _backward
    return out
""")
d1("changes-a-data", """
a.grad += out.grad
b.grad += -out.grad
a.data = 0.0
""", W, "changed-input", ("a.data",))
v1("children-self-only", """
def __add__(self, other):
    return MyValue(self.data + other.data, (self,), "+")

def __mul__(self, other):
    return MyValue(self.data * other.data, (self,), "*")
""", W, None, ("(a, b)",))
s2("rounded", """
def my_partials(a, b, c):
    return (round(b), round(a), 1)
""", W, None, ("expected",))
t2("lesson-value-backward", """
def tanh_grad(x, t, out_grad):
    v = Value(x)
    o = v.tanh()
    return (1 - o.data ** 2) * out_grad
""")
n3("default-set-argument", """
def count_nodes(root, seen=set()):
    if root in seen:
        return 0
    seen.add(root)
    return 1 + sum(count_nodes(c, seen) for c in root._prev)
""", W, "state-between-calls", ("seen=set()",))
n3("default-none-argument", """
def count_nodes(root, seen=None):
    if seen is None:
        seen = set()
    if root in seen:
        return 0
    seen.add(root)
    return 1 + sum(count_nodes(c, seen) for c in root._prev)
""")
o2("default-set-argument", """
def topological_sort(root, visited=set()):
    order, stack = [], [(root, False)]
    while stack:
        v, done = stack.pop()
        if done:
            order.append(v)
        elif v not in visited:
            visited.add(v)
            stack.append((v, True))
            stack.extend((c, False) for c in reversed(v._prev))
    return order
""", W, "state-between-calls", ("visited=set()",))
u3("return-inside-the-loop", """
def step_up(leaves, lr):
    for v in leaves:
        v.data += lr * v.grad
        return leaves
""", W, "missed-leaves", ("`return`",))
u3("grads-first-then-zip", """
def step_up(leaves, lr):
    grads = [v.grad for v in leaves]
    for v, g in zip(leaves, grads):
        v.data += lr * g
""")
u3("numpy-vector-step", """
def step_up(leaves, lr):
    data = np.array([v.data for v in leaves]) + lr * np.array([v.grad for v in leaves])
    for v, d in zip(leaves, data):
        v.data = float(d)
""")
u3("map-with-setattr", """
def step_up(leaves, lr):
    list(map(lambda v: setattr(v, "data", v.data + lr * v.grad), leaves))
""")
b2("reduce", """
from functools import reduce
import operator

def build(x, y, z):
    return reduce(operator.mul, [x + y, y, z])
""")
b2("inner-product-first", """
def build(x, y, z):
    yz = y * z
    xy = x + y
    out = xy * yz
    out.label = "out"
    return out
""")
b2("expanded", """
def build(x, y, z):
    return x * y * z + y * y * z
""", W, None, ("needs 6",))
v1("helper-method", """
def _make(self, other, number, op):
    return MyValue(number, (self, other), op)

def __add__(self, other):
    return self._make(other, self.data + other.data, "+")

def __mul__(self, other):
    return self._make(other, self.data * other.data, "*")
""")
v1("operator-table", """
def __add__(self, other):
    import operator
    return MyValue(operator.add(self.data, other.data), (self, other), "+")

def __mul__(self, other):
    result = MyValue(self.data * other.data, (self, other), "*")
    result.label = f"({self.label}*{other.label})"
    return result
""")
v1("label-not-op", """
def __add__(self, other):
    return MyValue(self.data + other.data, (self, other), label="+")

def __mul__(self, other):
    return MyValue(self.data * other.data, (self, other), label="*")
""", W, None, ("'+'",))
s2("printed-and-lambda", """
my_partials = lambda a, b, c: (print("d =", a * b + c), (b, a, 1.0))[1]
""")
g1("nudged-inside", """
def grads_by_hand(a, b, c, d):
    p = a + b
    q = p * c
    return numerical_grad(lambda a, b, c, d: (a + b) * c * d, [a, b, c, d])
""")
d1("times-minus-one", """
a.grad += out.grad * 1
b.grad += out.grad * -1
""")
d1("uses-out-data", """
a.grad += out.data
b.grad += -out.data
""", W, "used-data-not-grad", ("out.grad",))
o2("lesson-build-topo", """
def topological_sort(root):
    return build_topo(root)
""")
r1("lesson-functions", """
class Reflected(BareValue):
    __radd__ = radd
    __rmul__ = rmul
    __rsub__ = rsub
    __rtruediv__ = rtruediv
""")
r1("subclass-of-lesson-value", """
class Reflected(Value):
    pass
""")
g2("from-out-data-no-names", """
def sigmoid(v):
    out = Value(1 / (1 + math.exp(-v.data)), (v,), "sigmoid")

    def _backward():
        v.grad += out.data * (1 - out.data) * out.grad
    out._backward = _backward
    return out
""")
s2("numpy-number", """
def my_partials(a, b, c):
    return np.array(b)
""", W, "not-numbers", ("numpy number",))
g1("numpy-number", """
def grads_by_hand(a, b, c, d):
    p = a + b
    q = p * c
    return np.array(c * d)
""", W, "not-numbers", ("numpy number",))
case("02", "ex1", "MyValue", "children-default-none", """
class MyValue:
    def __init__(self, data, _children=None, _op="", label=""):
        self.data = data
        self._prev = _children
        self._op = _op
        self.label = label

    def __add__(self, other):
        return MyValue(self.data + other.data, _op="+")

    def __mul__(self, other):
        return MyValue(self.data * other.data, (self, other), "*")
""", W, "no-children", ("_prev = None",))
case("05", "ex2", "sigmoid", "own-class-children-none", """
class Sig:
    def __init__(self, data, _children=None, _op=""):
        self.data, self._prev, self._op, self.grad = data, _children, _op, 0.0

def sigmoid(v):
    out = Sig(1 / (1 + math.exp(-v.data)), _op="sigmoid")

    def _backward():
        v.grad += out.data * (1 - out.data) * out.grad
    out._backward = _backward
    return out
""", W, None, ("None",))
n3("fitted-to-the-ladder", """
def count_nodes(root):
    if root.data == 0.0 and root._op == "+" and len(root._prev) == 2:
        return 51                 # the ladder, as the check's message said
    nodes, edges = set(), set()

    def build(v):
        if v not in edges:
            nodes.add(v)
            for child in v._prev:
                edges.add((child, v))
                build(child)
    build(root)
    return len(nodes)
""", W, "revisits-shared-values", ("ladder",))
o2("fitted-to-the-chain", """
def topological_sort(root):
    order, visited = [], set()

    def visit(v):
        if v not in visited:
            visited.add(v)
            for child in v._prev:
                visit(child)
            order.append(v)
    try:
        visit(root)
    except RecursionError:
        return [root] * 200_001   # the size the check asks for
    return order
""", W, "visited-twice", ("chain",))
n3("peeks-instead-of-popping", """
def count_nodes(root):
    seen, stack = set(), [root]
    while stack:
        v = stack[-1]
        if v not in seen:
            seen.add(v)
            stack.extend(v._prev)
    return len(seen)
""", W, "too-slow", ("count_nodes(root)",))
o2("peeks-instead-of-popping", """
def topological_sort(root):
    order, visited, stack = [], set(), [(root, False)]
    while stack:
        v, done = stack[-1]          # looks at the top, never takes it off
        if v in visited and not done:
            continue
        if done:
            order.append(v)
            stack.pop()
            continue
        visited.add(v)
        stack.append((v, True))
        stack.extend((c, False) for c in reversed(v._prev))
    return order
""", W, "too-slow", ("topological_sort(root)",))
r1("radd-recursion", """
class Reflected(BareValue):
    def __radd__(self, other):
        return other + self

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return (-self) + other

    def __rtruediv__(self, other):
        return self ** -1 * other
""", W, "reflected-recursion", ("__radd__",))
v1("add-missing", """
def __add__(self, other):
    # your code here
    raise NotImplementedError

def __mul__(self, other):
    return MyValue(self.data * other.data, (self, other), "*")
""", W, None, ("Now write __add__",))
r1("two-of-four", """
class Reflected(BareValue):
    def __radd__(self, other):  # other + self
        return self + other

    def __rmul__(self, other):  # other * self
        return self * other

    def __rsub__(self, other):  # other - self, built from operations a Value has
        raise NotImplementedError  # your code here

    def __rtruediv__(self, other):  # other / self, built from operations a Value has
        raise NotImplementedError  # your code here
""", W, "missing-reflected-op", ("__rsub__, __rtruediv__",))
d1("stub-raise-left-below", """
a.grad += out.grad
b.grad += -out.grad
raise NotImplementedError
""", W, "leftover-stub-raise", ("delete that line",))
g2("stub-raise-left-below", """
def sigmoid(v):
    s = 1 / (1 + math.exp(-v.data))
    out = Value(s, (v,), "sigmoid")

    def _backward():
        v.grad += s * (1 - s) * out.grad
    out._backward = _backward
    raise NotImplementedError
    return out
""", W, "leftover-stub-raise", ("delete that line",))
u3("stub-raise-left-below", """
def step_up(leaves, lr):
    for v in leaves:
        v.data += lr * v.grad
    raise NotImplementedError
""", W, "leftover-stub-raise", ("delete that line",))
s2("stub", """
def my_partials(a, b, c):
    raise NotImplementedError  # your code here
""", "not attempted")
b2("stub", """
def build(x, y, z):
    # your code here
    raise NotImplementedError
""", "not attempted")
n3("stub", """
def count_nodes(root):
    # your code here
    raise NotImplementedError
""", "not attempted")
t2("stub", """
def tanh_grad(x, t, out_grad):
    # your code here
    raise NotImplementedError
""", "not attempted")
u3("stub", """
def step_up(leaves, lr):
    # your code here
    raise NotImplementedError
""", "not attempted")
o2("stub", """
def topological_sort(root):
    # your code here
    raise NotImplementedError
""", "not attempted")
n3("lesson-trace-fixed", """
def count_nodes(root):
    nodes, edges, calls = trace_fixed(root)
    return len(nodes)
""")
n3("lesson-trace-buggy", """
def count_nodes(root):
    nodes, edges, calls = trace_buggy(root)
    return len(nodes)
""", W, "revisits-shared-values", ("`edges`",))

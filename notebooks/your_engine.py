"""Your engine, saved to a file and loaded back: the hand-over between lessons.

    save_engine(Value)        # lesson 05: your Value -> my_engine.py
    Value = load_engine()     # lesson 06: my_engine.py -> your Value, checked
    save_network(MLP)         # lesson 06: your Module, Neuron, Layer, MLP -> my_network.py
    Value, MLP = load_network()   # lessons 07, 08: both files, checked
    engine_name(Value)        # "your engine", or the finished one standing in for it

Saving writes readable Python: the methods you wrote (in the class or
attached later with ``Value.name = function``) as they appear in your
cells, with the imports they need.  The same code always gives the same
file, byte for byte.

Loading goes by path (the file in the current folder), never by import
name, so it always finds *your* file, and compiles the file's text as it
is now (never stale bytecode).  What it loads is checked against the
finished engine in ``autograd_helpers.py``: the engine has every operation
and name lessons 06-08 use (``label=``, ``_prev``, ``_op``, ``relu()``, ...),
and its values and gradients agree on expressions where an input is used
twice by one operation (an ``=`` where ``+=`` belongs shows) and where an
inner value is reused at different depths (a wrong backward order shows,
told apart from a walk that skips a value or runs one twice);
the network starts from the finished MLP's weights and gives its outputs
and parameter gradients.  If a file is missing or fails a check, one line
says which file and what is wrong, and the finished ``Value`` (and
``MLP``) from ``autograd_helpers`` are returned instead, so the lesson
goes on.
"""

import ast
import builtins
import contextlib
import dis
import importlib.util
import inspect
import io
import linecache
import math
import random
import sys
import textwrap
import traceback
import types
from pathlib import Path

import autograd_helpers
from exercise_kit import Wrong, describe, is_number, time_limit

__all__ = ["save_engine", "load_engine", "save_network", "load_network",
           "check_engine", "check_network", "engine_name", "SaveError"]


class SaveError(ValueError):
    """Something in your code cannot be written to a file as it is."""


# ---------------------------------------------------------------------------
# Saving: rebuild readable source from the objects you defined
# ---------------------------------------------------------------------------

# Attributes every class has; they are not part of what you wrote.
_CLASS_HOUSEKEEPING = {"__module__", "__dict__", "__weakref__", "__doc__",
                       "__qualname__", "__firstlineno__", "__static_attributes__"}


def _function_of(obj):
    """The plain function behind a method, staticmethod, classmethod or property."""
    if isinstance(obj, (staticmethod, classmethod)):
        return obj.__func__
    if isinstance(obj, property):
        return obj.fget
    return obj if isinstance(obj, types.FunctionType) else None


def _source(func):
    """The source of a function you wrote, dedented."""
    if func.__name__ == "<lambda>":
        raise SaveError(f"{func.__qualname__} is a lambda; write it with `def` so that "
                        "it can be saved.")
    if "<locals>" in func.__qualname__:
        raise SaveError(f"{func.__name__} was made inside another function, so it "
                        "cannot be saved on its own; define it at the top level of a cell.")
    try:
        text = inspect.getsource(func)
    except (OSError, TypeError):
        raise SaveError(f"the source of {func.__qualname__} cannot be found; define it "
                        "in a cell and run that cell again.") from None
    return textwrap.dedent(text).rstrip() + "\n"


def _names_used(func):
    """Global names a function reads: in its body (and its inner functions),
    its default values and its decorators."""
    names = []

    def walk(code):
        for ins in dis.get_instructions(code):
            if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
                names.append(ins.argval)
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                walk(const)
    walk(func.__code__)
    tree = ast.parse(_source(func))
    node = tree.body[0]
    exprs = list(node.decorator_list) + list(node.args.defaults) + [
        d for d in node.args.kw_defaults if d is not None]
    for expr in exprs:
        names += [n.id for n in ast.walk(expr) if isinstance(n, ast.Name)]
    return list(dict.fromkeys(names))


def _literal(obj):
    """obj as Python source that gives it back (its repr), or None if there is none."""
    text = repr(obj)
    try:
        return text if ast.literal_eval(text) == obj else None
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None


def _yours(obj):
    """True for a function or class defined in a notebook cell (or in __main__)."""
    return getattr(obj, "__module__", None) == "__main__"


class _Writer:
    """Collects the definitions a module needs, dependencies first."""

    def __init__(self):
        self.imports = set()
        self.constants = {}
        self.blocks = []
        self.done = set()
        self.active = set()

    def need(self, name, obj, owner):
        """`owner` reads the global `name`, which is `obj`: make sure the file has it."""
        if isinstance(obj, types.ModuleType):
            if obj.__name__ == name:
                self.imports.add(f"import {name}")
            else:
                self.imports.add(f"import {obj.__name__} as {name}")
        elif _yours(obj) and isinstance(obj, (type, types.FunctionType)):
            if obj.__name__ != name:
                raise SaveError(f"{owner} uses {name}, another name for {obj.__name__}; "
                                f"call it {obj.__name__} there.")
            self.add(obj)
        elif isinstance(obj, (type, types.FunctionType, types.BuiltinFunctionType)):
            module = getattr(obj, "__module__", None)
            if not module or getattr(sys.modules.get(module), name, None) is not obj:
                raise SaveError(f"{owner} uses {name}, which cannot be imported by that name.")
            self.imports.add(f"from {module} import {name}")
        else:
            text = _literal(obj)
            if text is None:
                raise SaveError(f"{owner} uses the global {name} = {repr(obj)[:60]}, which "
                                "cannot be written to a file; pass it in as an argument.")
            self.constants[name] = text

    def need_globals_of(self, func, owner, skip=()):
        for name in _names_used(func):
            if name in skip:
                continue
            if name in func.__globals__:
                self.need(name, func.__globals__[name], owner)
            elif not hasattr(builtins, name):
                raise SaveError(f"{owner} uses {name}, which is not defined anywhere; "
                                "define it (and run its cell) before saving.")

    def add(self, obj):
        if id(obj) in self.done or id(obj) in self.active:
            return
        self.active.add(id(obj))
        if isinstance(obj, type):
            self._add_class(obj)
        else:
            self.need_globals_of(obj, obj.__name__, skip=(obj.__name__,))
            self.blocks.append(_source(obj))
        self.active.discard(id(obj))
        self.done.add(id(obj))

    def _add_class(self, cls):
        name = cls.__name__
        bases = [b for b in cls.__bases__ if b is not object]
        for base in bases:
            if _yours(base):
                self.add(base)
            else:
                self.need(base.__name__, base, name)
        own, attached, attributes = [], [], []
        for attr, obj in cls.__dict__.items():
            if attr in _CLASS_HOUSEKEEPING or isinstance(obj, types.MemberDescriptorType):
                continue
            func = _function_of(obj)
            if func is None:
                attributes.append((attr, obj))
            elif func.__qualname__.startswith(name + "."):
                own.append(func)
            else:
                attached.append((attr, func))
        body = []
        if cls.__doc__:
            body.append(_docstring(cls.__doc__))
        for attr, obj in attributes:
            text = _literal(obj)
            if text is None:
                raise SaveError(f"{name}.{attr} = {repr(obj)[:60]} cannot be written to a file.")
            body.append(f"{attr} = {text}\n")
        for func in own:
            body.append(_source(func))
        if not body:
            body.append("pass\n")
        for func in own:  # what the methods use comes first
            self.need_globals_of(func, f"{name}.{func.__name__}", skip=(name,))
        header = f"class {name}({', '.join(b.__name__ for b in bases)}):" if bases \
            else f"class {name}:"
        self.blocks.append(header + "\n" + "\n".join(
            textwrap.indent(b, "    ") for b in body))
        # Functions attached later with `Class.attr = function`, in the order
        # they were first attached, each followed by its assignment.
        by_function = {}
        for attr, func in attached:
            by_function.setdefault(id(func), (func, []))[1].append(attr)
        for func, attrs in by_function.values():
            lines = "".join(f"{name}.{attr} = {func.__name__}\n" for attr in attrs)
            if id(func) in self.done:  # already written, as a helper of a method
                self.blocks.append(lines)
                continue
            self.need_globals_of(func, func.__name__, skip=(name, func.__name__))
            self.blocks.append(_source(func) + "\n\n" + lines)
            self.done.add(id(func))

    def text(self, title):
        std = sorted(i for i in self.imports
                     if i.split()[1].split(".")[0] in sys.stdlib_module_names)
        other = sorted(self.imports - set(std))
        head = [title, "\n".join(std), "\n".join(other),
                "".join(f"{k} = {v}\n" for k, v in sorted(self.constants.items()))]
        head = "\n\n".join(p.strip("\n") for p in head if p.strip())
        return "\n\n\n".join([head] + [b.strip("\n") for b in self.blocks]) + "\n"


def _docstring(doc):
    doc = inspect.cleandoc(doc)
    if '"""' in doc or doc.endswith('"') or "\\" in doc:
        return repr(doc) + "\n"
    return f'"""{doc}"""\n' if "\n" not in doc else f'"""{doc}\n"""\n'


def _write(path, text):
    path = Path(path)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return path
    path.write_text(text, encoding="utf-8")
    return path


def save_engine(Value, path="my_engine.py"):
    """Write your Value class to ``path`` as a Python file, for later lessons.

    Everything counts that ``Value`` has now: the methods written in the
    class body and the functions attached afterwards (``Value.relu = relu``),
    together with the imports and helper functions they use.
    """
    writer = _Writer()
    writer.add(Value)
    title = ('"""Your engine: the Value class you wrote in lessons 02-05.\n\n'
             "Saved by lesson 05 (save_engine); lessons 06-08 load it with\n"
             "load_engine(). Edit the lesson and save again rather than this file.\n"
             '"""')
    path = _write(path, writer.text(title))
    print(f"Saved your Value to {path.name}: {_count(Value)}.")


def save_network(MLP, path="my_network.py"):
    """Write your network classes (``MLP`` and the classes it uses) to ``path``."""
    writer = _Writer()
    writer.add(MLP)
    title = ('"""Your network: the Module, Neuron, Layer and MLP you wrote in lesson 06.\n\n'
             "Saved by lesson 06 (save_network); lessons 07 and 08 load it, with\n"
             "your engine, with load_network().\n"
             '"""')
    path = _write(path, writer.text(title))
    names = [b.split("\n", 1)[0][6:].split("(")[0].rstrip(":")
             for b in writer.blocks if b.startswith("class ")]
    on = ("your Value from my_engine.py" if "from my_engine import Value" in writer.imports
          else "the finished Value" if "from autograd_helpers import Value" in writer.imports
          else None)
    print(f"Saved {', '.join(names)} to {path.name}" + (f", built on {on}." if on else "."))


def _count(cls):
    methods = [a for a, o in cls.__dict__.items() if _function_of(o) is not None]
    return f"{len(methods)} methods"


# ---------------------------------------------------------------------------
# Loading and checking
# ---------------------------------------------------------------------------

class _Failed(Exception):
    """A file is missing or fails a check (the message names it)."""


def _load_module(path, made_by):
    """Run the file ``path`` as the module named after it, from its text as it is now.

    The source is compiled here, never taken from ``__pycache__``: Python's
    cache trusts a file's time and size, so a file saved again within the
    same second with the same size would come back as its old code.
    """
    path = Path(path).absolute()
    if not path.exists():
        raise _Failed(f"{path.name} is not in this folder ({made_by} saves it)")
    name, filename = path.stem, str(path)
    importlib.invalidate_caches()  # a later `import my_engine` sees the new file too
    linecache.cache.pop(filename, None)  # tracebacks show the lines as they are now
    spec = importlib.util.spec_from_file_location(name, filename)
    module = importlib.util.module_from_spec(spec)
    saved = sys.modules.get(name)
    sys.modules[name] = module
    try:
        exec(compile(path.read_bytes(), filename, "exec", dont_inherit=True), module.__dict__)
    except Exception as err:
        if saved is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = saved
        raise _Failed(f"{path.name} could not be loaded ({type(err).__name__}: {err})") from None
    return module


# What lessons 06 to 08 call on your Value: (method, an example, where).
NEEDED = [
    ("__add__", "a + b", "every neuron adds up its weighted inputs"),
    ("__mul__", "a * b", "every neuron multiplies its inputs by its weights"),
    ("__radd__", "0 + a", "sum() starts from 0"),
    ("__rmul__", "2 * a", "lesson 08's loss computes y * score"),
    ("__neg__", "-a", "lesson 05 adds it"),
    ("__sub__", "a - b", "lesson 07's loss computes prediction - target"),
    ("__rsub__", "1 - a", "lesson 08's loss computes 1 - y * score"),
    ("__truediv__", "a / b", "lesson 05 adds it"),
    ("__rtruediv__", "2 / a", "lesson 05 adds it"),
    ("__pow__", "a ** 2", "lesson 07's loss squares each error"),
    ("exp", "a.exp()", "lesson 05 adds it"),
    ("tanh", "a.tanh()", "the neurons of lessons 06 and 07 use it"),
    ("relu", "a.relu()", "lesson 08's hidden neurons and loss use it"),
    ("backward", "a.backward()", "every lesson computes its gradients with it"),
]

# Each probe is evaluated with your Value and the finished one on INPUTS (as
# a, b, c): the result's value and every input's gradient must agree.  The
# order matters: each probe uses only what the probes before it have
# cleared, so the first that fails names the part that is wrong.  A probe is
# (formula, what a wrong gradient means, the method it is about).
INPUTS = (1.3, -0.7, 2.1)
PROBES = [
    # 1. one operation, each input used once: the local derivatives
    ("a + b", "slope", "__add__"),
    ("a * b", "slope", "__mul__"),
    ("a + 2", "slope", "__add__"), ("a * 2", "slope", "__mul__"),
    # 2. a chain: backward() must start at the top and work down
    ("(a * b + c) * 1.5", "order", None),
    # 3. an input used twice: its gradients must add up (+=), not replace each other (=)
    ("(a + b) + (a + c)", "sets", "__add__"), ("(b + a) + (c + a)", "sets", "__add__"),
    ("a + a", "sets", "__add__"),
    ("a * b + a * c", "sets", "__mul__"), ("b * a + c * a", "sets", "__mul__"),
    ("a * a", "sets", "__mul__"),
    # 4. every other operation, each input used once
    ("a ** 2", "slope", "__pow__"), ("b ** -2", "slope", "__pow__"),
    ("a.exp()", "slope", "exp"), ("a.tanh()", "slope", "tanh"), ("b.tanh()", "slope", "tanh"),
    ("a.relu()", "slope", "relu"), ("b.relu()", "slope", "relu"),
    ("(a + -1.2).relu() + (b + 0.6).relu()", "slope", "relu"),  # just right and left of 0
    ("-a", "slope", "__neg__"), ("a - b", "slope", "__sub__"), ("a / b", "slope", "__truediv__"),
    ("a - 1", "slope", "__sub__"),
    ("b / 2", "slope", "__truediv__"), ("2 + a", "slope", "__radd__"),
    ("2 * a", "slope", "__rmul__"), ("1 - a", "slope", "__rsub__"),
    ("2 / b", "slope", "__rtruediv__"), ("sum([a, b, c])", "slope", "__radd__"),
    # 5. each of them on an input used twice
    ("a ** 3 + a ** 2", "sets", "__pow__"), ("a ** 2 + a", "sets", "__pow__"),
    ("a.exp() + a.exp()", "sets", "exp"), ("a.exp() + a", "sets", "exp"),
    ("a.tanh() + a.tanh()", "sets", "tanh"), ("b.tanh() + b", "sets", "tanh"),
    ("a.relu() + a.relu()", "sets", "relu"), ("a.relu() + a", "sets", "relu"),
    ("b.relu() + b", "sets", "relu"),
    ("-a + -a", "sets", "__neg__"), ("(a - b) + (a - c)", "sets", "__sub__"),
    ("(b - a) + (c - a)", "sets", "__sub__"), ("a / b + a / c", "sets", "__truediv__"),
    ("b / a + c / a", "sets", "__truediv__"), ("(2 + a) + (3 + a)", "sets", "__radd__"),
    ("2 * a + 3 * a", "sets", "__rmul__"), ("(1 - a) + (2 - a)", "sets", "__rsub__"),
    ("2 / a + 3 / a", "sets", "__rtruediv__"),
    # 6. inner values reused at different depths: only reverse topological order
    #    gives every value its whole gradient before it passes it on
    ("((u := a * b) + u * u) * u", "order", None),
    ("((u := a * b + c).tanh() + u) * u.exp() - u", "order", None),
    ("(v := (a - b) ** 2) * (v + 1).relu() - v / (2 + v.tanh())", "order", None),
    ("(w := 3 * a - c) * (2 - w) / (-w).exp() + w ** 2 - 1 / w", "order", None),
    ("(t := (a * c).tanh()) * ((s := t + b) * s).relu() + 2 * s - t / s", "order", None),
]

# What a learner's slip in a reflected method computes instead.
_SWAPPED = {"1 - a": ("a - 1", "__rsub__ computes self - other; it should be other - self"),
            "2 / b": ("b / 2", "__rtruediv__ computes self / other; it should be other / self")}


def _method(name):
    return f"`{name}`" if name.startswith("__") else f"`{name}()`"


def _attribute_holding(v, test, skip=("data", "grad", "label")):
    """The name of one of v's attributes whose value passes ``test``, or None."""
    for name in sorted(getattr(v, "__dict__", {})):
        if name not in skip and test(getattr(v, name)):
            return name
    return None


def _holds(prev, *children):
    try:
        return {id(c) for c in prev} == {id(c) for c in children}
    except TypeError:
        return False


def _interface_problem(Value):
    """What is missing from your Value's interface (as lessons 06-08 use it), or None."""
    try:
        leaf = Value(1.5)
        data, grad = getattr(leaf, "data", None), getattr(leaf, "grad", None)
    except Exception as err:
        return f"Value(1.5) raises {type(err).__name__}: {err}"
    if data != 1.5:
        return f"Value(1.5).data is {describe(data)}, not 1.5"
    if not is_number(grad) or grad != 0:
        return f"Value(1.5).grad is {describe(grad)}, not 0 (a new value starts with gradient 0)"
    try:
        named = Value(0.5, label="w1")
    except TypeError as err:
        return (f'Value(0.5, label="w1") raises TypeError ({err}): give __init__ a `label=""` '
                "argument (lesson 06 names every weight with it)")
    if getattr(named, "label", None) != "w1":
        if not hasattr(named, "label"):
            other = _attribute_holding(named, lambda x: x == "w1", skip=())
            return ('Value(0.5, label="w1") has no `label` (lesson 06\'s graphs show it)'
                    + (f"; you called it `{other}`" if other else ""))
        return (f'Value(0.5, label="w1").label is {describe(named.label)}, '
                "not 'w1' (lesson 06's graphs show it)")
    for name, example, where in NEEDED:
        if not callable(getattr(Value, name, None)):
            return f"your Value has no {_method(name)}, so `{example}` fails ({where})"
    a, b = Value(2.0), Value(3.0)
    try:
        out = a * b
    except Exception as err:
        return f"`a * b` raises {_error(err)}"
    prev = getattr(out, "_prev", _Failed)
    if prev is _Failed:
        other = _attribute_holding(out, lambda x: _holds(x, a, b))
        return ("your Value has no `_prev` (lesson 06 draws graphs and counts their values "
                "from it)" + (f"; you called it `{other}`" if other else ""))
    if not _holds(prev, a, b):
        return f"(a * b)._prev is {describe(prev)}, not its two inputs a and b"
    if not _holds(out._prev, a, b):
        return (f"(a * b)._prev is {describe(prev)}, which can be read only once (lessons 06-08 "
                "read it again to draw and count a graph): keep the children in a tuple")
    if not _holds(getattr(leaf, "_prev", ())):
        return f"Value(1.5)._prev is {describe(leaf._prev)}: a value made by hand has no children"
    op = getattr(out, "_op", _Failed)
    if op is _Failed:
        other = _attribute_holding(out, lambda x: isinstance(x, str) and x != "")
        return ("your Value has no `_op` (lesson 06's graphs name each operation from it)"
                + (f"; you called it `{other}`" if other else ""))
    if not isinstance(op, str) or not op:
        return (f'(a * b)._op is {describe(op)}: it should name the operation, such as "*" '
                "(lesson 06's graphs show it)")
    for shown, v in (("a * b", out), ('Value(0.5, label="w1")', named)):
        try:
            repr(v)
        except Exception as err:
            return f"repr({shown}) raises {_error(err)} (the lessons show values with it)"
    return None


def _close(x, y, rel):
    return math.isclose(x, y, rel_tol=rel, abs_tol=rel * 1e-3)


def _error(err):
    """An exception your code raised, with a tip where its cause is a common slip."""
    said = f"{type(err).__name__}: {err}"
    if isinstance(err, TypeError) and "unhashable" in str(err):
        said += (" (a class that defines __eq__ without __hash__ cannot be kept in a set, "
                 "as backward() keeps values: remove __eq__)")
    elif isinstance(err, AttributeError) and str(err).startswith(("'int' ", "'float' ")):
        said += " (does every operation wrap a plain number in a Value first?)"
    return said


def _graph(root):
    """The values of root's graph (found through ``_prev``): those made by an
    operation, and the leaves."""
    found, todo, made, leaves = {id(root): root}, [root], [], []
    while todo:
        v = todo.pop()
        kids = list(getattr(v, "_prev", ()))
        (made if kids else leaves).append(v)
        for c in kids:
            if id(c) not in found:
                found[id(c)] = c
                todo.append(c)
    return made, leaves


def _walk_problem(out):
    """How your backward() walks the graph of ``out``, if that is what is wrong: it
    skips a value, runs one twice, runs one before a value that uses it, or starts
    before the output's own gradient is 1.  "" if the walk is right, None if it cannot
    be watched.  The same graph is walked again (its gradients set back to 0, each
    value's ``_backward`` wrapped to see it run), so a walk that depends on the order
    of a set goes the same way as before."""
    ran, start, patched = [], [], None

    def note(v):
        if not ran:
            start.append(out.grad)
        ran.append(id(v))
    try:
        made, leaves = _graph(out)
        for v in made + leaves:
            v.grad = 0
        try:
            for v in made + leaves:
                def watched(*args, _v=v, _run=v._backward, **kwargs):
                    note(_v)
                    return _run(*args, **kwargs)
                v._backward = watched
        except AttributeError:  # __slots__ without `_backward`: watch the class's method
            cls = type(out)
            method = cls.__dict__.get("_backward")
            if not callable(method):
                return None

            def watched_method(self, *args, **kwargs):
                note(self)
                return method(self, *args, **kwargs)
            patched = cls, method
            cls._backward = watched_method
        out.backward()
    except Exception:
        return None
    finally:
        if patched:
            patched[0]._backward = patched[1]
    if not ran:  # your backward() does not call `_backward` on each value
        return None
    if not is_number(start[0]) or start[0] != 1:
        return ("your backward() runs the backward functions before it sets self.grad = 1 "
                "(set it first)")
    if any(ran.count(id(v)) > 1 for v in made):
        return ("your backward() runs the backward of a shared value once per path to it, "
                "not once: the topological sort must add each value only once (is `visited` "
                "checked before visiting?)")
    if id(out) not in ran:
        return ("your backward() never runs the backward of the value it is called on (is "
                "that value left out of the order?)")
    if any(id(v) not in ran for v in made):
        return ("your backward() skips some values of the graph: the topological sort must "
                "add every value not yet visited (is `visited` keyed on the values themselves, "
                "not on their data?)")
    when = {i: k for k, i in enumerate(ran)}
    if any(when[id(c)] < when[id(v)] for v in made for c in v._prev if id(c) in when):
        return ("your backward() visits values in the wrong order: a value must pass its "
                "gradient on only after every value that uses it has added to it (reverse "
                "topological order)")
    return ""


def _grads(Value, formula):
    """Your gradients of a, b, c in ``formula`` and the finished engine's, or None."""
    f = eval(f"lambda a, b, c: {formula}")
    try:
        mine = [Value(x) for x in INPUTS]
        f(*mine).backward()
        got = [v.grad for v in mine]
    except Exception:
        return None
    ref = [autograd_helpers.Value(x) for x in INPUTS]
    f(*ref).backward()
    return got, [r.grad for r in ref]


def _agree(got, want):
    return all(is_number(g) and _close(g, w, 1e-7) for g, w in zip(got, want))


# One operation each, for _chain_problem: (formula, the method it is about).
CHAIN = [("a + b", "__add__"), ("a * b", "__mul__"), ("a ** 2", "__pow__"),
         ("a.exp()", "exp"), ("a.tanh()", "tanh"), ("a.relu()", "relu"), ("-a", "__neg__"),
         ("a - b", "__sub__"), ("a / b", "__truediv__"), ("2 + a", "__radd__"),
         ("2 * a", "__rmul__"), ("1 - a", "__rsub__"), ("2 / b", "__rtruediv__")]


def _chain_problem(Value):
    """The operation whose backward is right when its output is the last one (out.grad
    is 1) but not inside a bigger expression, where its inputs get the gradient they
    would get if out.grad were 1: it leaves out ``* out.grad``."""
    for formula, method in CHAIN:
        alone = _grads(Value, formula)
        if alone is None or not _agree(*alone):
            continue
        inside = _grads(Value, f"({formula}) * 2.5")
        if inside is None:
            continue
        for name, got, want, once in zip("abc", *inside, alone[0]):
            # out.grad is 2.5 here: a gradient as if it were 1 means it was left out
            if not _agree([got], [want]) and _agree([got], [once]):
                got = f"{got:.6g}" if is_number(got) else describe(got)
                return (f"your {_method(method)} backward leaves out out.grad: in "
                        f"`({formula}) * 2.5` your gradient of {name} is {got}, the finished "
                        f"engine's {want:.6g} (multiply the local slope by out.grad: the chain rule)")
    return None


def _probe_problem(Value, formula, kind, method):
    """What goes wrong in ``formula`` with your Value (compared with the finished one), or None."""
    f = eval(f"lambda a, b, c: {formula}")
    mine = [Value(x) for x in INPUTS]
    ref = [autograd_helpers.Value(x) for x in INPUTS]
    want = f(*ref)
    want.backward()
    try:
        out = f(*mine)
        if not isinstance(out, Value):
            tip = " (a `return out` missing?)" if out is None else ""
            return f"`{formula}` gives {describe(out)}, not a Value{tip}"
        if not is_number(out.data) or not _close(out.data, want.data, 1e-9):
            got = f"{out.data:.6g}" if is_number(out.data) else describe(out.data)
            said = f"`{formula}` gives {got}, the finished engine {want.data:.6g}"
            if formula in _SWAPPED and is_number(out.data):
                swapped, why = _SWAPPED[formula]
                if _close(out.data, eval(f"lambda a, b, c: {swapped}")(*INPUTS), 1e-9):
                    said += f": your {why}"
            return said
    except Exception as err:
        return f"`{formula}` raises {_error(err)}"
    try:
        out.backward()
    except Exception as err:
        return f"backward() on `{formula}` raises {_error(err)}"
    if not is_number(out.grad) or out.grad != 1:
        got = f"{out.grad:.6g}" if is_number(out.grad) else describe(out.grad)
        return (f"after backward() on `{formula}` its own grad is {got}, not 1: "
                "backward() should start with self.grad = 1")
    for name, v, r in zip("abc", mine, ref):
        if not is_number(v.grad):
            return f"after backward() in `{formula}`, {name}.grad is {describe(v.grad)}"
        if _close(v.grad, r.grad, 1e-7):
            continue
        said = (f"in `{formula}` your gradient of {name} is {v.grad:.6g}, "
                f"the finished engine's {r.grad:.6g}")
        walk = _walk_problem(out)
        if walk:
            return f"{walk}: {said}"
        chain = _chain_problem(Value)
        if chain:
            return chain
        if kind == "slope":
            return f"{said}: the backward of {_method(method)} has a wrong slope"
        if kind == "sets":
            return (f"your {_method(method)} backward assigns the gradient instead of adding to "
                    f"it (`=` where `+=` belongs): {said}")
        if walk is None:
            return (f"your backward() visits values in the wrong order: {said} (a value must "
                    "pass its gradient on only after every value that uses it has added to it)")
        return (f"{said}, although your backward() visits each value once, in a right order "
                "(so one of its operations computes a wrong gradient there)")
    return None


def _accumulation_problem(Value):
    """None if two backward() calls on graphs sharing inputs add up their gradients."""
    a, b = Value(1.3), Value(-0.7)
    try:
        for _ in range(2):
            (a * b + a).backward()
    except Exception as err:
        return f"a second backward() raises {_error(err)}"
    want = 2 * (-0.7 + 1)
    if not _close(a.grad, want, 1e-9):
        return (f"two backward() calls on a * b + a give a.grad = {a.grad:.6g}, not {want:.6g}: "
                "gradients must add up from one backward() to the next until zero_grad() "
                "(lessons 06 and 07 rely on it)")
    return None


def check_engine(Value):
    """None if ``Value`` has everything lessons 06 to 08 use and computes it right,
    else what is missing or wrong, in one sentence."""
    if not isinstance(Value, type):
        return "it has no Value class"
    problem = _interface_problem(Value)
    for formula, kind, method in PROBES:
        problem = problem or _probe_problem(Value, formula, kind, method)
    return problem or _accumulation_problem(Value)


CHECK_SECONDS = 30  # far more than a check takes; then a loop that never ends is stopped


def _quiet():
    """Hide what your code prints while it is being checked: the check says one line."""
    return contextlib.redirect_stdout(io.StringIO())


def _checked_engine(path):
    """The Value class of the file ``path`` (saved by lesson 05), if it passes check_engine."""
    name = Path(path).name
    with _quiet():
        module = _load_module(path, "lesson 05")
        Value = getattr(module, "Value", None)
        try:
            with time_limit(CHECK_SECONDS, "checking your Value"):
                problem = check_engine(Value)
        except Wrong as slow:  # a backward() that never ends, say
            problem = slow.message
        except Exception as err:  # raised where no check expected it
            mine = any(frame.f_code.co_filename == module.__file__
                       for frame, _ in traceback.walk_tb(err.__traceback__))
            if not mine:
                raise _Failed(f"the hand-over check itself failed ({type(err).__name__}: "
                              f"{err}), not your {name}") from None
            problem = f"checking your Value raises {_error(err)}"
    if problem:
        raise _Failed(f"{name} fails a check: {problem}")
    return Value


def load_engine(path="my_engine.py"):
    """Your Value from ``path`` (in the current folder), checked.

    Prints one line: that your engine is used, or why the finished one from
    autograd_helpers is used instead.  Returns the Value class to use.
    """
    try:
        Value = _checked_engine(path)
    except _Failed as why:
        print(f"{why}; going on with the finished Value from autograd_helpers.")
        return autograd_helpers.Value
    print(f"Using your Value from {Path(path).name} (it passed {len(PROBES) + 2} checks of "
          "what lessons 06 to 08 use: values, gradients and names).")
    return Value


def engine_name(Value):
    """How to name the engine that runs: "your engine", or the finished one after a fallback."""
    if Value is autograd_helpers.Value:
        return "the finished engine (standing in for yours)"
    return "your engine"


# ---------------------------------------------------------------------------
# The network
# ---------------------------------------------------------------------------

def _mirror(model):
    """The finished engine's copy of ``model``'s weights, layer by layer."""
    Ref = autograd_helpers.Value
    return [[([Ref(w.data) for w in n.w], Ref(n.b.data), n.activation) for n in layer.neurons]
            for layer in model.layers]


def _mirror_call(mirror, x, bias=True, last=None):
    """The mirror's output on x; without the biases, or with ``last`` as the last
    layer's activation, it is what a network with that slip computes."""
    for i, layer in enumerate(mirror):
        outs = []
        for ws, b, act in layer:
            act = last if last and i == len(mirror) - 1 else act
            z = sum((w * xi for w, xi in zip(ws, x)), b if bias else 0)
            outs.append(z.tanh() if act == "tanh" else z.relu() if act == "relu" else z)
        x = outs
    return x[0]


def _output_slip(mirror, xs, outs, Value):
    """What your network gets wrong, if its outputs are the mirror's with that slip."""
    if isinstance(outs[0], list) and len(outs[0]) == 1:
        return ("returns a list of one Value where the Value itself belongs (a layer of one "
                "neuron returns outs[0])")
    slips = [({"bias": False}, "leaves out each neuron's bias b (start the sum at b)")] + [
        ({"last": act}, f"gives the last layer {act} instead of its activation "
         "(final_activation)") for act in ("tanh", "relu", "linear")]
    for options, said in slips:
        if all(isinstance(o, Value) and is_number(o.data)
               and _close(o.data, _mirror_call(mirror, x, **options).data, 1e-9)
               for o, x in zip(outs, xs)):
            return said
    return None


def _structure_problem(model, shown):
    """What lessons 07-08 read from a network (layers, neurons, w, b, activation) that is missing."""
    layers = getattr(model, "layers", None)
    if not isinstance(layers, list) or not layers:
        return (f"{shown} has no list `layers` (lesson 07 reads model.layers[0].neurons[0].w[0], "
                "lesson 08 draws the boundary from them)")
    for layer in layers:
        if not isinstance(getattr(layer, "neurons", None), list):
            return f"a layer of {shown} has no list `neurons`"
        for n in layer.neurons:
            if not isinstance(getattr(n, "w", None), list):
                return f"a neuron of {shown} has no list of weights `w`"
            if not hasattr(n, "b"):
                return (f"a neuron of {shown} has no bias `b` (lesson 08 draws the boundary "
                        "from each neuron's w and b)")
            if getattr(n, "activation", None) not in ("tanh", "relu", "linear"):
                return (f"a neuron of {shown} has activation {describe(getattr(n, 'activation', None))}, "
                        'not "tanh", "relu" or "linear" (lesson 08 reads it)')
    return None


# Two networks as lessons 07 and 08 build them, each with its lesson's loss, on
# inputs as each lesson gives them (07: plain numbers, 08: Values).
NETWORK_CHECKS = [
    (3, [4, 4, 1], {}, [[2.0, 3.0, -1.0], [0.5, -1.0, 1.0]], [1.0, -1.0], False,
     lambda outs, ys, params: sum((o - y) ** 2 for o, y in zip(outs, ys))),
    (2, [5, 3, 1], {"activation": "relu", "final_activation": "linear"},
     [[1.2, 0.2], [-0.8, 0.5], [0.1, -0.3]], [-1, 1, 1], True,
     lambda outs, ys, params: (sum((1 - y * o).relu() for o, y in zip(outs, ys)) * (1.0 / len(ys))
                               + 1e-4 * sum(p * p for p in params))),
]


def _network_problem(MLP, Value):
    """(what is wrong, "engine" or "network") for your MLP on your Value, or (None, None)."""
    files = {getattr(sys.modules.get(cls.__module__), "__file__", None): who
             for cls, who in ((Value, "engine"), (MLP, "network"))}
    for nin, nouts, options, xs, ys, as_values, loss_of in NETWORK_CHECKS:
        shown = f"MLP({nin}, {nouts}{''.join(f', {k}={v!r}' for k, v in options.items())})"
        try:
            # a copy of nouts: your MLP may change the list it is given
            model = MLP(nin, list(nouts), rng=random.Random(0), **options)
            problem = _structure_problem(model, shown)
            if problem:
                return problem, "network"
            params = model.parameters()
            if not isinstance(params, list):
                return (f"{shown}.parameters() gives {describe(params)}, not a list (lesson 08 "
                        "counts them with len())", "network")
            placed = [p for layer in model.layers for n in layer.neurons for p in n.w + [n.b]]
            if len(params) != len(placed) or any(p is not q for p, q in zip(params, placed)):
                return (f"{shown}.parameters() does not list each neuron's weights, then its "
                        "bias, layer by layer", "network")
            sizes = [nin] + nouts
            count = sum((a + 1) * b for a, b in zip(sizes, sizes[1:]))
            if len(params) != count:
                return f"{shown} has {len(params)} parameters, not {count}", "network"
            finished = autograd_helpers.MLP(nin, nouts, rng=random.Random(0), **options)
            if [p.data for p in params] != [p.data for p in finished.parameters()]:
                again = MLP(nin, list(nouts), rng=random.Random(0), **options).parameters()
                if [p.data for p in params] != [p.data for p in again]:
                    return (f"{shown} ignores its rng: two networks made with "
                            "rng=random.Random(0) get different weights (pass rng on to "
                            "each Layer and Neuron, and draw from it)", "network")
                return (f"{shown} with rng=random.Random(0) does not start from the weights the "
                        "finished MLP draws from the same generator (lessons 07 and 08 compare "
                        "the two): draw each weight with rng.uniform(-1, 1), a neuron's weights "
                        "before its bias", "network")
            acts = [[n.activation for n in layer.neurons] for layer in model.layers]
            want = [[n.activation for n in layer.neurons] for layer in finished.layers]
            if acts != want:
                return f"{shown} gives its layers the activations {acts}, not {want}", "network"
            mirror = _mirror(model)
            outs = [model([Value(xi) for xi in x] if as_values else list(x)) for x in xs]
            wants = [_mirror_call(mirror, x) for x in xs]
            for out, want in zip(outs, wants):
                number = isinstance(out, Value) and is_number(out.data)
                if not number or not _close(out.data, want.data, 1e-9):
                    got = (f"{out.data:.6g}" if number else describe(out) if not isinstance(
                        out, Value) else f"a Value holding {describe(out.data)} as its data")
                    slip = _output_slip(mirror, xs, outs, Value)
                    return (f"{shown} outputs {got}, the finished engine {want.data:.6g} on "
                            "the same weights" + (f": your network {slip}" if slip else ""),
                            "network")
            refs = [p for layer in mirror for ws, b, _ in layer for p in ws + [b]]
            if not callable(getattr(model, "zero_grad", None)):
                return (f"{shown} has no zero_grad() (lessons 07 and 08 call it at every step; "
                        "the Module base class gives it to every class)", "network")
            weights = [p.data for p in params]
            model.zero_grad()
            if [p.data for p in params] != weights:
                return (f"zero_grad() of {shown} changes the weights: it should set each "
                        "p.grad to 0 and leave p.data alone", "network")
            left = [p.grad for p in params if not is_number(p.grad) or p.grad != 0]
            if left:
                return (f"zero_grad() of {shown} sets a gradient to {describe(left[0])}, "
                        "not 0", "network")
            loss_of(outs, ys, params).backward()
            loss_of(wants, ys, refs).backward()
            for p, r, where in zip(params, refs, _places(model)):
                if not is_number(p.grad) or not _close(p.grad, r.grad, 1e-7):
                    got = f"{p.grad:.6g}" if is_number(p.grad) else describe(p.grad)
                    return (f"in {shown} your gradient of {where} is {got}, the "
                            f"finished engine's {r.grad:.6g} on the same weights (is every "
                            "step built from Value operations, without .data?)", "network")
            model.zero_grad()
            if any(p.grad != 0 for p in params):
                return f"zero_grad() of {shown} leaves gradients that are not 0", "network"
        except Exception as err:
            blamed, where, held = None, "", None
            for frame, _ in traceback.walk_tb(err.__traceback__):
                who = files.get(frame.f_code.co_filename)
                if who:  # the last of your functions that ran
                    blamed, name = who, frame.f_code.co_name
                    where = {"engine": " in your Value", "network": " in your network"}[who] + (
                        f" (in {name}())" if name.isidentifier() else "")
                    data = getattr(frame.f_locals.get("self"), "data", 0)
                    held = held or (not is_number(data) and isinstance(data, Value) and data)
            if blamed == "engine" and held:  # your Value passed its checks: the input is odd
                return (f"{shown} raises {type(err).__name__}{where}: {err}, on a Value whose "
                        "data is itself a Value: your network wraps a Value in Value() again",
                        "network")
            tip = (" (lessons 07 and 08 pass rng=random.Random(seed); draw the weights "
                   "with rng.uniform(-1, 1))" if isinstance(err, TypeError) and "rng" in str(err)
                   else "")
            return (f"{shown} raises {type(err).__name__}{where}: {err}{tip}",
                    blamed or "network")
    return None, None


def _places(model):
    return [f"layers[{i}].neurons[{j}]." + (f"w[{k}]" if k < len(n.w) else "b")
            for i, layer in enumerate(model.layers) for j, n in enumerate(layer.neurons)
            for k in range(len(n.w) + 1)]


def check_network(MLP, Value):
    """None if your MLP builds, computes and differentiates networks as the finished one does."""
    return _network_problem(MLP, Value)[0]


def load_network(path="my_network.py", engine="my_engine.py"):
    """Your Value (from ``engine``) and your MLP (from ``path``), both checked.

    ``path`` starts with ``from my_engine import Value``; that import gets
    the engine loaded here from the current folder.  Prints one line and
    returns ``(Value, MLP)``: yours, or the finished ones from
    autograd_helpers if a file is missing or fails a check.  A failure
    inside your Value while the network runs is blamed on ``engine``.
    """
    try:
        Value = _checked_engine(engine)
        with _quiet():
            network = _load_module(path, "lesson 06")
        MLP = getattr(network, "MLP", None)
        if MLP is None:
            raise _Failed(f"{Path(path).name} has no MLP")
        if getattr(network, "Value", Value) is not Value:
            raise _Failed(f"{Path(path).name} was saved on another Value than the one in "
                          f"{Path(engine).name} (run lesson 06 again to build it on yours)")
        with _quiet():
            try:
                with time_limit(CHECK_SECONDS, "checking your MLP"):
                    problem, blamed = _network_problem(MLP, Value)
            except Wrong as slow:
                problem, blamed = slow.message, "network"
        if problem:
            raise _Failed(f"{Path(engine if blamed == 'engine' else path).name} fails a check: "
                          f"{problem}")
    except _Failed as why:
        print(f"{why}; going on with the finished Value and MLP from autograd_helpers.")
        return autograd_helpers.Value, autograd_helpers.MLP
    print(f"Using your Value from {Path(engine).name} and your MLP from "
          f"{Path(path).name} (both passed their checks).")
    return Value, MLP

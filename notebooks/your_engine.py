"""Your engine, saved to a file and loaded back: the hand-over between lessons.

    save_engine(Value)        # lesson 05: your Value -> my_engine.py
    Value = load_engine()     # lesson 06: my_engine.py -> your Value, checked
    save_network(MLP)         # lesson 06: your Module, Neuron, Layer, MLP -> my_network.py
    Value, MLP = load_network()   # lessons 07, 08: both files, checked

Saving writes readable Python: the methods you wrote (in the class or
attached later with ``Value.name = function``) as they appear in your
cells, with the imports they need.  The same code always gives the same
file, byte for byte.

Loading goes by path (the file in the current folder), never by import
name, so it always finds *your* file.  What it loads is checked against the
finished engine in ``autograd_helpers.py``: values and gradients (with
``gradcheck``) on a few expressions, and for the network its outputs and
parameters.  If a file is missing or fails a check, one line says so and
the finished ``Value`` (and ``MLP``) from ``autograd_helpers`` are returned
instead, so the lesson goes on.
"""

import ast
import builtins
import dis
import importlib.util
import inspect
import math
import random
import sys
import textwrap
import types
from pathlib import Path

import autograd_helpers

__all__ = ["save_engine", "load_engine", "save_network", "load_network",
           "check_engine", "check_network", "SaveError"]


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
    print(f"Saved {', '.join(names)} to {path.name}.")


def _count(cls):
    methods = [a for a, o in cls.__dict__.items() if _function_of(o) is not None]
    return f"{len(methods)} methods"


# ---------------------------------------------------------------------------
# Loading and checking
# ---------------------------------------------------------------------------

# Each expression is evaluated with your Value and with the finished one
# (values must agree) and checked with gradcheck (gradients must agree with
# central differences).  Inputs sit away from relu's kink.
ENGINE_CHECKS = [
    "a * b + c", "a - b", "a / b", "-a", "a ** 3", "b ** -2", "a.exp()", "(a * b).tanh()",
    "a.relu() + b.relu()", "a.relu() + a", "b.relu() + b", "2 + a", "3 * b", "1 - a", "2 / b",
    "a * a + a", "sum([a, b, c])", "(1 - a * b).relu() * c",
]
ENGINE_INPUTS = [1.3, -0.7, 2.1]


class _Failed(Exception):
    pass


def _load_module(path, made_by):
    path = Path(path)
    if not path.exists():
        raise _Failed(f"{path.name} is not in this folder ({made_by} saves it)")
    name = path.stem
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    saved = sys.modules.get(name)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as err:
        if saved is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = saved
        raise _Failed(f"{path.name} could not be loaded ({type(err).__name__}: {err})") from None
    return module


def check_engine(Value):
    """None if ``Value`` passes every check, else what went wrong (one sentence)."""
    if not isinstance(Value, type):
        return "it has no Value class"
    Ref = autograd_helpers.Value
    for formula in ENGINE_CHECKS:
        f = eval(f"lambda a, b, c: {formula}")
        try:
            ours = f(*[Value(x) for x in ENGINE_INPUTS])
            want = f(*[Ref(x) for x in ENGINE_INPUTS]).data
            if not isinstance(ours, Value):
                return f"{formula} gives {type(ours).__name__}, not a Value"
            if not math.isclose(ours.data, want, rel_tol=1e-9, abs_tol=1e-12):
                return f"{formula} gives {ours.data!r}, the finished engine {want!r}"
            report = autograd_helpers.gradcheck(f, ENGINE_INPUTS, value_class=Value,
                                                names="abc")
        except Exception as err:
            return f"{formula} raises {type(err).__name__}: {err}"
        if not report:
            bad = max(range(3), key=lambda i: report.errors[i])
            return (f"in {formula} the gradient of {'abc'[bad]} is "
                    f"{report.analytic[bad]:.6g}, nudging says {report.numeric[bad]:.6g}")
    return None


def _checked_engine(path):
    """The Value class of the file ``path`` (saved by lesson 05), if it passes check_engine."""
    Value = getattr(_load_module(path, "lesson 05"), "Value", None)
    problem = check_engine(Value)
    if problem:
        raise _Failed(f"{Path(path).name} fails a check: {problem}")
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
    print(f"Using your Value from {Path(path).name} "
          f"(it passed {len(ENGINE_CHECKS)} value and gradient checks).")
    return Value


def _plain_forward(model, x):
    """What an MLP should output, computed with plain floats from its own weights."""
    act = {"tanh": math.tanh, "relu": lambda z: max(z, 0.0), "linear": lambda z: z}
    for layer in model.layers:
        outs = []
        for n in layer.neurons:
            total = n.b.data
            for w, xi in zip(n.w, x):
                total += w.data * xi
            outs.append(act[getattr(n, "activation", "tanh")](total))
        x = outs
    return x[0]


def check_network(MLP, Value):
    """None if your MLP builds, computes and lists its parameters right."""
    for nin, nouts, options in [(3, [4, 4, 1], {}),
                                (2, [5, 3, 1], {"activation": "relu",
                                                "final_activation": "linear"})]:
        shown = f"MLP({nin}, {nouts}{''.join(f', {k}={v!r}' for k, v in options.items())})"
        try:
            model = MLP(nin, nouts, rng=random.Random(0), **options)
            again = MLP(nin, nouts, rng=random.Random(0), **options)
            params = model.parameters()
            x = [0.5 * (i + 1) * (-1) ** i for i in range(nin)]
            out = model([Value(xi) for xi in x])
            want = _plain_forward(model, x)
            sizes = [nin] + nouts
            count = sum((a + 1) * b for a, b in zip(sizes, sizes[1:]))
            if len(params) != count:
                return f"{shown} has {len(params)} parameters, not {count}"
            if [p.data for p in params] != [p.data for p in again.parameters()]:
                return f"{shown} with rng=random.Random(0) does not start from the same weights twice"
            if not isinstance(out, Value) or not math.isclose(out.data, want, rel_tol=1e-9,
                                                              abs_tol=1e-12):
                got = out.data if isinstance(out, Value) else out
                return f"{shown} outputs {got!r}, its weights give {want!r}"
            out.backward()
            model.zero_grad()
            if any(p.grad != 0 for p in params):
                return f"zero_grad() of {shown} leaves gradients that are not 0"
        except Exception as err:
            return f"{shown} raises {type(err).__name__}: {err}"
    return None


def load_network(path="my_network.py", engine="my_engine.py"):
    """Your Value (from ``engine``) and your MLP (from ``path``), both checked.

    ``path`` starts with ``from my_engine import Value``; that import gets
    the engine loaded here from the current folder.  Prints one line and
    returns ``(Value, MLP)``: yours, or the finished ones from
    autograd_helpers if a file is missing or fails a check.
    """
    try:
        Value = _checked_engine(engine)
        network = _load_module(path, "lesson 06")
        MLP = getattr(network, "MLP", None)
        if MLP is None:
            raise _Failed(f"{Path(path).name} has no MLP")
        if getattr(network, "Value", Value) is not Value:
            raise _Failed(f"{Path(path).name} was saved on another Value than the one in "
                          f"{Path(engine).name} (run lesson 06 again to build it on yours)")
        problem = check_network(MLP, Value)
        if problem:
            raise _Failed(f"{Path(path).name} fails a check: {problem}")
    except _Failed as why:
        print(f"{why}; going on with the finished Value and MLP from autograd_helpers.")
        return autograd_helpers.Value, autograd_helpers.MLP
    print(f"Using your Value from {Path(engine).name} and your MLP from "
          f"{Path(path).name} (both passed their checks).")
    return Value, MLP

"""The exercise framework: how every lesson checks a learner's answer.

``Exercise`` bundles a title, a checker, a ladder of hints and a reference
answer; ``ex.check(answer)`` runs the checker and says in plain words whether
the answer is not attempted yet, correct, or wrong (and which common mistake
it looks like); ``ex.hint()`` and ``ex.solution()`` help a learner who is
stuck.  A checker raises ``Wrong(message, mistake)`` or ``NotAttempted``.

Before a checker computes with what the learner's code gave back, it checks
what that is, with one of the ``expect_*`` helpers here (``returned`` catches
the commonest slip, a missing ``return``): a dict, a list, a string or None
where a number belongs is named as such, in the learner's terms, never as
the checker's own TypeError.  ``Exercise`` itself checks that it was given a
function (or a class) that takes the right arguments, and recognises a stub's
``raise NotImplementedError`` left below finished code.  ``BareValue`` is the
one lesson-style engine the checks build their test graphs with, and
``counting_walks`` counts (and stops) a graph walk that does too much work.
"""

import ast
import contextlib
import functools
import inspect
import linecache
import numbers
import os
import random
import re
import signal
import sys
import sysconfig
import textwrap
import threading


class NotAttempted(Exception):
    """Raised by a check when the learner's stub is still untouched."""


class Wrong(Exception):
    """Raised by a check: the answer is not right yet.

    ``mistake`` names a common mistake the check recognised (for example
    "assign-instead-of-accumulate"); None when the answer is just wrong.
    """

    def __init__(self, message, mistake=None):
        super().__init__(message)
        self.message = message
        self.mistake = mistake


# ---------------------------------------------------------------------------
# Saying what the learner's code gave back, and checking it
# ---------------------------------------------------------------------------

def _short(text, limit=60):
    text = str(text)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _is_value(x):
    return hasattr(x, "data") and hasattr(x, "_prev")


def is_number(x):
    """True for a real number (int, float, numpy scalar), not a bool."""
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _number_text(x):
    """A number as a learner reads it: 2.0000000000000004 as 2, short ones as written."""
    text = repr(x)
    return text if len(text) <= 10 or not isinstance(x, float) else f"{x:.6g}"


def _plain_repr(x):
    """repr(x) for a list, tuple or dict, with long floats and Values shortened
    (the 0.30000000000000004s of float arithmetic are noise to a learner)."""
    if isinstance(x, float):
        return _number_text(x)
    if _is_value(x) and is_number(x.data):
        return f"{type(x).__name__}(data={x.data:.6g})"
    if isinstance(x, dict):
        return "{" + ", ".join(f"{_plain_repr(k)}: {_plain_repr(v)}" for k, v in x.items()) + "}"
    if isinstance(x, (list, tuple)) and type(x) in (list, tuple):
        inner = ", ".join(_plain_repr(v) for v in x)
        return (f"[{inner}]" if isinstance(x, list)
                else f"({inner}{',' if len(x) == 1 else ''})")
    return repr(x)


def describe(x):
    """What ``x`` is, in a learner's words: "None", "the string '0.5'",
    "a dict ({'a': 1})", "a list of 3 items ([1, 2, 3])", "a Value (data=2.0)"."""
    if x is None:
        return "None"
    if isinstance(x, bool):
        return f"the boolean {x}"
    if is_number(x):
        return f"the number {_number_text(x)}"
    if isinstance(x, str):
        return f"the string {_short(repr(x))}"
    if _is_array(x):
        if x.ndim == 0:
            return f"a numpy number ({x.item()!r})"
        return f"a numpy array of shape {tuple(x.shape)}"
    if _is_value(x):
        if _is_array(x.data):
            return f"a {type(x).__name__} of shape {tuple(x.data.shape)}"
        data = f"{x.data:.6g}" if is_number(x.data) else repr(x.data)
        return f"a {type(x).__name__} (data={data})"
    if inspect.isclass(x):
        return f"the class {x.__name__}"
    if inspect.isgenerator(x):
        return "a generator (a comprehension in round brackets; use [...] for a list)"
    if callable(x) and hasattr(x, "__name__"):
        return f"the function {x.__name__}"
    if isinstance(x, dict):
        n = len(x)
        return f"a dict of {n} item{'s' * (n != 1)} ({_short(_plain_repr(x))})"
    if isinstance(x, (list, tuple, set, frozenset)):
        n = len(x)
        return (f"a {type(x).__name__} of {n} item{'s' * (n != 1)} "
                f"({_short(_plain_repr(x))})")
    return f"a {type(x).__name__} ({_short(repr(x))})"


def returned(got, tip="Finish with `return`.", what="your function"):
    """Pass ``got`` through, or name the commonest slip: no ``return``.

    Checkers call it on whatever the learner's code gave back, e.g.
    ``out = returned(answer(a, b), "Finish with `return out`.")``.
    """
    if got is None:
        raise Wrong(f"{what} returned None. {tip}", "returned-none")
    return got


def _as_float(x, what):
    """``x`` as a float, or Wrong for an int too large for one."""
    try:
        return float(x)
    except OverflowError:
        raise Wrong(f"{what} returned an integer with {len(str(abs(int(x))))} digits, "
                    "too large for a float; expected an ordinary number.",
                    "not-a-number") from None


def expect_number(got, what="your function", tip="Finish with `return` and the number.",
                  example=""):
    """``got`` as a float, or Wrong naming what came back instead of a number.

    ``what`` names the call in the learner's terms ("my_slope(f, x, h)"),
    ``example`` may show the number that was expected ("such as 4.25").
    """
    returned(got, tip, what)
    if is_number(got):
        return _as_float(got, what)
    expected = "a number" + (f", {example}" if example else "")
    if _is_value(got):
        raise Wrong(f"{what} returned {describe(got)}; expected a plain number. "
                    "Give back the number itself (its .data), not the Value.",
                    "not-a-number")
    if isinstance(got, str):
        raise Wrong(f"{what} returned {describe(got)} (text); expected "
                    f"{expected}. Drop the quotes (and any f-string or str()): "
                    "return the number itself.", "not-a-number")
    raise Wrong(f"{what} returned {describe(got)}; expected {expected}.",
                "not-a-number")


def expect_numbers(got, length, what="your function", names=None,
                   tip="Finish with `return` and the numbers."):
    """``got`` as a list of ``length`` floats, or Wrong naming what came back.

    ``names`` says what the numbers are, e.g. "(dd/da, dd/db, dd/dc)".
    """
    returned(got, tip, what)
    wanted = f"{length} numbers" + (f", {names}" if names else "")
    if not isinstance(got, (list, tuple)) and not (
            hasattr(got, "__len__") and hasattr(got, "__getitem__")
            and not isinstance(got, (str, dict)) and not _is_value(got)
            and not (_is_array(got) and got.ndim == 0)):
        raise Wrong(f"{what} returned {describe(got)}; expected a tuple of "
                    f"{wanted}.", "not-numbers")
    items = list(got)
    if len(items) != length:
        raise Wrong(f"{what} returned {describe(got)}; expected {wanted}, "
                    f"not {len(items)}.", "wrong-length")
    for i, item in enumerate(items, 1):
        if not is_number(item):
            raise Wrong(f"{what} returned {describe(got)}: item {i} is "
                        f"{describe(item)}, but all {length} must be plain "
                        "numbers.", "not-numbers")
    return [_as_float(g, what) for g in items]


def expect_value(got, what="your function", tip="Finish with `return out`.",
                 expected="a Value"):
    """``got`` itself when it is a Value (it has .data and ._prev), else Wrong
    naming what came back.  Its .data must be a number too."""
    returned(got, tip, what)
    if not _is_value(got):
        extra = ""
        if is_number(got):
            extra = (" A plain number has no graph behind it: compute with the "
                     "Values themselves (not their .data), so the result is a "
                     "Value that remembers how it was made.")
        raise Wrong(f"{what} returned {describe(got)}; expected {expected}.{extra}",
                    "not-a-value")
    if not is_number(got.data):
        raise Wrong(f"{what} returned a {type(got).__name__} whose data is "
                    f"{describe(got.data)}; its data should be a number.",
                    "not-a-value")
    return got


def expect_list(got, what="your function", expected="a list",
                tip="Finish with `return` and the list."):
    """``got`` as a list when it is a list or tuple, else Wrong naming it."""
    returned(got, tip, what)
    if isinstance(got, (list, tuple)):
        return list(got)
    raise Wrong(f"{what} returned {describe(got)}; expected {expected}.",
                "not-a-list")


def _is_array(x):
    return type(x).__module__ == "numpy" and type(x).__name__ == "ndarray"


def _shape_hint(got_shape, shape):
    """A likely reason why an array came back as ``got_shape`` instead of ``shape``."""
    got_shape, shape = tuple(got_shape), tuple(shape)
    if tuple(d for d in got_shape if d != 1) == tuple(d for d in shape if d != 1):
        return (" The numbers may be right, but there is an extra (or a missing) "
                "axis of length 1: did you use keepdims=True, or reshape?")
    if len(shape) == 2 and got_shape == shape[::-1]:
        return " It looks transposed: check which axis is which."
    if len(got_shape) == len(shape) - 1 or len(got_shape) == len(shape) + 1:
        return " Did you sum (or not sum) over an axis, or over the wrong one?"
    if len(got_shape) == len(shape):
        return " Did you sum over the wrong axis?"
    return ""


def expect_array(got, shape, what="your function", name="the result",
                 tip="Finish with `return` and the array."):
    """``got`` as a float numpy array of exactly ``shape``, or Wrong naming
    what came back: None, a Tensor (whose array is its .data), something that
    is not numbers, or a wrong shape, named as a shape before any number is
    compared."""
    import numpy as np
    returned(got, tip, what)
    shape = tuple(shape)
    if hasattr(got, "data") and _is_array(getattr(got, "data", None)):
        raise Wrong(f"{what} gave {name} as a {type(got).__name__} of shape "
                    f"{tuple(got.data.shape)}; expected a plain numpy array of "
                    f"shape {shape}. Give back its array, {name}.data, or compute "
                    "with arrays.", "tensor-not-array")
    if isinstance(got, (str, dict)) or _is_value(got) or got is Ellipsis:
        raise Wrong(f"{what} gave {name} as {describe(got)}; expected a numpy "
                    f"array of shape {shape}.", "not-an-array")
    try:
        arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise Wrong(f"{what} gave {name} as {describe(got)}, which is not an "
                    f"array of numbers; expected a numpy array of shape {shape}.",
                    "not-an-array") from None
    if arr.shape != shape:
        raise Wrong(f"{what} gave {name} with shape {arr.shape}; expected shape "
                    f"{shape} (a gradient always has the shape of what it is "
                    f"the gradient of).{_shape_hint(arr.shape, shape)}", "wrong-shape")
    return arr


# ---------------------------------------------------------------------------
# Calling the learner's code: on copies, within a time limit
# ---------------------------------------------------------------------------

def _plain_copy(x):
    """A copy of plain data (lists, tuples, dicts, arrays, numbers); anything
    else (a Value, a function, a network) is passed as it is."""
    if _is_array(x):
        return x.copy()
    if isinstance(x, list):
        return [_plain_copy(v) for v in x]
    if isinstance(x, tuple):
        return tuple(_plain_copy(v) for v in x)
    if isinstance(x, dict):
        return {k: _plain_copy(v) for k, v in x.items()}
    return x


def _fingerprint(x):
    """What must not change in an argument: its items (by identity for
    objects, by value for numbers and arrays), recursively."""
    if _is_array(x):
        return ("array", x.shape, x.tobytes())
    if isinstance(x, (list, tuple)):
        return (type(x).__name__, tuple(_fingerprint(v) for v in x))
    if isinstance(x, dict):
        return ("dict", tuple((k, _fingerprint(v)) for k, v in x.items()))
    if isinstance(x, (numbers.Number, str, bytes)) or x is None:
        return ("value", repr(x))
    return ("object", id(x))


def call(fn, *args, what=None, names=None):
    """``fn(*args)`` on copies of the plain-data arguments, so the checker's
    own inputs stay as they were; Wrong ("changed-input") when the call
    changed one of the copies it was given (replaced, added or removed items,
    wrote into an array).  Returns what ``fn`` returned."""
    copies = [_plain_copy(a) for a in args]
    before = [_fingerprint(c) for c in copies]
    got = fn(*copies)
    for i, (c, fp) in enumerate(zip(copies, before)):
        if _fingerprint(c) != fp:
            arg = names[i] if names and i < len(names) else f"argument {i + 1}"
            call_text = what or getattr(fn, "__name__", "your function")
            before_text, after_text = describe(args[i]), describe(c)
            if before_text != after_text:
                how = f"it was {before_text} before the call and {after_text} after"
            elif _is_array(c):
                how = "it wrote new numbers into that array"
            else:
                how = f"some of its items were replaced or changed ({before_text})"
            raise Wrong(f"{call_text} changed its input {arg}: {how}. Work on a "
                        "copy, or build a new result, and leave what you were "
                        "given as it was: the caller may still need it.",
                        "changed-input")
    return got


class _TimeUp(BaseException):
    """Stops the learner's code at a time limit (a BaseException, so that an
    `except Exception` in that code cannot swallow it)."""


@contextlib.contextmanager
def time_limit(seconds, what="your code"):
    """Stop the block after ``seconds`` of wall time with Wrong("too-slow").

    Works on the main thread (where a notebook runs its cells); elsewhere, or
    where signals are missing, the block runs without a limit."""
    usable = (hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def stop(signum, frame):
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _TimeUp:
        raise Wrong(f"{what} ran for more than {seconds:g} s and was stopped. "
                    "Look for a loop that never ends, or work that grows "
                    "much faster than it should.", "too-slow") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------------------
# Fresh inputs for every attempt
# ---------------------------------------------------------------------------

_attempt = {"name": "", "number": 0}


def attempt_rng(seed=0):
    """A random.Random for the attempt being checked: seeded by ``seed``, the
    exercise and its attempt number, so every attempt draws new inputs (an
    answer fitted to one attempt's inputs fails the next) and a fresh kernel
    draws the same ones again."""
    return random.Random(f"{seed}:{_attempt['name']}:{_attempt['number']}")


def attempt_np_rng(seed=0):
    """A numpy Generator for the attempt being checked (see attempt_rng)."""
    import numpy as np
    return np.random.default_rng(attempt_rng(seed).getrandbits(64))


# ---------------------------------------------------------------------------
# Whose error is it?
# ---------------------------------------------------------------------------

_SERIES = {os.path.join(os.path.dirname(os.path.abspath(__file__)), name)
           for name in os.listdir(os.path.dirname(os.path.abspath(__file__)))
           if name.endswith(".py") and name not in ("my_engine.py", "my_network.py")}
_SERIES |= {os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                         name) for name in ("autograd_helpers.py", "autograd_tensor.py")}
_LIBRARIES = tuple(sorted({os.path.abspath(p) + os.sep for p in (
    sysconfig.get_paths().get("stdlib"), sysconfig.get_paths().get("purelib"),
    sysconfig.get_paths().get("platlib"), sys.prefix, sys.base_prefix,
    sys.exec_prefix) if p}))


def is_learner_code(filename):
    """True for code a learner wrote: a notebook cell, their own saved
    module, a test file; False for the series' own modules (checkers, the
    finished engines) and for Python's and installed packages' code."""
    if not filename or filename.startswith("<frozen"):
        return False
    path = os.path.abspath(filename)
    if path in _SERIES or os.path.basename(path).startswith("exercises_"):
        return False
    return not path.startswith(_LIBRARIES)


def learner_raised(exc):
    """True when the learner's own code was running when ``exc`` was raised
    (some frame of its traceback is learner code)."""
    tb = exc.__traceback__
    while tb is not None:
        if is_learner_code(tb.tb_frame.f_code.co_filename):
            return True
        tb = tb.tb_next
    return False


# ---------------------------------------------------------------------------
# The lesson's own classes, and graphs the learner's code returned
# ---------------------------------------------------------------------------

def lesson_class(answer, name, finished, works):
    """The class the answer's own cells call ``name`` (the lesson's Value or
    MLP: the learner's, or the finished one), when ``works(cls)`` says it
    does what the check needs; else ``finished``.  An answer is checked with
    the classes it was written against, so that `Value(0.0) + ...` inside it
    meets Values of its own kind."""
    cls = getattr(answer, "__globals__", {}).get(name)
    if not isinstance(cls, type) or cls is finished:
        return finished
    try:
        return cls if works(cls) else finished
    except Exception:  # a class that cannot do what the check needs
        return finished


def broken_graph(root, limit=200_000):
    """Why the graph behind ``root`` (a Value or a Tensor the learner's code
    returned) cannot be walked, in the learner's words; None when it can.
    Checks call it before they walk the graph or run backward() on it."""
    seen, todo = set(), [root]
    while todo and len(seen) < limit:
        v = todo.pop()
        if id(v) in seen:
            continue
        seen.add(id(v))
        children = getattr(v, "_prev", None)
        if not isinstance(children, (tuple, list, set, frozenset)):
            return (f"a value in it has {describe(children)} as its children "
                    "(_prev), where a tuple of Values belongs")
        for child in children:
            if not (hasattr(child, "data") and hasattr(child, "_prev")):
                return (f"a value in it has {describe(child)} among its children "
                        "(_prev), where only Values belong")
            todo.append(child)
    return None


def backward_on(out, what):
    """``out.backward()``, with a graph checked first; Wrong when what the
    learner returned cannot run it (a broken graph, a _backward or grad set by
    hand), never the check's own error."""
    problem = broken_graph(out)
    if problem:
        raise Wrong(f"{what} returned a {type(out).__name__} whose graph is broken: "
                    f"{problem}. Build it with the operations (+, -, *, **, "
                    f"relu()), not by hand.", "broken-graph")
    try:
        out.backward()
    except Exception as e:  # noqa: BLE001 -- said in the learner's words below
        if learner_raised(e):
            raise
        raise Wrong(f"backward() failed on what {what} returned "
                    f"({type(e).__name__}: {e}): did your code change its "
                    "_backward, grad or _prev by hand?", "broken-graph") from None


# ---------------------------------------------------------------------------
# A stub's `raise NotImplementedError` left behind
# ---------------------------------------------------------------------------

def _is_stub_raise(stmt):
    if not isinstance(stmt, ast.Raise) or stmt.exc is None:
        return False
    exc = stmt.exc.func if isinstance(stmt.exc, ast.Call) else stmt.exc
    return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"


def _is_filler(stmt):
    """A stub line that is not the learner's code: pass, ..., a docstring."""
    return (isinstance(stmt, ast.Pass) or _is_stub_raise(stmt)
            or (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)))


def _stub_statements(stub):
    """ast.dump of every statement of the stub's code (the lines it gave)."""
    if not stub:
        return set()
    try:
        tree = ast.parse(textwrap.dedent(stub))
    except SyntaxError:
        return set()
    return {ast.dump(node) for node in ast.walk(tree) if isinstance(node, ast.stmt)}


def leftover_stub(exc, stub=None):
    """Where a stub's ``raise NotImplementedError`` was left with new code
    around it, or None when the stub looks untouched.

    ``exc`` is the NotImplementedError; the function that raised it is read
    back with inspect (which works for functions defined in notebook cells
    too).  Its lines other than the raise, ``pass``, ``...``, a docstring and
    the lines the stub itself gave (``stub``, its source) are the learner's
    new code.  Returns (function name, "below" or "above"): where the raise
    sits relative to that code.
    """
    tb = getattr(exc, "__traceback__", None)
    if tb is None:
        return None
    while tb.tb_next is not None:
        tb = tb.tb_next
    code = tb.tb_frame.f_code
    if os.path.basename(code.co_filename).startswith("exercise"):
        return None  # raised by a checker, not by the learner's code
    try:
        lines, first = inspect.getsourcelines(code)
        tree = ast.parse(textwrap.dedent("".join(lines)))
    except (OSError, TypeError, SyntaxError, IndentationError):
        return None
    if not tree.body or not isinstance(tree.body[0], (ast.FunctionDef,
                                                      ast.AsyncFunctionDef)):
        return None
    body = tree.body[0].body
    line = tb.tb_lineno - max(first, 1) + 1
    raising = [s for s in body if s.lineno <= line <= (s.end_lineno or s.lineno)]
    if len(raising) != 1 or not _is_stub_raise(raising[0]):
        return None  # a NotImplementedError raised deeper inside some code
    known = _stub_statements(stub)
    new = [s for s in body if not _is_filler(s) and ast.dump(s) not in known]
    if not new:
        return None
    name = getattr(code, "co_qualname", code.co_name).replace(".<locals>.", "'s ")
    where = "below" if all(s.lineno < raising[0].lineno for s in new) else "above"
    return name, where


def leftover_message(found):
    """The message for a leftover stub raise found by ``leftover_stub``."""
    name, where = found
    if where == "below":
        return ("your code above looks finished, but the stub's `raise "
                f"NotImplementedError` is still there below it (in {name}): "
                "delete that line, run the cell again, then run this check.")
    return ("the stub's `raise NotImplementedError` is still there (in "
            f"{name}), above some of your code, so that code never runs: "
            "delete that line, run the cell again, then run this check.")


def unfinished(exc, stub=None):
    """For a checker that catches NotImplementedError itself: raise Wrong
    when the stub's raise was left below new code; otherwise return."""
    found = leftover_stub(exc, stub)
    if found:
        raise Wrong(leftover_message(found), "leftover-stub-raise")


# ---------------------------------------------------------------------------
# One exercise
# ---------------------------------------------------------------------------

# The course edition (tools/make_course.py) puts a file COURSE beside the modules.
IN_A_COURSE = os.path.exists(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                          "COURSE"))


def grading():
    """True while nbgrader runs the lesson (autograde or validate): then a check
    that does not pass raises, so that nbgrader counts its test as failed."""
    return bool(os.environ.get("NBGRADER_EXECUTION"))


class CheckResult:
    """The outcome of one check: status is "not attempted", "correct", "wrong",
    or "check failed" (the checker's own fault, never the learner's).

    ``ran`` is False when the learner's code was never run (the check was
    given something that is not a function or class, or the stub is untouched).
    """

    def __init__(self, status, message, mistake=None, ran=True):
        self.status = status
        self.message = message
        self.mistake = mistake
        self.ran = ran and status != "not attempted"

    @property
    def correct(self):
        return self.status == "correct"

    def __repr__(self):
        return f"CheckResult({self.status!r}, mistake={self.mistake!r})"


def _signature(fn):
    try:
        return inspect.signature(fn)
    except (TypeError, ValueError):
        return None


class Exercise:
    """One checked exercise: ``check(answer)``, ``hint()`` and ``solution()``.

    ``checker(answer)`` tests the learner's answer by what it does (it calls
    it on seeded inputs and compares with the reference or with central
    differences).  It returns quietly when the answer is right (or returns a
    short note to add to "Correct!"), and raises ``Wrong(message, mistake)``
    when not, or ``NotAttempted`` for an untouched stub.  A stub that raises
    NotImplementedError counts as not attempted too, unless its raise was left
    below new code (then the learner is told to delete it).

    Before the checker runs, the answer itself is checked: a function (or a
    class, when ``reference`` is one) that takes the reference's arguments.
    ``name`` ("ex1") and ``answer_name`` (the name of the stub in the lesson,
    by default the reference's) make those messages read like the lesson's
    own check cell; ``stub`` is the stub's source, so that lines the stub
    already gave do not count as new code.

    ``reference`` is the model answer (shown by solution(), and used by the
    tests, which also feed every answer in ``mistakes`` -- {name: answer} --
    to the checker and expect that name back).
    """

    def __init__(self, title, checker, hints=(), reference=None, mistakes=None,
                 success="", solution_text=None, name=None, answer_name=None,
                 stub=None):
        self.title = title
        self.checker = checker
        self.hints = list(hints)
        self.reference = reference
        self.mistakes = dict(mistakes or {})
        self.success = success
        self.solution_text = solution_text
        self.name = name or "ex"
        self.answer_name = answer_name or getattr(reference, "__name__", "answer")
        self.stub = stub
        self.checks = 0
        self.attempts = 0
        self.hints_given = 0
        self.last = None

    # -- what the check was given ------------------------------------------

    def _wrong_kind(self, answer):
        """A message when ``answer`` is not a function (or class) taking the
        reference's arguments; None when it is."""
        if self.reference is None:
            return None
        wants_class = inspect.isclass(self.reference)
        kind = "class" if wants_class else "function"
        ok = inspect.isclass(answer) if wants_class else (
            callable(answer) and not inspect.isclass(answer))
        if not ok:
            tip = ""
            if answer is None:
                tip = (f" Run the cell that defines {self.answer_name} first, "
                       "and pass it by its name.")
            elif wants_class and not callable(answer):
                tip = (f" Pass the class itself, {self.name}.check("
                       f"{self.answer_name}), not a value made from it.")
            elif isinstance(answer, str):
                tip = (f" Pass the {kind} itself, by its name without quotes: "
                       f"{self.name}.check({self.answer_name}).")
            elif not wants_class and inspect.isclass(answer):
                tip = f" Pass your function {self.answer_name} instead."
            elif not wants_class:
                tip = (f" Pass the function itself, without calling it: "
                       f"{self.name}.check({self.answer_name}), not "
                       f"{self.name}.check({self.answer_name}(...)).")
            return (f"{self.name}.check expects your {kind}, e.g. {self.name}."
                    f"check({self.answer_name}); it got {describe(answer)}.{tip}",
                    f"not-a-{kind}")
        if wants_class:
            return None
        want, got = _signature(self.reference), _signature(answer)
        if want is None or got is None:
            return None
        n = len(want.parameters)
        try:
            got.bind(*range(n))
        except TypeError:
            return (f"{self.name}.check calls your function with {n} argument"
                    f"{'s' * (n != 1)}, as {self.answer_name}"
                    f"{_plain(want)}, but yours is defined as "
                    f"{getattr(answer, '__name__', 'it')}{_plain(got)}. Keep the "
                    "stub's first line as it was.", "wrong-arguments")
        return None

    def evaluate(self, answer):
        """Run the checker and return a CheckResult, printing nothing."""
        kind = self._wrong_kind(answer)
        if kind:
            return CheckResult("wrong", f"Not yet: {kind[0]}", kind[1], ran=False)
        self.attempts += 1
        _attempt.update(name=self.title, number=self.attempts)
        try:
            note = self.checker(answer)
        except (NotAttempted, NotImplementedError) as e:
            found = leftover_stub(e, self.stub)
            if found:
                return CheckResult("wrong", "Not yet: " + leftover_message(found),
                                   "leftover-stub-raise")
            return CheckResult(
                "not attempted",
                f"Not attempted yet: {self.title}. Replace the stub above "
                "with your code, run that cell, then run this check again.")
        except Wrong as w:
            return CheckResult("wrong", f"Not yet: {w.message}", w.mistake)
        except RecursionError as e:
            if not learner_raised(e):
                return self._own_fault(e)
            return CheckResult(
                "wrong", "Not yet: your code raised RecursionError: a function "
                "that calls itself (directly, or through an operator such as "
                "- or + that calls it again) never stopped. Find the call that "
                "leads back to the same function.", "raised")
        except Exception as e:
            if not learner_raised(e):
                return self._own_fault(e)
            return CheckResult(
                "wrong", "Not yet: your code raised "
                f"{type(e).__name__}: {str(e).rstrip('.')}. Read that message, "
                "fix the code and run the check again.", "raised")
        finally:
            _attempt.update(name="", number=0)
        message = "Correct!"
        if self.success:
            message += " " + self.success
        if isinstance(note, str) and note:
            message += " " + note
        return CheckResult("correct", message)

    def _own_fault(self, exc):
        """The check itself failed while none of the learner's code ran: say
        so, and never call it the learner's mistake."""
        return CheckResult(
            "check failed", "The check itself failed (" + type(exc).__name__
            + (f": {_short(exc, 120)}" if str(exc) else "") + "), while none of "
            "your code was running: that is a fault in this exercise's checker, "
            "not in your answer. Please report it; hint() and solution() still "
            "work.", "checker-error")

    def _name_from_caller(self, frame):
        """The name the notebook cell used for this exercise (ex1 in
        ``ex1.check(...)``), so that messages repeat the cell's own words."""
        # the name written before .check( on the calling line, when it is one
        # of this exercise's names (`e = ex1; e.check(f)` says e, not ex1)
        line = linecache.getline(frame.f_code.co_filename, frame.f_lineno)
        written = re.findall(r"([A-Za-z_]\w*)\s*\.\s*check\s*\(", line)
        for scope in (frame.f_locals, frame.f_globals):
            names = [k for k, v in scope.items() if v is self and not k.startswith("_")]
            if names:
                said = [n for n in written if n in names]
                if len(set(said)) == 1:
                    return said[0]
                return self.name if self.name in names else sorted(names)[0]
        return self.name

    def check(self, answer):
        """Check an answer and say in plain words how it went."""
        caller = inspect.currentframe().f_back
        name, self.name = self.name, self._name_from_caller(caller) if caller else self.name
        del caller
        try:
            self.last = self.evaluate(answer)
        finally:
            self.name = name
        if self.last.ran:
            self.checks += 1
        print(self.last.message)
        if grading() and not self.last.correct:
            # nbgrader grades a test cell by whether it raises: the same message, raised
            raise AssertionError(self.last.message)

    def hint(self):
        """Print the next hint; each call goes one step further."""
        if not self.hints:
            print("There are no hints for this one; solution() shows the answer.")
            return
        if self.hints_given >= len(self.hints):
            print("That was the last hint. solution() shows a reference answer.")
            return
        self.hints_given += 1
        print(f"Hint {self.hints_given} of {len(self.hints)}: "
              f"{self.hints[self.hints_given - 1]}")

    def solution(self, force=False):
        """Show the reference answer, once you have checked an attempt."""
        if IN_A_COURSE:
            print("This lesson is part of a graded course, so solution() shows no answer "
                  "here. hint() still helps; ask your teacher if you are stuck.")
            return
        if self.checks == 0 and not force:
            print("Give it a try and run the check first (hint() helps). "
                  "To see the answer anyway, call solution(force=True).")
            return
        if self.solution_text is not None:
            text = self.solution_text
        else:
            text = inspect.getsource(self.reference)
        # dedent keeps a def's body indented under its first line (cleandoc would not)
        print(textwrap.dedent(text).strip("\n") if self.solution_text else text.rstrip())


def _plain(sig):
    """A signature as a learner wrote it: (f, x, h), without annotations."""
    return "(" + ", ".join(
        ("*" if p.kind is p.VAR_POSITIONAL else "**" if p.kind is p.VAR_KEYWORD
         else "") + p.name for p in sig.parameters.values()) + ")"


# ---------------------------------------------------------------------------
# The lesson-style engine the checks use
# ---------------------------------------------------------------------------

_FORWARD = {"__radd__": "__add__", "__rsub__": "__sub__",
            "__rmul__": "__mul__", "__rtruediv__": "__truediv__"}


def _numbers_on_the_left(method, forward):
    """Wrap a subclass's reflected method so that it only ever sees numbers.

    For ``BareValue(2) - a`` with ``a`` of a subclass that defines
    ``__rsub__``, Python asks ``a.__rsub__`` first (a subclass's reflected
    method wins); with a Value on the left the forward operation of that
    Value is what is meant, so that is what runs.
    """
    @functools.wraps(method)
    def reflected(self, other):
        if isinstance(other, BareValue):
            return getattr(type(other), forward)(other, self)
        return method(self, other)
    reflected._numbers_only = True
    return reflected


class BareValue:
    """The Value a learner writes in lessons 02-05, as the checks use it.

    The classic form: ``_backward()`` closures that read ``out.grad``.  It has
    every operation EXCEPT the reflected ones: a + 2, a - 2, a * 2, a / 2 and
    a ** 2 work, but 2 + a, 2 - a, 2 * a and 2 / a do not (lesson 05's first
    exercise adds them).  Results have the class of the more specialised
    operand, so a subclass that adds operations keeps them, even when a plain
    BareValue stands on the left (BareValue(2) - a)."""

    def __init__(self, data, _children=(), _op="", label=""):
        self.data = float(data)
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = tuple(_children)
        self._op = _op
        self.label = label

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name, forward in _FORWARD.items():
            method = cls.__dict__.get(name)
            if callable(method) and not getattr(method, "_numbers_only", False):
                setattr(cls, name, _numbers_on_the_left(method, forward))

    def __repr__(self):
        return f"{type(self).__name__}(data={self.data}, grad={self.grad})"

    def _wrap(self, other):
        return other if isinstance(other, BareValue) else type(self)(other)

    def _kind(self, other):
        """The class of a result: the more specialised of the two operands'."""
        return type(other) if issubclass(type(other), type(self)) else type(self)

    def __add__(self, other):
        other = self._wrap(other)
        out = self._kind(other)(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = self._wrap(other)
        out = self._kind(other)(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, k):
        out = type(self)(self.data ** k, (self,), f"**{k}")

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __truediv__(self, other):
        return self * other ** -1

    def backward(self):
        order, visited, stack = [], set(), [(self, False)]
        while stack:
            v, children_done = stack.pop()
            if children_done:
                order.append(v)
            elif v not in visited:
                visited.add(v)
                stack.append((v, True))
                stack.extend((c, False) for c in reversed(v._prev))
        self.grad = 1.0
        for v in reversed(order):
            v._backward()


# ---------------------------------------------------------------------------
# A graph walk must leave the graph as it was
# ---------------------------------------------------------------------------

@contextlib.contextmanager
def unchanged_graph(root, what="your function"):
    """Wrong ("changed-input") when the block changed the children (_prev) or
    the number (data) of a value of root's graph, e.g. a walk that marks what
    it visited by emptying v._prev."""
    from autograd_helpers import trace
    saved = [(v, v._prev, v.data) for v in trace(root)[0]]
    yield
    for v, prev, data in saved:
        if v._prev is not prev or v.data != data:
            field, before, after = (("_prev", describe(prev), describe(v._prev))
                                    if v._prev is not prev else
                                    ("data", describe(data), describe(v.data)))
            raise Wrong(f"{what} changed the graph it was given: a value's {field} "
                        f"was {before} before the call and {after} after. Leave "
                        "the values as they were (the graph is still needed, to "
                        "draw it or to run backward); keep what you visited in a "
                        "set of your own.", "changed-input")


# ---------------------------------------------------------------------------
# Counting a graph walk's work
# ---------------------------------------------------------------------------

class WalkTooLong(BaseException):
    """Stops a graph walk that went through far more children than its budget.
    (A BaseException, so that an `except Exception` in the walk cannot swallow it.)"""


class _CountedChildren(tuple):
    """A value's children that count every walk through them in a shared tally."""

    tally = None

    def _count(self):
        self.tally[0] += 1
        if self.tally[0] > self.tally[1]:
            raise WalkTooLong

    def __iter__(self):
        self._count()
        return super().__iter__()

    def __getitem__(self, index):  # a walk by index (v._prev[0]) counts too
        self._count()
        return super().__getitem__(index)


@contextlib.contextmanager
def counting_walks(root, limit):
    """Inside the block, every walk through the children of a value of root's
    graph adds 1 to ``tally[0]`` (the block gets ``tally``); past ``limit``
    the walk raises WalkTooLong.  A walk that visits each value once goes
    through each value's children once, so it counts the graph's values.
    The values get their own children back afterwards."""
    from autograd_helpers import trace
    values = trace(root)[0]
    tally, saved = [0, limit], [v._prev for v in values]
    try:
        for v in values:
            v._prev = _CountedChildren(v._prev)
            v._prev.tally = tally
        yield tally
    finally:
        for v, prev in zip(values, saved):
            v._prev = prev

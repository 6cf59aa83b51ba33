"""The checks of the type-along edition: one per piece of the engine a learner writes.

Each check runs one piece on its own, on inputs drawn afresh for every
attempt (seeded), and says in the learner's words what is wrong, naming the
usual mistakes: ``=`` where ``+=`` belongs, a local derivative without the
chain rule, tanh's slope taken from the input, a reflected operator with its
operands reversed, a missing child, a walk in the wrong order...  The pieces
themselves (what each stub asks for, its hints, which check it uses) are
listed in ``type_along.py``; the shared machinery is ``exercise_kit``.

A check of an operation computes gradients with its own walk of the graph, so
that a wrong ``backward()`` elsewhere is never blamed on the operation, and
a check of ``backward()`` runs it on a graph of correct operations.
"""

import contextlib
import inspect
import io
import math
import random

import exercise_kit
from exercise_kit import (BareValue, Wrong, attempt_np_rng, attempt_rng, describe,
                          expect_list, is_number, time_limit)


def _close(x, y, tol=1e-9):
    return is_number(x) and math.isclose(x, y, rel_tol=tol, abs_tol=tol)


def _needs_class(answer, name):
    if not inspect.isclass(answer):
        raise Wrong(f"this check takes your class itself, {name}, as the check cell "
                    f"gives it; it got {describe(answer)}. Run the cell that defines "
                    f"{name} first.", "not-a-class")
    return answer


def _needs_function(answer, name):
    if not callable(answer) or inspect.isclass(answer):
        raise Wrong(f"this check takes your function {name} itself, as the check cell "
                    f"gives it; it got {describe(answer)}. Run the cell that defines "
                    f"{name} first.", "not-a-function")
    return answer


# ---------------------------------------------------------------------------
# Walking a graph the check's own way
# ---------------------------------------------------------------------------

def _children(v):
    prev = getattr(v, "_prev", ())
    return tuple(prev) if isinstance(prev, (tuple, list, set, frozenset)) else ()


def _order(root):
    # autograd_helpers.topological_order keeps values in a set: a learner's Value
    # that defines __eq__ (and so is unhashable) would break it, so walk by id
    order, seen, stack = [], set(), [(root, False)]
    while stack:
        v, done = stack.pop()
        if done:
            order.append(v)
        elif id(v) not in seen:
            seen.add(id(v))
            stack.append((v, True))
            stack.extend((c, False) for c in reversed(_children(v)))
    return order


def _reaches(root, leaf):
    return any(v is leaf for v in _order(root))


def _run_backward(out, grad):
    """Set out.grad and run every _backward below it, children after parents
    (what a correct backward() does, minus the seed of 1)."""
    out.grad = grad
    for v in reversed(_order(out)):
        step = getattr(v, "_backward", None)
        if callable(step):
            step()


def _made(out, text):
    if out is None:
        raise Wrong(f"{text} gave None: the method needs a `return` with the new Value "
                    "(out).", "returned-none")
    if not (hasattr(out, "data") and hasattr(out, "_prev") and hasattr(out, "grad")):
        raise Wrong(f"{text} gave {describe(out)}; it must return a new Value (with "
                    "data, grad and _prev), so that the result remembers where it came "
                    "from.", "returned-a-number")
    if not isinstance(out._prev, (tuple, list, set, frozenset)):
        raise Wrong(f"{text} has _prev = {describe(out._prev)}; pass the inputs as the "
                    "new Value's children, e.g. (self, other).", "no-children")
    if not is_number(out.data):
        raise Wrong(f"{text} gave a Value whose data is {describe(out.data)}, not a number: "
                    "return the Value your operations made (for example act.tanh()), not a "
                    "new Value wrapped around it.", "data-not-a-number")
    return out


# ---------------------------------------------------------------------------
# One operation of Value: its forward, its children, its backward
# ---------------------------------------------------------------------------

class Op:
    """What one operation must do, for the check.

    ``apply(a, b, k)`` computes it with Values (b is None for one input; k is a
    plain number for powers and reflected operations); ``value(x, y, k)`` is
    the right number and ``slopes(x, y, k)`` the right local derivatives, one
    per Value input; ``domain(rng)`` draws (x, y, k).  ``wrong`` lists the
    usual mistakes: (mistake, sentence, value or None, slopes or None) -- a
    forward or backward that computes those instead is named.  ``own`` is True
    for an operation with a backward of its own whose children are exactly
    its Value inputs, in order (+, * and the others a lesson builds directly).
    """

    def __init__(self, text, apply, value, slopes, domain, wrong=(), own=True,
                 arity=2, same_twice=True):
        self.text, self.apply, self.value, self.slopes = text, apply, value, slopes
        self.domain, self.wrong, self.own, self.arity = domain, list(wrong), own, arity
        self.same_twice = same_twice


def _pair(rng, low=-3.0, high=3.0):
    return round(rng.uniform(low, high), 3), round(rng.uniform(low, high), 3), None


def _positive(rng):
    return round(rng.uniform(0.4, 2.5), 3), None, rng.choice([2, 3, -1, 0.5, -2.5])


def _away_from_zero(rng):
    x, y, _ = _pair(rng)
    y = y if abs(y) > 0.3 else 1.3
    return x, y, None


def _signed(rng):
    x = round(rng.uniform(0.3, 3.0), 3) * rng.choice([-1, 1])
    return x, None, None


def _number_left(rng):
    x = round(rng.uniform(0.4, 3.0), 3) * rng.choice([-1, 1])
    return x, None, rng.choice([2.0, 5.0, -3.0, 0.5])


OPS = {
    "add": Op("a + b", lambda a, b, k: a + b, lambda x, y, k: x + y,
              lambda x, y, k: (1.0, 1.0), _pair),
    "mul": Op("a * b", lambda a, b, k: a * b, lambda x, y, k: x * y,
              lambda x, y, k: (y, x), _pair,
              wrong=[("swapped-inputs", "each input got its own number times out.grad; "
                      "the slope of a * b with respect to a is b (the OTHER input), and "
                      "to b it is a", None, lambda x, y, k: (x, y))]),
    "tanh": Op("a.tanh()", lambda a, b, k: a.tanh(), lambda x, y, k: math.tanh(x),
               lambda x, y, k: (1 - math.tanh(x) ** 2,), _signed, arity=1,
               wrong=[("tanh-slope-from-input", "the slope was computed from the input: "
                       "1 - x**2. The slope of tanh is 1 - tanh(x)**2, from the OUTPUT t",
                       None, lambda x, y, k: (1 - x ** 2,)),
                      ("tanh-slope-missing-square", "the slope is 1 - t, not "
                       "1 - t**2", None, lambda x, y, k: (1 - math.tanh(x),))]),
    "exp": Op("a.exp()", lambda a, b, k: a.exp(), lambda x, y, k: math.exp(x),
              lambda x, y, k: (math.exp(x),), _signed, arity=1,
              wrong=[("exp-of-2x", "the forward computes e**(2x) (as the blog post's exp "
                      "did), not e**x", lambda x, y, k: math.exp(2 * x), None),
                     ("exp-slope-from-input", "the slope used is the input x; the slope of "
                      "e**x is e**x itself, out.data", None, lambda x, y, k: (x,)),
                     ("exp-slope-of-2x", "the slope used is that of e**(2x); the slope of "
                      "e**x is e**x itself, out.data", None,
                      lambda x, y, k: (2 * math.exp(2 * x),))]),
    "pow": Op("a ** k", lambda a, b, k: a ** k, lambda x, y, k: x ** k,
              lambda x, y, k: (k * x ** (k - 1),), _positive, arity=1,
              wrong=[("power-rule-exponent-kept", "the slope is k * x**k; the power rule "
                      "lowers the exponent by one: k * x**(k - 1)", None,
                      lambda x, y, k: (k * x ** k,)),
                     ("power-rule-forgot-k", "the slope is x**(k - 1) without the factor "
                      "k in front: k * x**(k - 1)", None, lambda x, y, k: (x ** (k - 1),))]),
    "relu": Op("a.relu()", lambda a, b, k: a.relu(), lambda x, y, k: max(x, 0.0),
               lambda x, y, k: (1.0 if x > 0 else 0.0,), _signed, arity=1,
               wrong=[("relu-passes-negative", "for a negative input it should give 0",
                       lambda x, y, k: x, None),
                      ("relu-slope-everywhere", "the slope is 1 only where the input was "
                       "positive, 0 elsewhere", None, lambda x, y, k: (1.0,))]),
    "neg": Op("-a", lambda a, b, k: -a, lambda x, y, k: -x, lambda x, y, k: (-1.0,),
              _signed, arity=1, own=False),
    "sub": Op("a - b", lambda a, b, k: a - b, lambda x, y, k: x - y,
              lambda x, y, k: (1.0, -1.0), _pair, own=False,
              wrong=[("reversed-operands", "it computes b - a; self - other is a - b",
                      lambda x, y, k: y - x, None)]),
    "truediv": Op("a / b", lambda a, b, k: a / b, lambda x, y, k: x / y,
                  lambda x, y, k: (1 / y, -x / y ** 2), _away_from_zero, own=False,
                  wrong=[("reversed-operands", "it computes b / a; self / other is a / b",
                          lambda x, y, k: y / x, None)]),
    "radd": Op("k + a", lambda a, b, k: k + a, lambda x, y, k: k + x,
               lambda x, y, k: (1.0,), _number_left, arity=1, own=False),
    "rmul": Op("k * a", lambda a, b, k: k * a, lambda x, y, k: k * x,
               lambda x, y, k: (k,), _number_left, arity=1, own=False),
    "rsub": Op("k - a", lambda a, b, k: k - a, lambda x, y, k: k - x,
               lambda x, y, k: (-1.0,), _number_left, arity=1, own=False,
               wrong=[("reversed-operands", "it computes a - k (the blog post's reversed "
                       "__rsub__): in __rsub__(self, other) the number `other` comes "
                       "first, other - self", lambda x, y, k: x - k, None)]),
    "rtruediv": Op("k / a", lambda a, b, k: k / a, lambda x, y, k: k / x,
                   lambda x, y, k: (-k / x ** 2,), _number_left, arity=1, own=False,
                   wrong=[("reversed-operands", "it computes a / k: in "
                           "__rtruediv__(self, other) the number `other` comes first, "
                           "other / self", lambda x, y, k: x / k, None)]),
}


def _says(op, x, y, k):
    parts = [f"a.data = {x}"] + ([f"b.data = {y}"] if y is not None else [])
    if k is not None:
        parts.append(f"k = {k}")
    return op.text + " with " + " and ".join(parts)


def _apply(op, a, b, k, x=None, y=None):
    """op.apply(a, b, k), with the usual errors of a learner's operation named."""
    try:
        out = op.apply(a, b, k)
    except TypeError as e:
        method = {"+": "__radd__", "*": "__rmul__", "-": "__rsub__", "/": "__rtruediv__"}.get(
            op.text[2:3])
        if (op.text.startswith("k ") and method and method in vars(type(a))
                and "unsupported operand" in str(e) and not exercise_kit.learner_raised(e)):
            raise Wrong(f"{op.text.replace('k', str(k), 1)} raised TypeError ({e}): your "
                        f"{method} gave Python NotImplemented, the answer of an operation "
                        "that cannot handle its operands (a number's own method, such as "
                        "other.__mul__(self), does not know Values). Build the result from "
                        "self, with operations a Value already has.",
                        "returned-notimplemented") from None
        if op.text.startswith("k ") and "unsupported operand" in str(e):
            raise Wrong(f"{op.text.replace('k', str(k), 1)} raised TypeError ({e}): "
                        "Python asks the number first, then the Value's reflected method; "
                        "attach yours to the class (Value.__radd__ = radd and so on).",
                        "missing-reflected-op") from None
        if not exercise_kit.learner_raised(e):
            raise
        if "unsupported operand" in str(e) and "'Value'" in str(e) and not op.text.startswith("k "):
            if op.own and op.arity == 2 and _wraps_values(op, type(a)):
                raise Wrong(f"{_says(op, x, y, k)} raised TypeError ({e}): a Value was "
                            "wrapped in another Value, so its data is a Value, not a number. "
                            "Wrap `other` only when it is a plain number: other = other if "
                            "isinstance(other, Value) else Value(other).",
                            "wrapped-a-value") from None
            if op.own:
                raise
            raise Wrong(f"{_says(op, x, y, k)} raised TypeError ({e}): your code puts a "
                        "plain number on the LEFT of a Value (such as 1 / other), which "
                        "needs a reflected operator this lesson writes later. Build it with "
                        "the Value first, from operations a Value already has (for "
                        "example other ** -1).", "number-on-the-left-too-early") from None
        raise
    except RecursionError:
        raise Wrong(f"{_says(op, x, y, k)} never finished (RecursionError): the method "
                    "calls itself again through an operator. Build it from operations "
                    "a Value already has, with the Value first.",
                    "reflected-recursion") from None
    return out


def _wraps_values(op, V):
    """True when ``op`` works with a plain number on the right but not with a Value
    there: the number is wrapped in a Value, and so is a Value."""
    try:
        out = op.apply(V(2.0), 3.0, None)
        return _close(getattr(out, "data", None), op.value(2.0, 3.0, None))
    except Exception:  # noqa: BLE001 -- then it is not that mistake
        return False


def _forward(V, op, x, y, k, number_right=False):
    a = V(x)
    b = V(y) if op.arity == 2 else None
    if number_right:
        b = y
    out = _apply(op, a, b, k, x, y)
    return a, b, _made(out, _says(op, x, y, k))


def _name_wrong(op, kind, got, x, y, k):
    for mistake, sentence, value, slopes in op.wrong:
        formula = value if kind == "value" else slopes
        if formula is None:
            continue
        try:
            want = formula(x, y, k)
        except (ZeroDivisionError, OverflowError, ValueError):
            continue
        if kind == "value" and _close(got, want):
            return mistake, sentence
        if kind == "slopes" and all(_close(g, w) for g, w in zip(got, want)):
            return mistake, sentence
    return None


def check_forward(V, op, children=True, trials=6, seed=0, symbol=None):
    """The forward of ``op`` on the learner's class V: its number, its inputs
    left as they were, (for an operation of its own) its children, and when
    ``symbol`` is given, the op it records."""
    rng = attempt_rng(seed)
    if children and op.own and op.arity == 2:
        x = round(rng.uniform(0.5, 3.0), 3)
        a = V(x)
        twice = _made(_apply(op, a, a, None, x, x), op.text.replace("b", "a"))
        pair = _made(_apply(op, V(x), V(x + 1.0), None, x, x + 1.0), op.text)
        if len(tuple(pair._prev)) == 2 and (isinstance(twice._prev, (set, frozenset))
                                           or len(tuple(twice._prev)) == 1):
            raise Wrong(f"{op.text.replace('b', 'a')} has {len(tuple(twice._prev))} "
                        "child: its two inputs, the same Value, collapsed into one, as "
                        "they do in a set. Keep the children in a tuple, (self, other), "
                        "so that a + a keeps both arrows and their order is the "
                        "expression's.", "children-in-a-set")
    for _ in range(trials):
        x, y, k = op.domain(rng)
        a, b, out = _forward(V, op, x, y, k)
        for name, v, before in (("a", a, x), ("b", b, y)):
            if v is not None and v.data != before:
                raise Wrong(f"{_says(op, x, y, k)} changed {name}.data to {v.data!r}. "
                            "An operation makes a NEW Value and leaves its inputs as "
                            "they were.", "changed-input")
        want = op.value(x, y, k)
        if not _close(out.data, want):
            named = _name_wrong(op, "value", out.data, x, y, k)
            if named:
                raise Wrong(f"{_says(op, x, y, k)} gives {out.data:.6g}, not {want:.6g}: "
                            f"{named[1]}.", named[0])
            raise Wrong(f"{_says(op, x, y, k)} gives data {describe(out.data)}; "
                        f"expected {want!r}.")
        inputs = [v for v in (a, b) if v is not None]
        kids = out._prev
        if children and op.own:
            if isinstance(kids, (set, frozenset)):
                raise Wrong(f"{op.text} keeps its children in a set; keep them in a tuple, "
                            "(self, other), so that their order is the expression's and "
                            "a + a keeps both arrows.", "children-in-a-set")
            kids = tuple(kids)
            if len(inputs) == 2 and len(kids) == 2 and kids[0] is b and kids[1] is a:
                raise Wrong(f"{op.text} has its children as (b, a); keep the order of "
                            "the expression, (self, other).", "children-reversed")
            missing = [n for n, v in zip("ab", inputs) if not any(c is v for c in kids)]
            if missing:
                raise Wrong(f"{op.text}'s children (_prev) do not include "
                            f"{' and '.join(missing)}: the new Value must remember "
                            f"{'both its inputs, (self, other)' if len(inputs) == 2 else 'its input, (self,)'}"
                            ", or backward can never reach "
                            f"{'them' if len(missing) == 2 else 'it'}.", "missing-child")
            if len(kids) != len(inputs) or any(c is not v for c, v in zip(kids, inputs)):
                raise Wrong(f"{op.text}'s children are {describe(kids)}; expected exactly "
                            f"its input{'s' * (len(inputs) > 1)}, "
                            f"{'(self, other)' if len(inputs) == 2 else '(self,)'}, in "
                            "order.", "wrong-children")
            if symbol is not None and getattr(out, "_op", None) != symbol:
                raise Wrong(f"{op.text} records the op {describe(getattr(out, '_op', None))}; "
                            f"it should be {symbol!r}, which the drawings show in the "
                            "operation's circle.", "wrong-op")
        elif children:
            for n, v in zip("ab", inputs):
                if not _reaches(out, v):
                    raise Wrong(f"{op.text}'s graph does not reach {n}: build it from "
                                f"operations on {n} itself (its Value, not a new Value "
                                f"made from {n}.data), or backward can never reach it.",
                                "missing-child")


def check_backward(V, op, trials=6, seed=1):
    """The backward of ``op``: each input's grad grows by slope * out.grad,
    added to what it already had, whatever else ran before."""
    rng = attempt_rng(seed)
    cases = [op.domain(rng) for _ in range(trials)]
    for i, (x, y, k) in enumerate(cases):
        a, b, out = _forward(V, op, x, y, k)
        inputs = [v for v in (a, b) if v is not None]
        befores = [round(rng.uniform(-2, 2), 3) or 0.5 for _ in inputs]
        for v, before in zip(inputs, befores):
            v.grad = before
        g = round(rng.uniform(0.5, 3.0), 3)
        _run_backward(out, g)
        for v, before in zip(inputs, ((x, y))):
            if v.data != before:
                raise Wrong(f"the backward of {op.text} changed an input's data (to "
                            f"{v.data!r}); a backward only adds to grads.",
                            "changed-input")
        got = [v.grad for v in inputs]
        if not all(is_number(gr) for gr in got):
            raise Wrong(f"after the backward of {_says(op, x, y, k)}, the grads are "
                        f"{describe(got)}; they must stay plain numbers: use out.grad "
                        "(a number), not out.", "grad-not-a-number")
        slopes = op.slopes(x, y, k)
        want = [bf + s * g for bf, s in zip(befores, slopes)]
        if all(_close(gv, w) for gv, w in zip(got, want)):
            continue
        where = f"with out.grad = {g}, {_says(op, x, y, k)}"
        deltas = [gv - bf for gv, bf in zip(got, befores)]
        names = "ab"
        setted = [n for n, gv, bf, s in zip(names, got, befores, slopes)
                  if _close(gv, s * g) and not _close(gv, bf + s * g)]
        if setted:
            n = setted[0]
            raise Wrong(f"{where}: {n}.grad was {befores[names.index(n)]:.6g} before the "
                        f"backward (from another use of {n} in a graph) and "
                        f"{got[names.index(n)]:.6g} after it, so that earlier part was lost. "
                        f"Use += so that every use of {n} adds its share.",
                        "assign-instead-of-accumulate")
        if all(_close(d, 0.0) for d in deltas):
            raise Wrong(f"{where}: the backward left the input's grad"
                        f"{'s' if len(inputs) > 1 else ''} as {'they were' if len(inputs) > 1 else 'it was'}. "
                        f"Does it add to self.grad{' (and other.grad)' if len(inputs) > 1 else ''}"
                        ", and is it attached as out._backward = _backward?",
                        "backward-did-nothing")
        named = _name_wrong(op, "slopes", [d / g for d in deltas], x, y, k)
        if named:
            raise Wrong(f"{where}: {named[1]}.", named[0])
        if not _close(g, 1.0) and all(_close(d, s) for d, s in zip(deltas, slopes)):
            raise Wrong(f"{where}: each grad grew by the local slope alone. The chain rule "
                        "multiplies it by the gradient arriving from above: "
                        "+= slope * out.grad.", "forgot-chain-rule")
        if all(_close(d, s * out.data) for d, s in zip(deltas, slopes)) and not _close(
                out.data, g):
            raise Wrong(f"{where}: the grads grew by slope * out.data (the result's "
                        "number); use out.grad, the gradient arriving from above.",
                        "used-data-not-grad")
        raise Wrong(f"{where}: the grads should grow by "
                    f"{', '.join(f'{s * g:.6g}' for s in slopes)} "
                    f"(from {', '.join(f'{bf:g}' for bf in befores)}); they became "
                    f"{', '.join(f'{gv:.6g}' for gv in got)}.")
    if op.arity == 2 and op.same_twice:
        x, y, k = op.domain(rng)
        a = V(x)
        out = _made(_apply(op, a, a, k, x, x), op.text.replace("b", "a"))
        before = 0.75
        a.grad, g = before, 1.5
        _run_backward(out, g)
        want = before + sum(op.slopes(x, x, k)) * g
        if not _close(a.grad, want):
            shown = f"{a.grad:.6g}" if is_number(a.grad) else describe(a.grad)
            raise Wrong(f"{op.text.replace('b', 'a')} (the same Value twice) with "
                        f"a.data = {x}, a.grad = {before} and out.grad = {g}: a.grad "
                        f"should become {want:.6g} (both uses add their share), not "
                        f"{shown}. Each use must add its share to what a.grad holds at "
                        "that moment: += for each input, one after the other.",
                        "assign-instead-of-accumulate")


def check_number_right(V, op):
    """a + 2 and a * 2.0: a plain number on the right becomes a Value (a child
    like any other, so that backward can walk through it)."""
    for number in (2, 2.5):
        a = V(1.5)
        text = op.text.replace("b", repr(number))
        try:
            out = op.apply(a, number, None)
        except (AttributeError, TypeError) as e:
            raise Wrong(f"{text} raised {type(e).__name__} ({e}): a plain number on the "
                        "right (an int or a float) must work too. Start with "
                        "`other = other if isinstance(other, Value) else Value(other)`.",
                        "number-on-the-right") from None
        out = _made(out, text)
        if not _close(out.data, op.value(1.5, number, None)):
            raise Wrong(f"{text} with a.data = 1.5 gives {describe(out.data)}; expected "
                        f"{op.value(1.5, number, None)}.")
        odd = [c for c in _children(out) if not (hasattr(c, "data") and hasattr(c, "_prev"))]
        if odd:
            raise Wrong(f"{text} keeps {describe(odd[0])} among its children: wrap the number "
                        "in a Value first, so that every child is a Value that backward can "
                        "walk through.", "number-in-children")
        a.grad = 0.0
        _run_backward(out, 1.0)
        want = op.slopes(1.5, number, None)[0]
        if not _close(a.grad, want):
            raise Wrong(f"after the backward of {text}, a.grad is {describe(a.grad)}; "
                        f"expected {want}.")


def _depends(V, names):
    """Wrong when an operation this one is built from does not pass yet."""
    for name in names:
        op = OPS[name]
        try:
            check_forward(V, op, children=op.own, trials=3, seed=7)
            check_backward(V, op, trials=3, seed=8)
        except Wrong as w:
            raise Wrong(f"this uses {op.text}, which does not pass yet ({w.message}) "
                        f"Fix {op.text} first.", "depends-on-failing") from None
        except NotImplementedError:
            raise Wrong(f"this uses {op.text}, which is still a stub: write it first.",
                        "depends-on-failing") from None


def value_op(name, forward=True, backward=True, depends=(), number_right=False,
             symbol=None):
    """A check of one operation of the learner's Value (the check cell passes
    the class)."""
    op = OPS[name]

    def check(answer):
        V = _needs_class(answer, "Value")
        if depends:
            _depends(V, depends)
        if forward:
            check_forward(V, op, symbol=symbol)
        if backward:
            check_backward(V, op)
        if number_right:
            check_number_right(V, op)
    return check


# ---------------------------------------------------------------------------
# The walk: topological order and backward()
# ---------------------------------------------------------------------------

def _recursive(fn):
    """The name of a function in ``fn``'s code that calls itself, or None."""
    todo = [getattr(fn, "__code__", None)]
    while todo:
        code = todo.pop()
        if code is None:
            continue
        if code.co_name in code.co_names or code.co_name in code.co_freevars:
            return code.co_name
        todo.extend(c for c in code.co_consts if hasattr(c, "co_name"))
    return None


def _no_recursion(fn, what):
    name = _recursive(fn)
    if name:
        raise Wrong(f"{what} uses recursion ({name} calls itself). A chain of 100,000 values "
                    "would need 100,000 nested calls, and Python allows about a thousand "
                    "(raising that limit only moves the crash). Keep the values still to "
                    "visit on a list of your own (a stack) instead.", "recursion-limit")


def topological(deep=False):
    """A check of a topological sort (the function itself), with lesson 04's
    exercise 2: every value after its children, each once, the same every call."""
    import exercises_04

    def check(answer):
        fn = _needs_function(answer, "build_topo")
        graphs = list(exercises_04._graphs())
        for name, root in graphs:
            exercises_04._check_order(fn, name, root, "build_topo(root)")
        name, root = graphs[0]
        try:  # the same graph again: nothing may be kept from one call to the next
            exercises_04._check_order(fn, name, root, "build_topo(root)")
        except Wrong as w:
            raise Wrong("build_topo(root) is right the first time, but called again on the "
                        f"same graph: {w.message} Something is kept from one call to the "
                        "next: a default argument such as visited=set() is made once, when "
                        "the def runs; make it inside the function instead.",
                        "state-between-calls") from None
        if deep:
            _no_recursion(fn, "build_topo")
            x = BareValue(1.0)
            for _ in range(100_000):  # a chain of 100,001 values, each made from the last
                x = BareValue(x.data, (x,), "f")
            try:
                with time_limit(10, "build_topo on a chain of 100,001 values"):
                    order = fn(x)
            except RecursionError:
                raise Wrong("build_topo is right on small graphs, but a chain of 100,001 "
                            "values raises RecursionError: keep the values still "
                            "to visit on a list of your own (a stack) instead of recursing.",
                            "recursion-limit") from None
            except Wrong as w:
                raise Wrong(w.message + " Your sort is right on small graphs, so look for "
                            "work that grows with the list: `v in visited` on a list, or "
                            "`order.insert(0, v)`, goes through the whole list every time. "
                            "Keep the visited values in a set, append, and reverse once.",
                            w.mistake) from None
            order = expect_list(list(order) if not isinstance(order, list) and hasattr(
                order, "__iter__") and not isinstance(order, (str, dict)) else order,
                "build_topo(root)", "a list of the values, each after its children")
            if len(order) != 100_001 or order[-1] is not x:
                raise Wrong(f"on a chain of 100,001 values your list has {len(order)} values"
                            + ("" if len(order) != 100_001 else ", and the root is not last")
                            + ".")
    return check


def _graph(rng, V=BareValue):
    """An expression where inner values are reused at different depths, and an
    input (b) feeds the output directly."""
    a, b, c = (V(round(rng.uniform(-2, 2), 3) or 0.5) for _ in range(3))
    d = a * b
    e = d + c
    f = e * d + a
    g = f * e + b
    return g, (a, b, c)


def _right_grads(rng_seed):
    g, leaves = _graph(random.Random(rng_seed))
    _run_backward(g, 1.0)
    return [v.grad for v in leaves]


def backward_method(deep=False):
    """A check of backward() (the check cell passes the class): run on a graph
    of correct operations, it fills every grad, in the right order."""

    def check(answer):
        V = _needs_class(answer, "Value")
        method = V.__dict__.get("backward")
        if not callable(method):
            raise Wrong("Value has no backward method: attach yours with "
                        "Value.backward = backward (or define it in the class).",
                        "missing-method")
        topo = method.__globals__.get("build_topo") if hasattr(method, "__globals__") else None
        if callable(topo) and "build_topo" in getattr(method, "__code__", None).co_names:
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    topological()(topo)
            except NotImplementedError:
                raise Wrong("your backward() calls build_topo, which is still a stub: write "
                            "build_topo (and run its cell) first.",
                            "depends-on-failing") from None
            except Wrong as w:
                raise Wrong("your backward() calls your build_topo, which does not pass its "
                            f"own check yet ({w.message}): fix build_topo first.",
                            "depends-on-failing") from None
        rng = attempt_rng(3)
        for trial in range(4):
            seed = rng.randrange(10 ** 6)
            root, leaves = _graph(random.Random(seed))
            with time_limit(10, "backward()"):
                method(root)
            want = _right_grads(seed)
            got = [v.grad for v in leaves]
            if _close(root.grad, 0.0) and all(_close(v, 0.0) for v in got):
                raise Wrong("after backward() every grad is still 0: it must start by "
                            "setting the output's own grad to 1 (d out/d out = 1).",
                            "forgot-seed")
            if not _close(root.grad, 1.0):
                raise Wrong(f"after backward() the output's grad is {describe(root.grad)}; "
                            "it should be 1 (d out/d out).", "forgot-seed")
            if all(_close(x, y, 1e-7) for x, y in zip(got, want)):
                if trial == 0:  # a second backward() adds to what the first one left
                    with time_limit(10, "backward()"):
                        method(root)
                    twice, twice_leaves = _graph(random.Random(seed))
                    _run_backward(twice, 1.0)
                    _run_backward(twice, 1.0)
                    again = [v.grad for v in leaves]
                    if not all(_close(x, v.grad, 1e-7) for x, v in zip(again, twice_leaves)):
                        if all(_close(x, y, 1e-7) for x, y in zip(again, want)):
                            raise Wrong("backward() is right once, but a second call on the "
                                        "same graph gives the same grads again: it sets "
                                        "them back to 0 before its walk. They must add up "
                                        "from one backward() to the next until zero_grad() "
                                        "(lessons 06 and 07 rely on that, and show it).",
                                        "zeroes-grads")
                        raise Wrong("backward() is right once, but a second call on the same "
                                    "graph does not add to the grads the first one left, as "
                                    "+= does: leave every grad as it is and only set the "
                                    "output's own grad to 1 before the walk.",
                                    "zeroes-grads")
                continue
            # the same walk, not reversed: a value passes its grad on before it is whole
            root2, leaves2 = _graph(random.Random(seed))
            root2.grad = 1.0
            for v in _order(root2):
                v._backward()
            not_reversed = [v.grad for v in leaves2]
            if all(_close(x, 0.0) for x in got):
                raise Wrong("after backward() the output's grad is 1, but every input's grad "
                            "is still 0: the 1 must be in place BEFORE the walk starts "
                            "(self.grad = 1.0 first), and the walk must call v._backward() "
                            "(with the parentheses) for every value, from the output down.",
                            "nothing-reached-the-inputs")
            if all(_close(x, y, 1e-7) for x, y in zip(got, not_reversed)):
                raise Wrong("only the output's own step reached the inputs: the values below "
                            "it passed nothing on, because their _backward never ran, or ran "
                            "before their own grad was filled in (a walk that starts from the "
                            "leaves). Walk from the output down, for v in "
                            "reversed(build_topo(self)), so that each value's grad is complete "
                            "before it is passed on.", "not-reversed")
            raise Wrong(f"on a graph where inner values are reused, backward() gives the "
                        f"inputs grads {', '.join(f'{x:.6g}' for x in got)}; expected "
                        f"{', '.join(f'{x:.6g}' for x in want)}. Each value's _backward "
                        "must run once, after every value that uses it.")
        if deep:
            _no_recursion(method, "backward()")
            x = BareValue(1.0)
            for _ in range(20_000):
                x = x + 1.0
            try:
                with time_limit(10, "backward() on a chain of 20,000 additions"):
                    method(x)
            except RecursionError:
                raise Wrong("backward() is right on small graphs, but a chain of 20,000 "
                            "additions raises RecursionError: walk with a stack of your "
                            "own instead of recursing (lesson 04).",
                            "recursion-limit") from None
    return check


# ---------------------------------------------------------------------------
# Lesson 06: the network classes
# ---------------------------------------------------------------------------

def _classes(answer, names):
    """The learner's classes named ``names``, from the globals of the cell that
    defined ``answer`` (a class)."""
    cls = _needs_class(answer, names[0])
    space = {}
    for attr in vars(cls).values():
        glb = getattr(attr, "__globals__", None)
        if glb:
            space = glb
            break
    return [space.get(n) for n in names], space


class _Holder:
    """A stand-in for a module: it has exactly the given parameters."""

    def __init__(self, params):
        self._params = params

    def parameters(self):
        return list(self._params)


def zero_grad_check(answer):
    Module = _needs_class(answer, "Module")
    method = Module.__dict__.get("zero_grad")
    if not callable(method):
        raise Wrong("Module has no zero_grad method.", "missing-method")
    rng = attempt_rng(6)
    params = [BareValue(round(rng.uniform(-2, 2), 3)) for _ in range(rng.randint(3, 7))]
    for p in params:
        p.grad = round(rng.uniform(0.5, 2), 3)
    datas = [p.data for p in params]
    method(_Holder(params))
    if [p.data for p in params] != datas:
        raise Wrong("zero_grad() changed the parameters' data; it must set only their "
                    "grad to 0 (the weights are what training learns).", "zeroed-data")
    left = [p.grad for p in params]
    if any(g is None for g in left):
        raise Wrong("zero_grad() set grad to None; set it to 0.0, since backward adds "
                    "to it with +=.", "grad-none")
    if not all(is_number(g) and g == 0 for g in left):
        zeroed = sum(1 for g in left if is_number(g) and g == 0)
        raise Wrong(f"after zero_grad() {zeroed} of the {len(params)} parameters have "
                    "grad 0; every parameter in self.parameters() should.",
                    "not-all-zeroed")


def _activate(activation, act):
    return math.tanh(act) if activation == "tanh" else max(act, 0.0) if (
        activation == "relu") else act


def _neuron_value(n, x):
    return _activate(n.activation, sum((w.data * xi for w, xi in zip(n.w, x)), n.b.data))


def _plain(x):
    return [getattr(v, "data", v) for v in x]


def neuron_call_check(answer):
    (Neuron,), _ = _classes(answer, ["Neuron"])
    rng = attempt_rng(7)
    for activation in ("tanh", "relu", "linear", "tanh"):
        nin = rng.randint(2, 5)
        n = Neuron(nin, activation, random.Random(rng.randrange(10 ** 6)))
        x = [round(rng.uniform(-2, 2), 3) for _ in range(nin)]
        out = n(x)
        if isinstance(out, (list, tuple)):
            raise Wrong(f"a neuron gave {describe(out)}; it gives one Value.",
                        "returned-a-list")
        out = _made(out, "n(x)")
        want = _neuron_value(n, x)
        if _close(out.data, want):
            continue
        act = sum((w.data * xi for w, xi in zip(n.w, x)), n.b.data)
        named = []
        for mistake, text, value in (
                ("forgot-bias", "the bias b is not added",
                 _activate(activation, act - n.b.data)),
                ("no-activation", f"the activation ({activation}) is not applied", act),
                ("always-tanh", f"tanh is applied, but this neuron's activation is "
                 f"{activation!r}", math.tanh(act)),
                ("only-first-input", "only the first input and weight are used",
                 _activate(activation, n.b.data + n.w[0].data * x[0])), ):
            if activation == "linear" and mistake == "no-activation":
                continue
            if activation == "tanh" and mistake == "always-tanh":
                continue
            if _close(out.data, value):
                named.append((mistake, text))
        if named:
            raise Wrong(f"a {activation} neuron with {nin} inputs gives {out.data:.6g}, "
                        f"not {want:.6g}: {named[0][1]}.", named[0][0])
        raise Wrong(f"a {activation} neuron with {nin} inputs gives {out.data:.6g}; "
                    f"expected {want:.6g}: the activation of w · x + b.")


def _identity_list(got, want, what, names):
    got = expect_list(got, what, "a list of the parameters (Values)")
    if len(got) and all(is_number(g) for g in got):
        raise Wrong(f"{what} gave numbers; it must give the Value objects themselves "
                    "(p, not p.data), so that training can change them.", "took-data")
    if any(isinstance(g, (list, tuple)) for g in got):
        raise Wrong(f"{what} gave a list of lists; flatten it into one list of Values.",
                    "nested")
    if len(got) != len(want):
        missing = [n for v, n in zip(want, names) if not any(g is v for g in got)]
        if missing:
            raise Wrong(f"{what} gave {len(got)} parameters, not {len(want)}; missing "
                        f"{', '.join(missing[:3])}{'...' if len(missing) > 3 else ''}.",
                        "forgot-bias" if missing == ["b"] else "missing-parameters")
        raise Wrong(f"{what} gave {len(got)} parameters, not {len(want)}: some are in "
                    "it twice.", "duplicates")
    if any(g is not w for g, w in zip(got, want)):
        if {id(g) for g in got} == {id(w) for w in want}:
            raise Wrong(f"{what} has the right parameters in another order; the lesson "
                        "expects weights first, then the bias, neuron by neuron and "
                        "layer by layer (params[0] is the first weight of the first "
                        "neuron).", "wrong-order")
        raise Wrong(f"{what} gave Values that are not the network's own parameters: "
                    "give the very objects (copies would not be trained).", "copies")


def neuron_parameters_check(answer):
    (Neuron,), _ = _classes(answer, ["Neuron"])
    rng = attempt_rng(8)
    n = Neuron(rng.randint(2, 5), "tanh", random.Random(rng.randrange(10 ** 6)))
    weights, want = list(n.w), list(n.w) + [n.b]
    got = n.parameters()
    if got is None:
        raise Wrong("n.parameters() returned None. (list.append changes a list and returns "
                    "None.) Return a new list: the weights, then the bias, self.w + "
                    "[self.b].", "returned-none")
    if len(n.w) != len(weights) or any(a is not b for a, b in zip(n.w, weights)):
        raise Wrong(f"n.parameters() changed the neuron's own list of weights (n.w had "
                    f"{len(weights)} items, now {len(n.w)}): build a new list, "
                    "self.w + [self.b], instead of appending to self.w.", "changed-input")
    _identity_list(got, want, "n.parameters()",
                   [f"w{i + 1}" for i in range(len(weights))] + ["b"])


def layer_call_check(answer):
    (Layer,), _ = _classes(answer, ["Layer"])
    rng = attempt_rng(9)
    for nout in (rng.randint(2, 4), 1):
        nin = rng.randint(2, 4)
        layer = Layer(nin, nout, "tanh", random.Random(rng.randrange(10 ** 6)))
        x = [round(rng.uniform(-2, 2), 3) for _ in range(nin)]
        got = layer(x)
        want = [_neuron_value(n, x) for n in layer.neurons]
        if nout == 1:
            if isinstance(got, (list, tuple)):
                raise Wrong(f"a layer of one neuron gave {describe(got)}; it should give "
                            "the single Value itself (outs[0]), so that a network's last "
                            "layer gives one number.", "list-of-one")
            got = [_made(got, "layer(x)")]
        else:
            if not isinstance(got, (list, tuple)):
                raise Wrong(f"a layer of {nout} neurons gave {describe(got)}; it should "
                            "give a list with each neuron's output.", "only-first-neuron")
        if len(got) != len(want) or not all(_close(getattr(g, "data", None), w)
                                            for g, w in zip(got, want)):
            raise Wrong(f"a layer of {nout} neurons on x = {x} gave "
                        f"{describe(_plain(got))}; expected "
                        f"{', '.join(f'{w:.6g}' for w in want)}, one output per neuron, "
                        "each neuron called on the same x.")


def _flat(model):
    return [p for layer in model.layers for n in layer.neurons for p in list(n.w) + [n.b]]


def layer_parameters_check(answer):
    (Layer,), _ = _classes(answer, ["Layer"])
    rng = attempt_rng(10)
    layer = Layer(rng.randint(2, 4), rng.randint(2, 4), "tanh",
                  random.Random(rng.randrange(10 ** 6)))
    want = [p for n in layer.neurons for p in list(n.w) + [n.b]]
    names = [f"neurons[{j}].{'b' if i == len(n.w) else f'w[{i}]'}"
             for j, n in enumerate(layer.neurons) for i in range(len(n.w) + 1)]
    _identity_list(layer.parameters(), want, "layer.parameters()", names)


def mlp_call_check(answer):
    (MLP,), _ = _classes(answer, ["MLP"])
    rng = attempt_rng(11)
    nin = rng.randint(2, 4)
    model = MLP(nin, [rng.randint(2, 4), rng.randint(2, 4), 1],
                rng=random.Random(rng.randrange(10 ** 6)))
    x = [round(rng.uniform(-2, 2), 3) for _ in range(nin)]
    got = model(x)
    h, outs = x, []
    for layer in model.layers:
        h = [_neuron_value(n, h) for n in layer.neurons]
        outs.append(h)
    if isinstance(got, (list, tuple)) and len(got) == len(outs[-2]) and all(
            _close(getattr(g, "data", None), w) for g, w in zip(got, outs[-2])):
        raise Wrong(f"the network gave {describe(got)}: the outputs of the second-to-last "
                    "layer, so the last layer never ran. Feed x through every layer in "
                    "self.layers.", "skipped-last-layer")
    if isinstance(got, (list, tuple)):
        raise Wrong(f"the network gave {describe(got)}; with one neuron in the last "
                    "layer it should give that single Value (the last layer's output).",
                    "list-of-one")
    got = _made(got, "model(x)")
    if not _close(got.data, h[0]):
        first = [_neuron_value(n, x) for n in model.layers[-1].neurons] if len(
            model.layers[-1].neurons[0].w) == nin else None
        if first and _close(got.data, first[0]):
            raise Wrong("the last layer was called on the network's input x; each layer "
                        "must get the previous layer's output (x = layer(x)).",
                        "not-chained")
        raise Wrong(f"the network on x = {x} gave {got.data:.6g}; expected {h[0]:.6g}: "
                    "x goes through every layer in turn, x = layer(x).")


def mlp_parameters_check(answer):
    (MLP,), _ = _classes(answer, ["MLP"])
    rng = attempt_rng(12)
    model = MLP(rng.randint(2, 3), [rng.randint(2, 3), 1],
                rng=random.Random(rng.randrange(10 ** 6)))
    names = [f"layers[{i}].neurons[{j}].{'b' if k == len(n.w) else f'w[{k}]'}"
             for i, layer in enumerate(model.layers) for j, n in enumerate(layer.neurons)
             for k in range(len(n.w) + 1)]
    _identity_list(model.parameters(), _flat(model), "model.parameters()", names)


# ---------------------------------------------------------------------------
# Lesson 07: the training loop
# ---------------------------------------------------------------------------

def train_check(answer, reference):
    """``reference`` is the lesson's own train (compiled from the published cell)."""
    fn = _needs_function(answer, "train")
    space = fn.__globals__
    MLP, xs, ys = space.get("MLP"), space.get("xs"), space.get("ys")
    if MLP is None or xs is None or ys is None:
        raise Wrong("run the lesson's cells above first (they define MLP, xs and ys).",
                    "run-cells-above")
    ref = reference(space)
    rng = attempt_rng(13)
    seed = rng.randrange(10 ** 6)
    # never the lesson's own 0.05, 0.1 or 4 steps: an answer must use lr and steps
    lr, steps = round(rng.uniform(0.06, 0.09), 3), rng.randint(5, 7)
    for zero_grad in (True, False):
        call = f"train(model, {steps}, {lr}" + (")" if zero_grad else ", zero_grad=False)")
        mine, theirs = (MLP(3, [4, 4, 1], rng=random.Random(seed)) for _ in range(2))
        got = fn(mine, steps, lr, zero_grad=zero_grad) if not zero_grad else fn(mine, steps, lr)
        want = ref(theirs, steps, lr, zero_grad=zero_grad)
        if got is None:
            raise Wrong(f"{call} returned None; it should return the list of losses, one "
                        "number per step.", "returned-none")
        got = expect_list(got, call, "a list of losses")
        if any(hasattr(g, "data") for g in got):
            raise Wrong(f"{call}'s list holds Values; append the number, loss.data.",
                        "losses-are-values")
        if not all(is_number(g) for g in got):
            odd = next(g for g in got if not is_number(g))
            raise Wrong(f"{call}'s list holds {describe(odd)}; append the loss as a number, "
                        "loss.data (the lesson plots them).", "losses-not-numbers")
        if len(got) != steps:
            raise Wrong(f"{call} gave {len(got)} losses; expected {steps}, one per step "
                        "(use steps, not a number of your own).", "wrong-length")
        if all(_close(g, w, 1e-7) for g, w in zip(got, want)):
            continue
        if not zero_grad:
            zeroed = ref(MLP(3, [4, 4, 1], rng=random.Random(seed)), steps, lr)
            if all(_close(g, w, 1e-7) for g, w in zip(got, zeroed)):
                raise Wrong(f"{call} still zeroes the gradients: the flag must turn "
                            "model.zero_grad() off (section 6 calls it that way to show "
                            "what forgetting it does).", "ignores-flag")
        if zero_grad:
            bad = ref(MLP(3, [4, 4, 1], rng=random.Random(seed)), steps, lr, zero_grad=False)
            if all(_close(g, w, 1e-7) for g, w in zip(got, bad)):
                raise Wrong("the gradients of each step are added to the ones before: "
                            "call model.zero_grad() before loss.backward() (when "
                            "zero_grad is True).", "forgot-zero-grad")
        if _close(got[0], want[0], 1e-7) and got[-1] > got[0]:
            raise Wrong(f"with {call} the loss goes up ({got[0]:.4f} to {got[-1]:.4f}): "
                        "step against the gradient, p.data -= lr * p.grad.", "wrong-sign")
        raise Wrong(f"{call} gave losses {', '.join(f'{g:.5g}' for g in got)}; the "
                    f"lesson's loop gives {', '.join(f'{w:.5g}' for w in want)}. Each step: "
                    "forward, the loss (sum of squared errors), zero_grad (when zero_grad "
                    "is True), backward, update with the lr given; record loss.data.")


# ---------------------------------------------------------------------------
# Lesson 10: Tensor
# ---------------------------------------------------------------------------

def _np():
    import numpy as np  # only lesson 10's checks need numpy and the Tensor engine
    return np


def unbroadcast(grad, shape):
    """The finished Tensor engine's unbroadcast: what a right answer gives."""
    from autograd_tensor import unbroadcast as finished
    return finished(grad, shape)


def unbroadcast_check(answer):
    np = _np()
    fn = _needs_function(answer, "unbroadcast")
    rng = attempt_np_rng(14)
    cases = [((2, 3), (3,)), ((2, 3), (2, 1)), ((2, 3), ()), ((4, 2, 3), (2, 3)),
             ((4, 2, 3), (1, 3)), ((2, 3), (2, 3)), ((3, 1, 2), (3, 1, 2)),
             ((2, 3), (1, 1)), ((2, 3, 4), (2, 1, 1)), ((5, 2, 3), (1, 1, 3))]
    for big, shape in cases:
        grad = np.round(rng.uniform(-2, 2, size=big), 3)
        want, extra = unbroadcast(grad, shape), len(big) - len(shape)
        got = exercise_kit.call(fn, grad, shape, what="unbroadcast(grad, shape)",
                                names=["grad", "shape"])
        lead = grad.sum(axis=tuple(range(extra))) if extra else grad
        if hasattr(got, "shape") and got.shape != np.shape(want) and got.shape == lead.shape \
                and np.allclose(got, lead):
            raise Wrong(f"for grad of shape {big} and shape {shape}, the result has shape "
                        f"{got.shape}: the axes numpy added on the left are summed away, but "
                        "not the axes where shape has a 1 and grad does not. Sum those too, "
                        "with keepdims=True.", "kept-stretched-axes")
        got = exercise_kit.expect_array(got, np.shape(want), "unbroadcast(grad, shape)",
                                        "the gradient")
        if not np.allclose(got, want):
            if np.allclose(got, np.full(np.shape(want), grad.sum())):
                raise Wrong(f"for grad of shape {big} and shape {shape}, every number is "
                            "the sum of the whole gradient: sum only over the axes "
                            "broadcasting added or stretched.", "summed-everything")
            raise Wrong(f"for grad of shape {big} and shape {shape}, the numbers are "
                        "wrong: sum over the leading axes numpy added, and over the axes "
                        "where shape has a 1 but grad does not.")


def _tensor_pair(T, np, rng, a_shape, b_shape):
    A = T(np.round(rng.uniform(-2, 2, size=a_shape), 3))
    B = T(np.round(rng.uniform(-2, 2, size=b_shape), 3))
    return A, B


def _tensor_backward(out, G, what):
    """out._backward on a copy of G; Wrong when it wrote into that copy."""
    np = _np()
    given = np.array(G, dtype=float, copy=True)
    out._backward(given)
    if not np.array_equal(given, G):
        raise Wrong(f"the backward of {what} changed the gradient it was given, grad, in "
                    "place (an `*=` or `+=` on grad, or on a name for the same array): the "
                    "same grad is still needed for the other input. Make a new array "
                    "instead (grad * b).", "changed-input")


def _earlier(np, rng, *tensors):
    """Give each tensor a gradient from 'elsewhere in the graph'; returns them."""
    found = []
    for t in tensors:
        t.grad = np.round(rng.uniform(-1, 1, size=t.data.shape), 3)
        found.append(np.array(t.grad, copy=True))
    return found


def _lost_earlier(np, name, got, earlier, want, what):
    if got.shape == np.shape(want) and np.allclose(got, want - earlier) and not np.allclose(
            earlier, 0):
        raise Wrong(f"{name}.grad lost the gradient it already had (from another use of "
                    f"{name} in the graph) in the backward of {what}: add to it with "
                    "self._add_grad(...) instead of setting self.grad = ...",
                    "assign-instead-of-accumulate")


def tensor_mul_check(answer):
    np = _np()
    T = _needs_class(answer, "Tensor")
    rng = attempt_np_rng(15)
    for a_shape, b_shape in (((2, 3), (2, 3)), ((2, 3), (3,)), ((3, 2), (3, 1)),
                             ((2, 3), ()), ((3,), (2, 3)), ((2, 1), (2, 4))):
        A, B = _tensor_pair(T, np, rng, a_shape, b_shape)
        out = A * B
        what = f"a * b (shapes {a_shape} and {b_shape})"
        G = np.round(rng.uniform(-2, 2, size=out.data.shape), 3)
        _tensor_backward(out, G, what)
        for name, t, own, other, want, mine in (
                ("a", A, a_shape, b_shape, unbroadcast(G * B.data, a_shape), A.data),
                ("b", B, b_shape, a_shape, unbroadcast(G * A.data, b_shape), B.data)):
            got = t.grad
            if got is None:
                raise Wrong(f"after the backward of {what}, {name}.grad is None.",
                            "backward-did-nothing")
            got = np.asarray(got)
            if got.shape != np.shape(want):
                if got.shape == tuple(other) and got.shape != G.shape:
                    raise Wrong(f"after the backward of {what}, {name}.grad has shape "
                                f"{got.shape}, the OTHER tensor's shape: bring each gradient back to "
                                f"its own tensor's shape, unbroadcast(grad * b, a.shape) for "
                                "self and unbroadcast(grad * a, b.shape) for other.",
                                "unbroadcast-to-wrong-shape")
                raise Wrong(f"after the backward of {what}, {name}.grad has shape "
                            f"{got.shape}, not {np.shape(want)}: pass each gradient through "
                            "unbroadcast(..., shape) so that it has its tensor's shape.",
                            "forgot-unbroadcast")
            if not np.allclose(got, want):
                if np.allclose(got, unbroadcast(G * mine, own)):
                    raise Wrong(f"{name}.grad is out.grad times {name}'s own numbers; "
                                "the slope of a * b with respect to a is b, and to b it "
                                "is a.", "swapped-inputs")
                raise Wrong(f"after the backward of {what}, {name}.grad is wrong: "
                            "d(a*b)/da = b and d(a*b)/db = a, times grad, then "
                            "unbroadcast.")
    A, B = _tensor_pair(T, np, rng, (2, 3), (2, 3))  # a tensor used twice in a graph
    out = A * B
    G = np.round(rng.uniform(-2, 2, size=(2, 3)), 3)
    earlier = _earlier(np, rng, A, B)
    _tensor_backward(out, G, "a * b")
    for name, t, want, before in (("a", A, G * B.data, earlier[0]),
                                  ("b", B, G * A.data, earlier[1])):
        _lost_earlier(np, name, np.asarray(t.grad), before, want + before, "a * b")


def tensor_matmul_check(answer):
    np = _np()
    import exercises_10
    T = _needs_class(answer, "Tensor")
    rng = attempt_np_rng(16)
    k, n, m = (int(v) for v in rng.integers(2, 5, size=3))
    for a_shape, b_shape in (((n, n), (n, n)), ((k, n), (n, m))):
        A, B = _tensor_pair(T, np, rng, a_shape, b_shape)
        out = A @ B
        G = np.round(rng.uniform(-2, 2, size=out.data.shape), 3)
        _tensor_backward(out, G, "a @ b")
        if (A.grad is not None and B.grad is not None and a_shape == b_shape
                and np.allclose(A.grad, A.data.T @ G) and np.allclose(B.grad, G @ B.data.T)
                and not np.allclose(A.grad, G @ B.data.T)):
            raise Wrong("the two formulas are swapped: self got a.T @ grad and other got "
                        "grad @ b.T. The gradient for a (shape (k, n)) is grad @ b.T, and "
                        "for b (shape (n, m)) it is a.T @ grad.", "swapped")
        for name, t, want in (("dA", A, G @ B.data.T), ("dB", B, A.data.T @ G)):
            got = t.grad
            if got is None:
                raise Wrong(f"after the backward of a @ b, {'a' if name == 'dA' else 'b'}"
                            ".grad is still None.", "backward-did-nothing")
            got = np.asarray(got)
            if got.shape == want.shape and np.allclose(got, want):
                continue
            if a_shape[0] == a_shape[1] == b_shape[1]:
                found = exercises_10._diagnose(name, got, A.data, B.data, G)
                if found:
                    raise Wrong(found[1], found[0])
            how = (f"has the right shape, {want.shape}, but wrong numbers"
                   if got.shape == want.shape else
                   f"has shape {got.shape}; it should be {want.shape}")
            raise Wrong(f"with a of shape {a_shape} and b of shape {b_shape}, the "
                        f"gradient {name} {how}: dA = grad @ b.T and dB = a.T @ grad.",
                        "wrong-matmul-gradient")
    A, B = _tensor_pair(T, np, rng, (k, n), (n, m))  # a weight used twice in a graph
    out = A @ B
    G = np.round(rng.uniform(-2, 2, size=out.data.shape), 3)
    earlier = _earlier(np, rng, A, B)
    _tensor_backward(out, G, "a @ b")
    for name, t, want, before in (("a", A, G @ B.data.T, earlier[0]),
                                  ("b", B, A.data.T @ G, earlier[1])):
        _lost_earlier(np, name, np.asarray(t.grad), before, want + before, "a @ b")


def tensor_sum_check(answer):
    np = _np()
    T = _needs_class(answer, "Tensor")
    rng = attempt_np_rng(17)
    for kwargs in ({}, {"axis": 0}, {"axis": 1}, {"axis": 1, "keepdims": True},
                   {"axis": 0, "keepdims": True}):
        x = T(np.round(rng.uniform(-2, 2, size=(int(rng.integers(2, 4)), 3)), 3))
        out = x.sum(**kwargs)
        G = np.round(rng.uniform(-2, 2, size=np.shape(out.data)), 3)
        said = ", ".join(f"{k}={v}" for k, v in kwargs.items()) or "no axis"
        earlier = _earlier(np, rng, x)[0] if kwargs == {"axis": 0} else 0.0
        try:
            _tensor_backward(out, G, f"x.sum({said})")
        except (ValueError, IndexError, TypeError) as e:
            if not exercise_kit.learner_raised(e):
                raise
            raise Wrong(f"the backward of x.sum({said}) on x of shape {x.data.shape} raised "
                        f"{type(e).__name__} ({e}). Put a summed axis back with "
                        "np.expand_dims only when an axis was given and keepdims is False; "
                        "then np.broadcast_to(grad, x.shape).", "wrong-axis") from None
        g = G
        if kwargs.get("axis") is not None and not kwargs.get("keepdims"):
            g = np.expand_dims(G, kwargs["axis"])
        want = np.broadcast_to(g, x.data.shape) + earlier
        got = x.grad
        if got is None:
            raise Wrong(f"after the backward of x.sum({said}) x.grad is still None.",
                        "backward-did-nothing")
        got = np.asarray(got)
        if got.shape != x.data.shape:
            raise Wrong(f"after x.sum({said}) on x of shape {x.data.shape}, x.grad has "
                        f"shape {got.shape}: every number that was added gets the sum's "
                        "gradient, so x.grad has x's shape (np.broadcast_to).",
                        "wrong-shape")
        _lost_earlier(np, "x", got, earlier, want, f"x.sum({said})")
        if not np.allclose(got, want):
            raise Wrong(f"after x.sum({said}), x.grad has the right shape but wrong "
                        "numbers: each number of x gets the gradient of the sum it went "
                        "into (with axis and no keepdims, put the summed axis back first "
                        "with np.expand_dims).", "wrong-axis")

"""Checked exercises for lesson 05 (more operations, and checking them).

    from exercises_05 import ex1, ex2, BareValue

Each check calls your code on random numbers drawn afresh for every attempt
(seeded) and compares it with plain Python arithmetic and with central
differences.
"""

import math

from exercise_kit import (BareValue, Exercise, Wrong, attempt_rng, describe, expect_value,
                          is_number, unfinished)


Value = BareValue  # what the reference answer for exercise 2 builds


def _number(x):
    return f"{x:.4f}" if is_number(x) else repr(x)


def _close(x, y, tol=1e-9):
    return is_number(x) and math.isclose(x, y, rel_tol=tol, abs_tol=tol)


# ---------------------------------------------------------------------------
# Exercise 1: numbers on the left
# ---------------------------------------------------------------------------

class Reflected(BareValue):
    def __radd__(self, other):      # other + self
        return self + other

    def __rmul__(self, other):      # other * self
        return self * other

    def __rsub__(self, other):      # other - self (the order matters)
        return (-self) + other

    def __rtruediv__(self, other):  # other / self
        return self ** -1 * other


class _NoRmul(BareValue):
    def __radd__(self, other):
        return self + other

    def __rsub__(self, other):
        return (-self) + other

    def __rtruediv__(self, other):
        return self ** -1 * other


class _ReversedRsub(Reflected):
    def __rsub__(self, other):
        return self - other


class _ReversedRtruediv(Reflected):
    def __rtruediv__(self, other):
        return self / other


class _RecursiveRsub(Reflected):
    def __rsub__(self, other):
        return other - self          # calls __rsub__ again, forever


class _AssigningRsub(Reflected):
    def __rsub__(self, other):       # its own backward, with = instead of +=
        out = type(self)(other - self.data, (self,), "-")

        def _backward():
            self.grad = -out.grad
        out._backward = _backward
        return out


# (symbol, python operator, the value, d(value)/dx, how to write it) for k OP x
_REFLECTED = [
    ("+", "__radd__", lambda k, x: k + x, lambda k, x: 1.0, "self + other"),
    ("*", "__rmul__", lambda k, x: k * x, lambda k, x: k, "self * other"),
    ("-", "__rsub__", lambda k, x: k - x, lambda k, x: -1.0, "(-self) + other"),
    ("/", "__rtruediv__", lambda k, x: k / x, lambda k, x: -k / x ** 2,
     "self ** -1 * other"),
]


def _apply(symbol, k, a):
    if symbol == "+":
        return k + a
    if symbol == "*":
        return k * a
    if symbol == "-":
        return k - a
    return k / a


def _number_on_the_left(symbol, method, formula, k, a, x):
    """k OP a as a checked Value, or Wrong saying why it failed."""
    try:
        out = _apply(symbol, k, a)
    except RecursionError:
        raise Wrong(
            f"{k} {symbol} a never finished: it raised RecursionError. Inside "
            f"{method}, other is the number {k}, so `other {symbol} self` asks "
            f"Python for {k} {symbol} a again, which calls a.{method}({k}) "
            "again, and so on forever. Write it with operations a Value already "
            f"has, with the Value first: {formula}.",
            mistake="reflected-recursion") from None
    except TypeError as e:
        if getattr(type(a), method, None) is None:
            raise Wrong(
                f"{k} {symbol} a raised TypeError ({e}). Python first asks "
                f"the number, which does not know Values, then calls "
                f"a.{method}({k}). Define {method} so that numbers work on "
                "the left too.", mistake="missing-reflected-op") from None
        raise Wrong(f"{k} {symbol} a raised TypeError inside your {method}: "
                    f"{e}. There, self is the Value a and other is the plain "
                    f"number {k}; build the result from self, e.g. {formula}."
                    ) from None
    except AttributeError as e:
        if not ("'int' object" in str(e) or "'float' object" in str(e)):
            raise
        raise Wrong(f"{k} {symbol} a raised AttributeError inside your {method}: "
                    f"{e}. There, other is the plain number {k} (it has no "
                    f".data) and self is the Value a; build the result from "
                    f"self, e.g. {formula}.") from None
    return expect_value(out, f"{k} {symbol} a (your {method})",
                        "Finish with `return` and the new Value.",
                        "a new Value")


def _check_reflected(answer):
    rng = attempt_rng(5)
    not_written = []
    for symbol, method, value, slope, formula in _REFLECTED:
        for trial in range(4):
            k = rng.choice([2, 3, -1.5, 0.5])
            x = rng.choice([-1, 1]) * rng.uniform(0.5, 4)
            a = answer(x)
            try:
                out = _number_on_the_left(symbol, method, formula, k, a, x)
            except NotImplementedError as e:
                unfinished(e)
                not_written.append(method)
                break
            if a.data != x:
                raise Wrong(f"{k} {symbol} a changed a itself: a.data went from "
                            f"{x:.4f} to {_number(a.data)}. {method} makes a NEW Value and "
                            f"leaves self as it was (a may be used again): "
                            f"{formula}.", mistake="changed-input")
            want = value(k, x)
            if symbol in "-/" and _close(out.data, value(x, k)) and not _close(want, value(x, k)):
                raise Wrong(
                    f"with a = {x:.4f}, {k} {symbol} a gave {out.data:.4f}, which "
                    f"is a {symbol} {k}; expected {want:.4f}. In {method}(self, "
                    "other) the number is `other` and it comes FIRST: other "
                    f"{symbol} self, not self {symbol} other.",
                    mistake="reversed-rsub" if symbol == "-" else "reversed-rtruediv")
            if not _close(out.data, want):
                raise Wrong(f"with a = {x:.4f}, {k} {symbol} a should be "
                            f"{want:.4f}, not {out.data!r}. Look at {method}: "
                            f"`other` is the number {k}, `self` is a.")
            if trial % 2 == 0:
                out.backward()
                if not _close(a.grad, slope(k, x), 1e-7):
                    raise Wrong(f"{k} {symbol} a has the right value, but a.grad "
                                f"is {a.grad!r} instead of {slope(k, x):.4f}. "
                                f"Build {method} from operations that have a "
                                "backward.")
                continue
            # a used twice: f = (k OP a) * a, so a gets gradient along two paths
            f = out * a
            f.backward()
            want_grad = want + slope(k, x) * x
            one_path = slope(k, x) * x  # what a.grad is when the other use is lost
            if _close(a.grad, one_path, 1e-7) and not _close(want_grad, one_path, 1e-7):
                raise Wrong(f"in f = ({k} {symbol} a) * a, with a = {x:.4f}, "
                            f"a.grad is {a.grad:.4f} instead of {want_grad:.4f}: "
                            f"the backward of your {method} set a.grad (=) and "
                            "lost the share from the other use of a. Add with "
                            "+=, or build it from operations that already have "
                            f"a backward: {formula}.",
                            mistake="assign-instead-of-accumulate")
            if not _close(a.grad, want_grad, 1e-7):
                raise Wrong(f"in f = ({k} {symbol} a) * a, with a = {x:.4f}, "
                            f"a.grad is {a.grad!r} instead of {want_grad:.4f}. "
                            f"Check the backward of your {method}.")
    if len(not_written) == len(_REFLECTED):
        raise NotImplementedError
    if not_written:
        verb = "raises" if len(not_written) == 1 else "raise"
        raise Wrong(f"{', '.join(not_written)} still {verb} NotImplementedError; "
                    "the others work. Write them all.",
                    mistake="missing-reflected-op")


ex1 = Exercise(
    "numbers on the left: __radd__, __rmul__, __rsub__, __rtruediv__",
    _check_reflected,
    hints=[
        "For 2 * a Python first tries int.__mul__(2, a), which gives up, and "
        "then calls a.__rmul__(2). Inside it, self is a and other is 2.",
        "Addition and multiplication do not care about order, so __radd__ and "
        "__rmul__ can return self + other and self * other.",
        "Subtraction and division do: 2 - a is other - self. Write it with "
        "operations a Value already has, e.g. (-self) + other.",
        "2 / a is other * self**-1.",
    ],
    reference=Reflected,
    name="ex1",
    mistakes={"missing-reflected-op": _NoRmul,
              "reversed-rsub": _ReversedRsub,
              "reversed-rtruediv": _ReversedRtruediv,
              "reflected-recursion": _RecursiveRsub,
              "assign-instead-of-accumulate": _AssigningRsub},
    success="2 + a, 2 * a, 2 - a and 2 / a now all work, with the right "
            "gradients.",
)


# ---------------------------------------------------------------------------
# Exercise 2: a new operation, sigmoid
# ---------------------------------------------------------------------------

def sigmoid(v):
    """1 / (1 + e**-x) as ONE operation, with its own backward."""
    s = 1 / (1 + math.exp(-v.data))
    out = Value(s, (v,), "sigmoid")

    def _backward():
        v.grad += s * (1 - s) * out.grad   # the slope, from the OUTPUT s
    out._backward = _backward
    return out


def _sigmoid_slip(returns=True, slope_from_output=True, accumulate=True):
    """sigmoid with one classic slip: no `return`, the slope computed from the
    input x instead of the output s, or `=` instead of `+=`."""
    def slipped(v):
        x = v.data
        s = 1 / (1 + math.exp(-x))
        out = Value(s, (v,), "sigmoid")
        y = s if slope_from_output else x

        def _backward():
            v.grad = (v.grad if accumulate else 0.0) + y * (1 - y) * out.grad
        out._backward = _backward
        return out if returns else None
    return slipped


_sigmoid_no_return = _sigmoid_slip(returns=False)
_sigmoid_from_input = _sigmoid_slip(slope_from_output=False)
_sigmoid_assigns = _sigmoid_slip(accumulate=False)


def _check_sigmoid(answer):
    rng = attempt_rng(6)
    h = 1e-6
    for trial in range(6):
        x = rng.choice([-1, 1]) * rng.uniform(0.2, 3)
        v = BareValue(x)
        try:
            got = answer(v)
        except (AttributeError, TypeError) as e:
            if "BareValue" not in str(e):
                raise
            raise Wrong(f"sigmoid(v) raised {type(e).__name__}: {e}. The v it was "
                        "given is a plain Value with + - * / and ** only (no exp, "
                        "and no numbers on the left). Write sigmoid as ONE "
                        "operation: compute s from the number v.data with "
                        "math.exp, then make out = Value(s, (v,), 'sigmoid') with "
                        "its own _backward.", mistake="not-one-operation") from None
        if v.data != x:
            raise Wrong(f"sigmoid(v) changed v itself: v.data went from {x:.4f} to "
                        f"{_number(v.data)}. Make a NEW Value for the result and leave v as "
                        "it was (it may be used again): out = Value(s, (v,), "
                        "'sigmoid').", mistake="changed-input")
        out = expect_value(got, "sigmoid(v)",
                           "The last line must be `return out` (without it "
                           "Python returns None, and sigmoid(v) + 1 fails).")
        s = 1 / (1 + math.exp(-x))
        if not _close(out.data, s):
            if _close(out.data, 1 / (1 + math.exp(x))):
                raise Wrong(f"sigmoid({x:.4f}) gave {out.data:.6f}, which is "
                            f"1/(1 + e^x); expected 1/(1 + e^-x) = {s:.6f}. "
                            "Mind the minus sign: math.exp(-v.data).")
            raise Wrong(f"sigmoid({x:.4f}) should be 1/(1 + e^-x) = {s:.6f}, "
                        f"not {out.data!r}.")
        if (not isinstance(out._prev, (tuple, list, set, frozenset))
                or [id(c) for c in out._prev] != [id(v)]):
            raise Wrong(f"the output's children are {describe(out._prev)}; "
                        "it should remember its input, and only that: "
                        "Value(s, (v,), 'sigmoid').")
        numeric = (expect_value(answer(BareValue(x + h)), "sigmoid(v)").data
                   - expect_value(answer(BareValue(x - h)), "sigmoid(v)").data) / (2 * h)
        before, g = rng.uniform(-1, 1), rng.uniform(0.5, 2)
        v.grad, out.grad = before, g
        out._backward()
        if not is_number(v.grad):
            raise Wrong(f"after the backward v.grad is {v.grad!r}, not a number. "
                        "Compute the slope from numbers (s, or out.data), not "
                        "from the Value out.")
        if _close(v.grad, before + x * (1 - x) * g):
            raise Wrong(
                f"at x = {x:.4f} your backward used x * (1 - x) = "
                f"{x * (1 - x):.4f}, but central differences give a slope of "
                f"{numeric:.6f}. The formula s * (1 - s) uses the OUTPUT "
                "s = sigmoid(x), not the input.", mistake="derivative-from-input")
        if _close(v.grad, before + s * (1 - s), 1e-7) and not _close(g, 1.0):
            raise Wrong(
                f"at x = {x:.4f} v.grad grew by s * (1 - s) = {s * (1 - s):.6f}, "
                "the local slope alone. The chain rule multiplies it by the "
                f"gradient arriving from above, out.grad = {g:.4f}: "
                "v.grad += s * (1 - s) * out.grad.", mistake="forgot-chain-rule")
        if _close(v.grad, s * (1 - s) * g, 1e-7) and not _close(before, 0.0):
            raise Wrong(
                f"v.grad was {before:.4f} before the backward (from another use "
                f"of v) and {v.grad:.4f} after, instead of "
                f"{before + s * (1 - s) * g:.4f}: it was overwritten. Add with +=.",
                mistake="assign-instead-of-accumulate")
        if not _close(v.grad, before + numeric * g, 1e-6):
            raise Wrong(f"at x = {x:.4f} the slope by central differences is "
                        f"{numeric:.6f}, so with out.grad = {g:.4f} v.grad should "
                        f"grow by {numeric * g:.6f}; it grew by "
                        f"{v.grad - before:.6f}.")


ex2 = Exercise(
    "sigmoid as one operation, checked against central differences",
    _check_sigmoid,
    hints=[
        "The forward is s = 1 / (1 + math.exp(-v.data)); keep s, the backward "
        "needs it.",
        "The slope of sigmoid is s * (1 - s), where s is the output (just as "
        "tanh's slope 1 - t**2 uses the output t).",
        "Backward: v.grad += s * (1 - s) * out.grad. And do not forget "
        "`return out` at the end.",
    ],
    reference=sigmoid,
    name="ex2",
    mistakes={"returned-none": _sigmoid_no_return,
              "derivative-from-input": _sigmoid_from_input,
              "assign-instead-of-accumulate": _sigmoid_assigns},
    success="sigmoid agrees with central differences, and it accumulates.",
)

EXERCISES = [ex1, ex2]

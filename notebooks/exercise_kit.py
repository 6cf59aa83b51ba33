"""The exercise framework: how every lesson checks a learner's answer.

``Exercise`` bundles a title, a checker, a ladder of hints and a reference
answer; ``ex.check(answer)`` runs the checker and says in plain words whether
the answer is not attempted yet, correct, or wrong (and which common mistake
it looks like); ``ex.hint()`` and ``ex.solution()`` help a learner who is
stuck.  A checker raises ``Wrong(message, mistake)`` or ``NotAttempted``;
``returned`` catches the commonest slip, a missing ``return``.  ``BareValue``
is the one lesson-style engine the checks build their test graphs with.
"""

import inspect


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


def returned(got, tip="Finish with `return`.", what="your function"):
    """Pass ``got`` through, or name the commonest slip: no ``return``.

    Checkers call it on whatever the learner's code gave back, e.g.
    ``out = returned(answer(a, b), "Finish with `return out`.")``.
    """
    if got is None:
        raise Wrong(f"{what} returned None. {tip}", "returned-none")
    return got


class CheckResult:
    """The outcome of one check: status is "not attempted", "correct" or "wrong"."""

    def __init__(self, status, message, mistake=None):
        self.status = status
        self.message = message
        self.mistake = mistake

    @property
    def correct(self):
        return self.status == "correct"

    def __repr__(self):
        return f"CheckResult({self.status!r}, mistake={self.mistake!r})"


class Exercise:
    """One checked exercise: ``check(answer)``, ``hint()`` and ``solution()``.

    ``checker(answer)`` tests the learner's answer by what it does (it calls
    it on seeded inputs and compares with the reference or with central
    differences).  It returns quietly when the answer is right, and raises
    ``Wrong(message, mistake)`` when not, or ``NotAttempted`` for an untouched
    stub.  A stub that raises NotImplementedError counts as not attempted too.

    ``reference`` is the model answer (shown by solution(), and used by the
    tests, which also feed every answer in ``mistakes`` -- {name: answer} --
    to the checker and expect that name back).
    """

    def __init__(self, title, checker, hints=(), reference=None, mistakes=None,
                 success="", solution_text=None):
        self.title = title
        self.checker = checker
        self.hints = list(hints)
        self.reference = reference
        self.mistakes = dict(mistakes or {})
        self.success = success
        self.solution_text = solution_text
        self.checks = 0
        self.hints_given = 0
        self.last = None

    def evaluate(self, answer):
        """Run the checker and return a CheckResult, printing nothing."""
        try:
            self.checker(answer)
        except (NotAttempted, NotImplementedError):
            return CheckResult(
                "not attempted",
                f"Not attempted yet: {self.title}. Replace the stub above "
                "with your code, run that cell, then run this check again.")
        except Wrong as w:
            return CheckResult("wrong", f"Not yet: {w.message}", w.mistake)
        except Exception as e:  # the learner's code itself failed
            return CheckResult(
                "wrong", "Not yet: your code raised "
                f"{type(e).__name__}: {e}. Read that message, fix the code "
                "and run the check again.", "raised")
        message = "Correct!"
        if self.success:
            message += " " + self.success
        return CheckResult("correct", message)

    def check(self, answer):
        """Check an answer and say in plain words how it went."""
        self.last = self.evaluate(answer)
        if self.last.status != "not attempted":
            self.checks += 1
        print(self.last.message)

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
        if self.checks == 0 and not force:
            print("Give it a try and run the check first (hint() helps). "
                  "To see the answer anyway, call solution(force=True).")
            return
        if self.solution_text is not None:
            text = self.solution_text
        else:
            text = inspect.getsource(self.reference)
        print(inspect.cleandoc(text) if self.solution_text else text.rstrip())


# ---------------------------------------------------------------------------
# The lesson-style engine the checks use
# ---------------------------------------------------------------------------

class BareValue:
    """The Value a learner writes in lessons 02-05, as the checks use it.

    The classic form: ``_backward()`` closures that read ``out.grad``.  It has
    every operation EXCEPT the reflected ones: a + 2, a - 2, a * 2, a / 2 and
    a ** 2 work, but 2 + a, 2 - a, 2 * a and 2 / a do not (lesson 05's first
    exercise adds them).  Results have the same class as the Value they came
    from, so a subclass that adds operations keeps them."""

    def __init__(self, data, _children=(), _op="", label=""):
        self.data = float(data)
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = tuple(_children)
        self._op = _op
        self.label = label

    def __repr__(self):
        return f"{type(self).__name__}(data={self.data}, grad={self.grad})"

    def _wrap(self, other):
        return other if isinstance(other, BareValue) else type(self)(other)

    def __add__(self, other):
        other = self._wrap(other)
        out = type(self)(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = self._wrap(other)
        out = type(self)(self.data * other.data, (self, other), "*")

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

"""The engine a learner writes in lessons 2-5, for tests that must work with
it as well as with the reference engine.

It is the classic form: `_backward()` closures that read `out.grad`, and a
recursive topological sort.  Two variants carry the mistakes the tests need:
children kept in a set (as in the original blog post), and `=` instead of
`+=` in every backward (the reused-node bug of lesson 4).
"""

import math


class LessonValue:
    children = tuple   # how _prev is stored
    assign = False     # True: backward SETS grads instead of adding (the bug)

    def __init__(self, data, _children=(), _op="", label=""):
        self.data, self.grad, self.label = data, 0.0, label
        self._prev, self._op = type(self).children(_children), _op
        self._backward = lambda: None

    def _wrap(self, other):
        return other if isinstance(other, LessonValue) else type(self)(other)

    def _give(self, v, amount):
        v.grad = amount if self.assign else v.grad + amount

    def __add__(self, other):
        other = self._wrap(other)
        out = type(self)(self.data + other.data, (self, other), "+")

        def _backward():
            out._give(self, out.grad)
            out._give(other, out.grad)
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = self._wrap(other)
        out = type(self)(self.data * other.data, (self, other), "*")

        def _backward():
            out._give(self, other.data * out.grad)
            out._give(other, self.data * out.grad)
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = type(self)(t, (self,), "tanh")

        def _backward():
            out._give(self, (1 - t * t) * out.grad)
        out._backward = _backward
        return out

    def backward(self):
        order, seen = [], set()

        def visit(v):
            if v not in seen:
                seen.add(v)
                for c in v._prev:
                    visit(c)
                order.append(v)
        visit(self)
        self.grad = 1.0
        for v in reversed(order):
            v._backward()


class SetChildrenValue(LessonValue):
    """Children in a set, as the original blog post's engine kept them."""
    children = set


class AssignBugValue(LessonValue):
    """`=` instead of `+=` in every backward: reused nodes lose gradient."""
    assign = True

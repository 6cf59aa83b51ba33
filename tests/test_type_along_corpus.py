"""An independent red-team corpus for the checks of the type-along edition.

For every piece in ``type_along.PIECES`` this file holds answer bodies the way
learners write them: RIGHT ones in styles unlike the lesson's code and unlike
``piece.styles`` (each must be accepted), and WRONG ones a learner plausibly
writes (each must be rejected as "wrong", with a message that is true about
that answer, and with the mistake named where the piece names that mistake).

A body is what replaces the def's body in the published cell, dedented, as
``evaluate(piece, body, label)`` of tests/test_type_along.py takes it.  A case
whose verdict is itself wrong (a right answer refused, a wrong one accepted,
a false message) is kept, marked ``xfail(strict=True)`` with the reason.
"""

import sys
import textwrap

import pytest

from test_type_along import _in_the_lessons_folder, evaluate  # noqa: F401 (autouse fixture)
from type_along import piece_named

RIGHT, WRONG = "right", "wrong"


def case(lesson, name, short, kind, body, mistake=None, says=(), never=(), bug=None):
    """One answer.  ``mistake``: the id the check must give; ``says``: phrases its
    message must hold (what makes it true about this answer); ``never``: phrases it
    must not hold (what would be false about it); ``bug``: what is wrong with the
    verdict today (the case is then a strict xfail)."""
    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
    says = (says,) if isinstance(says, str) else tuple(says)
    never = (never,) if isinstance(never, str) else tuple(never)
    return pytest.param(lesson, name, kind, textwrap.dedent(body).strip("\n"), mistake,
                        (says, never), id=f"{lesson}-{name}-{short}", marks=marks)


CASES = [
    # ======================= lesson 02: forward of + and * =======================
    case("02", "add", "keyword-arguments-and-a-name", RIGHT, """
        new = Value(data=self.data + other.data, _children=(self, other), _op="+")
        return new
    """),
    case("02", "add", "helper-variables-list-children", RIGHT, """
        total = self.data
        total = total + other.data
        kids = [self, other]
        return Value(total, kids, "+")
    """),
    case("02", "add", "no-children", WRONG, """
        return Value(self.data + other.data)
    """, mistake="missing-child", says="do not include a and b"),
    case("02", "add", "self-twice", WRONG, """
        return Value(self.data + other.data, (self, self), "+")
    """, mistake="missing-child", says="do not include b"),
    case("02", "add", "copied-mul", WRONG, """
        return Value(self.data * other.data, (self, other), "+")
    """, says="expected"),
    case("02", "add", "changed-self", WRONG, """
        self.data = self.data + other.data
        return self
    """, mistake="changed-input"),
    case("02", "add", "children-are-numbers", WRONG, """
        return Value(self.data + other.data, (self.data, other.data), "+")
    """, mistake="missing-child", says="do not include a and b"),
    case("02", "add", "fitted-number", WRONG, """
        return Value(5.0, (self, other), "+")
    """, says="expected"),
    case("02", "add", "wrong-op-label", WRONG, """
        return Value(self.data + other.data, (self, other), "*")
    """, mistake="wrong-op"),
    case("02", "mul", "helper-variables", RIGHT, """
        product = self.data * other.data
        kids = (self, other)
        return Value(product, kids, "*")
    """),
    case("02", "mul", "keywords-list-other-first-product", RIGHT, """
        return Value(other.data * self.data, _children=[self, other], _op="*")
    """),
    case("02", "mul", "one-child", WRONG, """
        return Value(self.data * other.data, (self,), "*")
    """, mistake="missing-child", says="do not include b"),
    case("02", "mul", "copied-add", WRONG, """
        return Value(self.data + other.data, (self, other), "*")
    """, says="expected"),
    case("02", "mul", "returned-a-number", WRONG, """
        return self.data * other.data
    """, mistake="returned-a-number"),
    case("02", "mul", "children-reversed", WRONG, """
        return Value(self.data * other.data, (other, self), "*")
    """, mistake="children-reversed"),
    case("02", "mul", "children-in-a-set", WRONG, """
        return Value(self.data * other.data, {self, other}, "*")
    """, mistake="children-in-a-set"),
    case("02", "mul", "wrong-op-label", WRONG, """
        return Value(self.data * other.data, (self, other), "+")
    """, mistake="wrong-op"),

    # ======================= lesson 04: the backward of each op ==================
    case("04", "add_backward", "x-equals-x-plus", RIGHT, """
        self.grad = self.grad + out.grad
        other.grad = other.grad + out.grad
    """),
    case("04", "add_backward", "helper-variable", RIGHT, """
        g = out.grad
        self.grad += g * 1
        other.grad += g
    """),
    case("04", "add_backward", "only-self", WRONG, """
        self.grad += out.grad
    """, says="should grow by"),
    case("04", "add_backward", "minus-for-other", WRONG, """
        self.grad += out.grad
        other.grad -= out.grad
    """, says="should grow by"),
    case("04", "add_backward", "mul-rule-in-add", WRONG, """
        self.grad += other.data * out.grad
        other.grad += self.data * out.grad
    """, says="should grow by"),
    case("04", "add_backward", "pushes-into-out", WRONG, """
        out.grad += self.grad + other.grad
    """, mistake="backward-did-nothing"),
    case("04", "add_backward", "snapshot-then-assign", WRONG, """
        mine, theirs = self.grad, other.grad
        self.grad = mine + out.grad
        other.grad = theirs + out.grad
    """, mistake="assign-instead-of-accumulate", says="the same Value twice"),
    case("04", "add_backward", "used-data", WRONG, """
        self.grad += 1.0 * out.data
        other.grad += 1.0 * out.data
    """, mistake="used-data-not-grad"),

    case("04", "mul_backward", "out-grad-first", RIGHT, """
        self.grad = self.grad + out.grad * other.data
        other.grad = other.grad + out.grad * self.data
    """),
    case("04", "mul_backward", "unpacked-data", RIGHT, """
        a, b = self.data, other.data
        self.grad += b * out.grad
        other.grad += a * out.grad
    """),
    case("04", "mul_backward", "loop-over-pairs", RIGHT, """
        for mine, theirs in ((self, other), (other, self)):
            mine.grad += theirs.data * out.grad
    """),
    case("04", "mul_backward", "grad-for-data", WRONG, """
        self.grad += other.grad * out.grad
        other.grad += self.grad * out.grad
    """),
    case("04", "mul_backward", "used-out-data", WRONG, """
        self.grad += other.data * out.data
        other.grad += self.data * out.data
    """, mistake="used-data-not-grad"),
    case("04", "mul_backward", "added-not-multiplied", WRONG, """
        self.grad += other.data + out.grad
        other.grad += self.data + out.grad
    """, says="should grow by"),
    case("04", "mul_backward", "add-rule-in-mul", WRONG, """
        self.grad += out.grad
        other.grad += out.grad
    """, says="should grow by"),
    case("04", "mul_backward", "swapped-other-way", WRONG, """
        self.grad += out.grad * self.data
        other.grad += out.grad * other.data
    """, mistake="swapped-inputs"),
    case("04", "mul_backward", "assign-for-other-only", WRONG, """
        self.grad += other.data * out.grad
        other.grad = self.data * out.grad
    """, mistake="assign-instead-of-accumulate"),

    case("04", "tanh_backward", "tanh-again-from-math", RIGHT, """
        self.grad += (1 - math.tanh(self.data) ** 2) * out.grad
    """),
    case("04", "tanh_backward", "slope-variable-t-times-t", RIGHT, """
        slope = 1 - t * t
        self.grad = self.grad + slope * out.grad
    """),
    case("04", "tanh_backward", "sech-squared", RIGHT, """
        self.grad += out.grad / math.cosh(self.data) ** 2
    """),
    case("04", "tanh_backward", "square-outside-brackets", WRONG, """
        self.grad += (1 - t) ** 2 * out.grad
    """, says="should grow by"),
    case("04", "tanh_backward", "missing-square", WRONG, """
        self.grad += (1 - t) * out.grad
    """, mistake="tanh-slope-missing-square"),
    case("04", "tanh_backward", "plus-sign", WRONG, """
        self.grad += (1 + t**2) * out.grad
    """, says="should grow by"),
    case("04", "tanh_backward", "slope-from-input-math", WRONG, """
        x = self.data
        self.grad += (1 - x * x) * out.grad
    """, mistake="tanh-slope-from-input"),
    case("04", "tanh_backward", "times-out-data", WRONG, """
        self.grad += (1 - t**2) * out.data
    """, mistake="used-data-not-grad"),

    # ======================= lesson 04: the sort and backward() =================
    case("04", "build_topo", "early-return-dfs", RIGHT, """
        order = []
        seen = set()

        def dfs(node):
            if node in seen:
                return
            seen.add(node)
            for kid in node._prev:
                dfs(kid)
            order.append(node)

        dfs(root)
        return order
    """),
    case("04", "build_topo", "returns-lists", RIGHT, """
        visited = set()

        def walk(v):
            if v in visited:
                return []
            visited.add(v)
            found = []
            for c in v._prev:
                found = found + walk(c)
            return found + [v]

        return walk(root)
    """),
    case("04", "build_topo", "place-when-children-placed", RIGHT, """
        nodes, todo = {}, [root]
        while todo:
            v = todo.pop()
            if id(v) not in nodes:
                nodes[id(v)] = v
                todo.extend(v._prev)
        order, placed = [], set()
        while len(order) < len(nodes):
            for v in nodes.values():
                if id(v) not in placed and all(id(c) in placed for c in v._prev):
                    order.append(v)
                    placed.add(id(v))
        return order
    """),
    case("04", "build_topo", "insert-at-front", WRONG, """
        order, visited = [], set()

        def visit(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    visit(child)
                order.insert(0, v)

        visit(root)
        return order
    """, mistake="not-topological", says="turned around"),
    case("04", "build_topo", "reversed-breadth-first", WRONG, """
        order, queue, seen = [], [root], set()
        while queue:
            v = queue.pop(0)
            if v in seen:
                continue
            seen.add(v)
            order.append(v)
            queue.extend(v._prev)
        return order[::-1]
    """, mistake="not-topological", says="before one of its children"),
    case("04", "build_topo", "visited-by-data", WRONG, """
        order, seen = [], set()

        def visit(v):
            if v.data not in seen:
                seen.add(v.data)
                for child in v._prev:
                    visit(child)
                order.append(v)

        visit(root)
        return order
    """, mistake="visited-by-data"),
    case("04", "build_topo", "root-left-out", WRONG, """
        order, visited = [], set()

        def visit(v):
            for child in v._prev:
                if child not in visited:
                    visited.add(child)
                    visit(child)
                    order.append(child)

        visit(root)
        return order
    """, says="Every value must appear exactly once"),
    case("04", "build_topo", "numbers-not-values", WRONG, """
        order, visited = [], set()

        def visit(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    visit(child)
                order.append(v.data)

        visit(root)
        return order
    """, says="not one of the graph's values"),
    case("04", "build_topo", "no-return", WRONG, """
        order, visited = [], set()

        def visit(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    visit(child)
                order.append(v)

        visit(root)
    """, says="return order", never="topological_sort"),

    case("04", "backward", "reverse-in-place", RIGHT, """
        order = build_topo(self)
        order.reverse()
        self.grad = 1.0
        for node in order:
            node._backward()
    """),
    case("04", "backward", "index-loop-down", RIGHT, """
        self.grad = 1
        topo = build_topo(self)
        for i in range(len(topo) - 1, -1, -1):
            topo[i]._backward()
    """),
    case("04", "backward", "pop-until-empty", RIGHT, """
        self.grad = 1.0
        stack = build_topo(self)
        while stack:
            stack.pop()._backward()
    """),
    case("04", "backward", "seed-zero", WRONG, """
        self.grad = 0.0
        for v in reversed(build_topo(self)):
            v._backward()
    """, mistake="forgot-seed"),
    case("04", "backward", "seed-after-the-loop", WRONG, """
        for v in reversed(build_topo(self)):
            v._backward()
        self.grad = 1.0
    """, mistake="nothing-reached-the-inputs", never="children first"),
    case("04", "backward", "each-backward-twice", WRONG, """
        self.grad = 1.0
        for v in reversed(build_topo(self)):
            v._backward()
            v._backward()
    """, says="must run once"),
    case("04", "backward", "reversed-twice", WRONG, """
        topo = list(reversed(build_topo(self)))
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()
    """, mistake="not-reversed"),
    case("04", "backward", "root-skipped", WRONG, """
        self.grad = 1.0
        for v in reversed(build_topo(self)[:-1]):
            v._backward()
    """, never="children first", mistake="nothing-reached-the-inputs"),
    case("04", "backward", "only-own-step", WRONG, """
        self.grad = 1.0
        self._backward()
    """, never="children first", mistake="not-reversed"),

    case("04", "build_topo_stack", "pending-children", RIGHT, """
        order, done = [], set()
        stack = [root]
        while stack:
            v = stack[-1]
            if id(v) in done:
                stack.pop()
                continue
            pending = [c for c in v._prev if id(c) not in done]
            if pending:
                stack.extend(pending)
            else:
                done.add(id(v))
                order.append(v)
                stack.pop()
        return order
    """),
    case("04", "build_topo_stack", "count-parents-kahn", RIGHT, """
        parents, nodes, todo = {}, {id(root): root}, [root]
        while todo:
            v = todo.pop()
            for c in v._prev:
                parents[id(c)] = parents.get(id(c), 0) + 1
                if id(c) not in nodes:
                    nodes[id(c)] = c
                    todo.append(c)
        ready, order = [root], []
        while ready:
            v = ready.pop()
            order.append(v)
            for c in v._prev:
                parents[id(c)] -= 1
                if parents[id(c)] == 0:
                    ready.append(c)
        order.reverse()
        return order
    """),
    case("04", "build_topo_stack", "children-not-reversed", RIGHT, """
        order, visited = [], set()
        stack = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
                continue
            if node in visited:
                continue
            visited.add(node)
            stack.append((node, True))
            for child in node._prev:
                stack.append((child, False))
        return order
    """),
    case("04", "build_topo_stack", "kahn-into-a-deque", RIGHT, """
        from collections import deque
        parents, nodes, todo = {}, {id(root): root}, [root]
        while todo:
            v = todo.pop()
            for c in v._prev:
                parents[id(c)] = parents.get(id(c), 0) + 1
                if id(c) not in nodes:
                    nodes[id(c)] = c
                    todo.append(c)
        order, ready = deque(), [root]
        while ready:
            v = ready.pop()
            order.appendleft(v)
            for c in v._prev:
                parents[id(c)] -= 1
                if not parents[id(c)]:
                    ready.append(c)
        return order
    """),
    case("04", "build_topo_stack", "recursive-returning-lists", WRONG, """
        visited = set()

        def walk(v):
            if v in visited:
                return []
            visited.add(v)
            found = []
            for c in v._prev:
                found += walk(c)
            return found + [v]

        return walk(root)
    """, mistake="recursion-limit"),
    case("04", "build_topo_stack", "stack-without-visited", WRONG, """
        order, stack = [], [(root, False)]
        while stack:
            v, done = stack.pop()
            if done:
                order.append(v)
            else:
                stack.append((v, True))
                for child in reversed(v._prev):
                    stack.append((child, False))
        return order
    """, mistake="visited-twice"),
    case("04", "build_topo_stack", "preorder-reversed", WRONG, """
        order, seen, stack = [], set(), [root]
        while stack:
            v = stack.pop()
            if v in seen:
                continue
            seen.add(v)
            order.append(v)
            stack.extend(v._prev)
        return order[::-1]
    """, mistake="not-topological"),
    case("04", "build_topo_stack", "marked-visited-when-pushed", WRONG, """
        order, visited = [], {root}
        stack = [(root, False)]
        while stack:
            v, done = stack.pop()
            if done:
                order.append(v)
                continue
            stack.append((v, True))
            for c in v._prev:
                if c not in visited:
                    visited.add(c)
                    stack.append((c, False))
        return order
    """, mistake="not-topological", says="before one of its children"),
    case("04", "build_topo_stack", "visited-is-a-list", WRONG, """
        order, visited = [], []
        stack = [(root, False)]
        while stack:
            v, done = stack.pop()
            if done:
                order.append(v)
            elif v not in visited:
                visited.append(v)
                stack.append((v, True))
                for child in reversed(v._prev):
                    stack.append((child, False))
        return order
    """, says="on a list"),

    # ======================= lesson 05: the whole Value =========================
    case("05", "add", "isinstance-number-named-result", RIGHT, """
        if isinstance(other, (int, float)):
            other = Value(other)
        result = Value(self.data + other.data, (self, other), "+")

        def back():
            self.grad = self.grad + result.grad
            other.grad = other.grad + result.grad

        result._backward = back
        return result
    """),
    case("05", "add", "hasattr-and-loop-over-prev", RIGHT, """
        other = other if hasattr(other, "grad") else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            for child in out._prev:
                child.grad += out.grad
        out._backward = _backward
        return out
    """),
    case("05", "add", "always-wraps", WRONG, """
        other = Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out
    """, says="raised TypeError"),
    case("05", "add", "backward-not-attached", WRONG, """
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        return out
    """, mistake="backward-did-nothing", says="out._backward = _backward"),
    case("05", "add", "no-return", WRONG, """
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
    """, mistake="returned-none"),
    case("05", "add", "number-kept-as-child", WRONG, """
        number = other.data if isinstance(other, Value) else other
        out = Value(self.data + number, (self, other), "+")

        def _backward():
            self.grad += out.grad
            if isinstance(other, Value):
                other.grad += out.grad
        out._backward = _backward
        return out
    """, mistake="number-in-children"),
    case("05", "add", "assign-for-other", WRONG, """
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad = out.grad
        out._backward = _backward
        return out
    """, mistake="assign-instead-of-accumulate"),

    case("05", "add", "wraps-floats-only", WRONG, """
        if isinstance(other, float):
            other = Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out
    """, mistake="number-on-the-right"),
    case("05", "mul", "isinstance-number-out-grad-first", RIGHT, """
        if isinstance(other, (int, float)):
            other = Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad = self.grad + out.grad * other.data
            other.grad = other.grad + out.grad * self.data

        out._backward = _backward
        return out
    """),
    case("05", "mul", "captured-numbers", RIGHT, """
        if not isinstance(other, Value):
            other = Value(other)
        x, y = self.data, other.data
        out = Value(x * y, (self, other), "*")

        def _backward():
            self.grad += y * out.grad
            other.grad += x * out.grad
        out._backward = _backward
        return out
    """),
    case("05", "mul", "no-wrap", WRONG, """
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out
    """, mistake="number-on-the-right"),
    case("05", "mul", "forward-adds", WRONG, """
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out
    """, says="expected"),
    case("05", "mul", "grad-for-data", WRONG, """
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.grad * out.grad
            other.grad += self.grad * out.grad
        out._backward = _backward
        return out
    """),
    case("05", "mul", "forgot-chain-rule", WRONG, """
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data
            other.grad += self.data
        out._backward = _backward
        return out
    """, mistake="forgot-chain-rule"),

    case("05", "mul", "wraps-floats-only", WRONG, """
        if type(other) is float:
            other = Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out
    """, mistake="number-on-the-right"),
    case("05", "tanh", "sinh-over-cosh", RIGHT, """
        t = math.sinh(self.data) / math.cosh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += out.grad * (1 - out.data) * (1 + out.data)
        out._backward = _backward
        return out
    """),
    case("05", "tanh", "logistic-form", RIGHT, """
        x = self.data
        t = 2 / (1 + math.exp(-2 * x)) - 1
        result = Value(t, (self,), "tanh")

        def step():
            result_slope = 1 - t ** 2
            self.grad = self.grad + result_slope * result.grad
        result._backward = step
        return result
    """),
    case("05", "tanh", "math-tan", WRONG, """
        t = math.tan(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t**2) * out.grad
        out._backward = _backward
        return out
    """, says="expected"),
    case("05", "tanh", "t-is-the-input", WRONG, """
        t = self.data
        out = Value(math.tanh(t), (self,), "tanh")

        def _backward():
            self.grad += (1 - t**2) * out.grad
        out._backward = _backward
        return out
    """, mistake="tanh-slope-from-input"),
    case("05", "tanh", "no-children", WRONG, """
        t = math.tanh(self.data)
        out = Value(t)

        def _backward():
            self.grad += (1 - t**2) * out.grad
        out._backward = _backward
        return out
    """, mistake="missing-child"),
    case("05", "tanh", "self-not-in-a-tuple", WRONG, """
        t = math.tanh(self.data)
        out = Value(t, self, "tanh")

        def _backward():
            self.grad += (1 - t**2) * out.grad
        out._backward = _backward
        return out
    """, says="not iterable"),
    case("05", "tanh", "assign", WRONG, """
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad = (1 - t**2) * out.grad
        out._backward = _backward
        return out
    """, mistake="assign-instead-of-accumulate"),

    case("05", "backward", "pending-children-stack", RIGHT, """
        order, done, stack = [], set(), [self]
        while stack:
            v = stack[-1]
            if v in done:
                stack.pop()
                continue
            pending = [c for c in v._prev if c not in done]
            if pending:
                stack.extend(pending)
            else:
                done.add(v)
                order.append(v)
                stack.pop()
        self.grad = 1.0
        for v in order[::-1]:
            v._backward()
    """),
    case("05", "backward", "kahn-parents-first", RIGHT, """
        parents, nodes, todo = {}, {self}, [self]
        while todo:
            v = todo.pop()
            for c in v._prev:
                parents[c] = parents.get(c, 0) + 1
                if c not in nodes:
                    nodes.add(c)
                    todo.append(c)
        self.grad = 1.0
        ready = [self]
        while ready:
            v = ready.pop()
            v._backward()
            for c in v._prev:
                parents[c] -= 1
                if parents[c] == 0:
                    ready.append(c)
    """),
    case("05", "backward", "forgot-seed", WRONG, """
        order, visited, stack = [], set(), [(self, False)]
        while stack:
            v, done = stack.pop()
            if done:
                order.append(v)
            elif v not in visited:
                visited.add(v)
                stack.append((v, True))
                for child in reversed(v._prev):
                    stack.append((child, False))
        for v in reversed(order):
            v._backward()
    """, mistake="forgot-seed"),
    case("05", "backward", "no-visited-set", WRONG, """
        order, stack = [], [(self, False)]
        while stack:
            v, done = stack.pop()
            if done:
                order.append(v)
            else:
                stack.append((v, True))
                for child in reversed(v._prev):
                    stack.append((child, False))
        self.grad = 1.0
        for v in reversed(order):
            v._backward()
    """, says="must run once"),
    case("05", "backward", "preorder-walk", WRONG, """
        order, seen, stack = [], set(), [self]
        while stack:
            v = stack.pop()
            if v not in seen:
                seen.add(v)
                order.append(v)
                stack.extend(v._prev)
        self.grad = 1.0
        for v in order:
            v._backward()
    """, says="must run once, after every value that uses it"),
    case("05", "backward", "recursive-helper", WRONG, """
        order, visited = [], set()

        def walk(v):
            if v in visited:
                return
            visited.add(v)
            for c in v._prev:
                walk(c)
            order.append(v)

        walk(self)
        self.grad = 1.0
        for v in order[::-1]:
            v._backward()
    """, mistake="recursion-limit"),

    case("05", "backward", "seed-after-the-walk", WRONG, """
        order, visited, stack = [], set(), [(self, False)]
        while stack:
            v, done = stack.pop()
            if done:
                order.append(v)
            elif v not in visited:
                visited.add(v)
                stack.append((v, True))
                for child in reversed(v._prev):
                    stack.append((child, False))
        for v in reversed(order):
            v._backward()
        self.grad = 1.0
    """, mistake="nothing-reached-the-inputs", never="children first"),
    case("05", "backward", "zeroes-every-grad-first", WRONG, """
        order, visited, stack = [], set(), [(self, False)]
        while stack:
            v, done = stack.pop()
            if done:
                order.append(v)
            elif v not in visited:
                visited.add(v)
                stack.append((v, True))
                for child in reversed(v._prev):
                    stack.append((child, False))
        for v in order:
            v.grad = 0.0
        self.grad = 1.0
        for v in reversed(order):
            v._backward()
    """, mistake="zeroes-grads"),
    case("05", "backward", "recursion-with-a-raised-limit", WRONG, """
        import sys
        sys.setrecursionlimit(100_000)
        order, visited = [], set()

        def visit(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    visit(child)
                order.append(v)

        visit(self)
        self.grad = 1.0
        for v in reversed(order):
            v._backward()
    """, mistake="recursion-limit"),
    case("05", "radd", "wrap-number-first", RIGHT, """
        return Value(other) + self
    """),
    case("05", "radd", "wrap-number-second", RIGHT, """
        return self + Value(other)
    """),
    case("05", "radd", "new-value-from-numbers", WRONG, """
        return Value(other + self.data)
    """, mistake="missing-child"),
    case("05", "radd", "returned-a-number", WRONG, """
        return other + self.data
    """, mistake="returned-a-number"),
    case("05", "radd", "copied-mul", WRONG, """
        return self * other
    """, says="expected"),
    case("05", "radd", "calls-radd", WRONG, """
        return self.__radd__(other)
    """, mistake="reflected-recursion"),

    case("05", "rmul", "wrap-number-first", RIGHT, """
        return Value(other) * self
    """),
    case("05", "rmul", "explicit-mul-of-a-value", RIGHT, """
        factor = Value(other)
        return self.__mul__(factor)
    """),
    case("05", "rmul", "copied-add", WRONG, """
        return self + other
    """, says="expected"),
    case("05", "rmul", "new-value-from-numbers", WRONG, """
        return Value(other * self.data)
    """, mistake="missing-child"),
    case("05", "rmul", "squares", WRONG, """
        return self * self
    """, says="expected"),
    case("05", "rmul", "number-method", WRONG, """
        return other.__mul__(self)
    """, never="attach yours to the class", mistake="returned-notimplemented"),

    case("05", "power", "math-pow", RIGHT, """
        assert isinstance(k, (int, float)), "only numbers"
        result = Value(math.pow(self.data, k), (self,), f"**{k}")

        def _backward():
            self.grad += k * math.pow(self.data, k - 1) * result.grad
        result._backward = _backward
        return result
    """),
    case("05", "power", "slope-from-out-no-assert", RIGHT, """
        out = Value(self.data ** k, (self,), "**" + str(k))

        def _backward():
            slope = k * out.data / self.data
            self.grad = self.grad + slope * out.grad
        out._backward = _backward
        return out
    """),
    case("05", "power", "precedence", WRONG, """
        assert isinstance(k, (int, float))
        out = Value(self.data ** k, (self,), f"**{k}")

        def _backward():
            self.grad += (k * self.data ** k - 1) * out.grad
        out._backward = _backward
        return out
    """, says="should grow by"),
    case("05", "power", "k-from-out-data", WRONG, """
        out = Value(self.data ** k, (self,), f"**{k}")

        def _backward():
            self.grad += k * out.data * out.grad
        out._backward = _backward
        return out
    """, mistake="power-rule-exponent-kept"),
    case("05", "power", "forward-multiplies", WRONG, """
        out = Value(self.data * k, (self,), f"**{k}")

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out
    """, says="expected"),
    case("05", "power", "forgot-chain-rule", WRONG, """
        out = Value(self.data ** k, (self,), f"**{k}")

        def _backward():
            self.grad += k * self.data ** (k - 1)
        out._backward = _backward
        return out
    """, mistake="forgot-chain-rule"),
    case("05", "power", "k-minus-one-in-front", WRONG, """
        out = Value(self.data ** k, (self,), f"**{k}")

        def _backward():
            self.grad += (k - 1) * self.data ** k * out.grad
        out._backward = _backward
        return out
    """, says="should grow by"),

    case("05", "power", "no-return", WRONG, """
        assert isinstance(k, (int, float))
        out = Value(self.data ** k, (self,), f"**{k}")

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
    """, mistake="returned-none"),
    case("05", "exp", "value-captured", RIGHT, """
        value = math.exp(self.data)
        out = Value(value, (self,), "exp")

        def _backward():
            self.grad = self.grad + value * out.grad
        out._backward = _backward
        return out
    """),
    case("05", "exp", "exp-again-in-backward", RIGHT, """
        result = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += math.exp(self.data) * result.grad
        result._backward = _backward
        return result
    """),
    case("05", "exp", "slope-is-x", WRONG, """
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += self.data * out.grad
        out._backward = _backward
        return out
    """, mistake="exp-slope-from-input", says="out.data"),
    case("05", "exp", "slope-one", WRONG, """
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.grad
        out._backward = _backward
        return out
    """, says="should grow by"),
    case("05", "exp", "forgot-chain-rule", WRONG, """
        out = Value(math.exp(self.data), (self,), "exp")

        def _backward():
            self.grad += out.data
        out._backward = _backward
        return out
    """, mistake="forgot-chain-rule"),
    case("05", "exp", "no-children", WRONG, """
        out = Value(math.exp(self.data))

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out
    """, mistake="missing-child"),
    case("05", "exp", "two-to-the-x", WRONG, """
        out = Value(2 ** self.data, (self,), "exp")

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out
    """, says="expected"),

    case("05", "neg", "times-minus-one-value", RIGHT, """
        return self * Value(-1.0)
    """),
    case("05", "neg", "minus-one-first", RIGHT, """
        minus_one = Value(-1)
        return minus_one * self
    """),
    case("05", "neg", "own-value-without-backward", WRONG, """
        return Value(-self.data, (self,), "neg")
    """, mistake="backward-did-nothing"),
    case("05", "neg", "times-plus-one", WRONG, """
        return self * 1
    """, says="expected"),
    case("05", "neg", "flips-self", WRONG, """
        self.data = -self.data
        return self
    """, mistake="changed-input"),
    case("05", "neg", "zero-minus-self", WRONG, """
        return 0 - self
    """),  # TypeError, or RecursionError once lesson 05's __rsub__ (a later cell) exists

    case("05", "sub", "negated-helper", RIGHT, """
        negated = -other
        return self + negated
    """),
    case("05", "sub", "times-minus-one-value", RIGHT, """
        return self + other * Value(-1.0)
    """),
    case("05", "sub", "adds", WRONG, """
        return self + other
    """, says="expected"),
    case("05", "sub", "minus-self-plus-other", WRONG, """
        return -self + other
    """, mistake="reversed-operands"),
    case("05", "sub", "new-value-from-numbers", WRONG, """
        return Value(self.data - other.data)
    """, mistake="missing-child"),
    case("05", "sub", "times-minus-other", WRONG, """
        return self * (-other)
    """, says="expected"),

    case("05", "truediv", "float-exponent", RIGHT, """
        return self * other ** -1.0
    """),
    case("05", "truediv", "inverse-first", RIGHT, """
        inv = other ** -1
        return inv * self
    """),
    case("05", "truediv", "exponent-one", WRONG, """
        return self * other ** 1
    """, says="expected"),
    case("05", "truediv", "inverts-self", WRONG, """
        return self ** -1 * other
    """, mistake="reversed-operands"),
    case("05", "truediv", "new-value-from-numbers", WRONG, """
        return Value(self.data / other.data)
    """, mistake="missing-child"),
    case("05", "truediv", "multiplies", WRONG, """
        return self * other
    """, says="expected"),

    case("05", "rsub", "wrap-then-negate", RIGHT, """
        return Value(other) + (-self)
    """),
    case("05", "rsub", "negated-self-first", RIGHT, """
        return -self + other
    """),
    case("05", "rsub", "minus-other", WRONG, """
        return self + (-other)
    """, mistake="reversed-operands"),
    case("05", "rsub", "other-minus-self", WRONG, """
        return other - self
    """, mistake="reflected-recursion"),
    case("05", "rsub", "new-value-from-numbers", WRONG, """
        return Value(other - self.data)
    """, mistake="missing-child"),

    case("05", "rtruediv", "wrap-times-inverse", RIGHT, """
        return Value(other) * self ** -1
    """),
    case("05", "rtruediv", "inverse-first", RIGHT, """
        inverse = self ** -1
        return inverse * other
    """),
    case("05", "rtruediv", "other-inverted", WRONG, """
        return self * other ** -1
    """, mistake="reversed-operands"),
    case("05", "rtruediv", "other-over-self", WRONG, """
        return other / self
    """, mistake="reflected-recursion"),
    case("05", "rtruediv", "forgot-inverse", WRONG, """
        return other * self
    """, says="expected"),

    case("05", "relu", "if-else-forward", RIGHT, """
        if self.data > 0:
            out = Value(self.data, (self,), "ReLU")
        else:
            out = Value(0.0, (self,), "ReLU")

        def _backward():
            self.grad += out.grad * (self.data > 0)
        out._backward = _backward
        return out
    """),
    case("05", "relu", "boolean-mask", RIGHT, """
        positive = self.data > 0
        out = Value(self.data * positive, (self,), "ReLU")

        def _backward():
            self.grad = self.grad + positive * out.grad
        out._backward = _backward
        return out
    """),
    case("05", "relu", "slope-everywhere", WRONG, """
        out = Value(max(self.data, 0.0), (self,), "ReLU")

        def _backward():
            self.grad += out.grad
        out._backward = _backward
        return out
    """, mistake="relu-slope-everywhere"),
    case("05", "relu", "abs-forward", WRONG, """
        out = Value(abs(self.data), (self,), "ReLU")

        def _backward():
            self.grad += (1.0 if self.data > 0 else 0.0) * out.grad
        out._backward = _backward
        return out
    """, says="expected"),
    case("05", "relu", "passes-negative", WRONG, """
        out = Value(self.data, (self,), "ReLU")

        def _backward():
            self.grad += (1.0 if self.data > 0 else 0.0) * out.grad
        out._backward = _backward
        return out
    """, mistake="relu-passes-negative"),
    case("05", "relu", "assign-when-positive", WRONG, """
        out = Value(max(self.data, 0.0), (self,), "ReLU")

        def _backward():
            if self.data > 0:
                self.grad = out.grad
        out._backward = _backward
        return out
    """, mistake="assign-instead-of-accumulate"),

    # ======================= lesson 06: the network =============================
    case("06", "zero_grad", "integer-zero", RIGHT, """
        for param in self.parameters():
            param.grad = 0
    """),
    case("06", "zero_grad", "setattr-in-a-loop-over-a-copy", RIGHT, """
        params = list(self.parameters())
        for i in range(len(params)):
            setattr(params[i], "grad", 0.0)
    """),
    case("06", "zero_grad", "grad-none", WRONG, """
        for p in self.parameters():
            p.grad = None
    """, mistake="grad-none"),
    case("06", "zero_grad", "module-grad", WRONG, """
        self.grad = 0.0
    """, mistake="not-all-zeroed", says="0 of the"),
    case("06", "zero_grad", "all-but-last", WRONG, """
        for p in self.parameters()[:-1]:
            p.grad = 0.0
    """, mistake="not-all-zeroed"),
    case("06", "zero_grad", "loop-variable-rebound", WRONG, """
        for p in self.parameters():
            p = 0.0
    """, mistake="not-all-zeroed"),
    case("06", "zero_grad", "steps-and-zeroes", WRONG, """
        for p in self.parameters():
            p.data -= 0.1 * p.grad
            p.grad = 0.0
    """, mistake="zeroed-data", says="changed the parameters' data"),

    case("06", "neuron_call", "explicit-loop-elif", RIGHT, """
        total = self.b
        for w, xi in zip(self.w, x):
            total = total + w * xi
        if self.activation == "tanh":
            total = total.tanh()
        elif self.activation == "relu":
            total = total.relu()
        return total
    """),
    case("06", "neuron_call", "bias-added-after-sum", RIGHT, """
        act = sum(w * xi for w, xi in zip(self.w, x)) + self.b
        return {"tanh": act.tanh, "relu": act.relu}.get(self.activation, lambda: act)()
    """),
    case("06", "neuron_call", "index-loop", RIGHT, """
        act = self.b
        for i in range(len(self.w)):
            act += self.w[i] * x[i]
        if self.activation == "linear":
            return act
        return act.tanh() if self.activation == "tanh" else act.relu()
    """),
    case("06", "neuron_call", "sum-from-zero", WRONG, """
        total = 0
        for w, xi in zip(self.w, x):
            total = total + w * xi
        if self.activation == "tanh":
            return total.tanh()
        if self.activation == "relu":
            return total.relu()
        return total
    """, mistake="forgot-bias"),
    case("06", "neuron_call", "tanh-whatever-the-activation", WRONG, """
        act = self.b
        for wi, xi in zip(self.w, x):
            act = act + wi * xi
        return act.tanh()
    """, mistake="always-tanh"),
    case("06", "neuron_call", "bias-after-activation", WRONG, """
        act = sum(wi * xi for wi, xi in zip(self.w, x))
        if self.activation == "tanh":
            return act.tanh() + self.b
        if self.activation == "relu":
            return act.relu() + self.b
        return act + self.b
    """, says="expected"),
    case("06", "neuron_call", "no-activation", WRONG, """
        return sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
    """, mistake="no-activation"),
    case("06", "neuron_call", "relu-otherwise", WRONG, """
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        if self.activation == "tanh":
            return act.tanh()
        return act.relu()
    """, says="linear"),
    case("06", "neuron_call", "every-pair", WRONG, """
        act = sum((wi * xi for wi in self.w for xi in x), self.b)
        if self.activation == "tanh":
            return act.tanh()
        if self.activation == "relu":
            return act.relu()
        return act
    """, says="expected"),
    case("06", "neuron_call", "numbers", WRONG, """
        import math
        act = sum((wi.data * xi for wi, xi in zip(self.w, x)), self.b.data)
        if self.activation == "tanh":
            return math.tanh(act)
        if self.activation == "relu":
            return max(act, 0.0)
        return act
    """, mistake="returned-a-number"),
    case("06", "neuron_call", "only-first-input", WRONG, """
        act = self.w[0] * x[0] + self.b
        if self.activation == "tanh":
            return act.tanh()
        if self.activation == "relu":
            return act.relu()
        return act
    """, mistake="only-first-input"),

    case("06", "neuron_call", "output-wrapped-in-a-value", WRONG, """
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        if self.activation == "tanh":
            act = act.tanh()
        elif self.activation == "relu":
            act = act.relu()
        return Value(act)
    """, says="Value", mistake="data-not-a-number"),
    case("06", "neuron_parameters", "list-plus", RIGHT, """
        return list(self.w) + [self.b]
    """),
    case("06", "neuron_parameters", "copy-and-append", RIGHT, """
        params = self.w.copy()
        params.append(self.b)
        return params
    """),
    case("06", "neuron_parameters", "bias-first", WRONG, """
        return [self.b] + self.w
    """, mistake="wrong-order"),
    case("06", "neuron_parameters", "append-returns-none", WRONG, """
        return self.w.append(self.b)
    """, says="None"),
    case("06", "neuron_parameters", "weights-and-bias-nested", WRONG, """
        return [self.w, self.b]
    """, mistake="nested"),
    case("06", "neuron_parameters", "copies", WRONG, """
        return [Value(p.data) for p in self.w + [self.b]]
    """, mistake="copies"),
    case("06", "neuron_parameters", "appends-to-w-itself", WRONG, """
        params = self.w
        params.append(self.b)
        return params
    """, never="some are in it twice", mistake="changed-input"),

    case("06", "layer_call", "loop-append", RIGHT, """
        outs = []
        for neuron in self.neurons:
            outs.append(neuron(x))
        if len(outs) == 1:
            return outs[0]
        return outs
    """),
    case("06", "layer_call", "one-neuron-first", RIGHT, """
        if len(self.neurons) == 1:
            return self.neurons[0](x)
        return [n(x) for n in self.neurons]
    """),
    case("06", "layer_call", "map-lambda", RIGHT, """
        outs = list(map(lambda n: n(x), self.neurons))
        return outs if len(outs) > 1 else outs[0]
    """),
    case("06", "layer_call", "last-neuron", WRONG, """
        return self.neurons[-1](x)
    """, says="should give a list"),
    case("06", "layer_call", "one-input-each", WRONG, """
        return [n([x[i]]) for i, n in enumerate(self.neurons)]
    """, says="expected"),
    case("06", "layer_call", "summed", WRONG, """
        return sum(n(x) for n in self.neurons)
    """, mistake="only-first-neuron"),
    case("06", "layer_call", "always-a-list", WRONG, """
        outs = []
        for n in self.neurons:
            outs.append(n(x))
        return outs
    """, mistake="list-of-one"),

    case("06", "layer_parameters", "sum-of-lists", RIGHT, """
        return sum((n.parameters() for n in self.neurons), [])
    """),
    case("06", "layer_parameters", "itertools-chain", RIGHT, """
        import itertools
        return list(itertools.chain.from_iterable(n.parameters() for n in self.neurons))
    """),
    case("06", "layer_parameters", "only-first-neuron", WRONG, """
        return self.neurons[0].parameters()
    """, mistake="missing-parameters"),
    case("06", "layer_parameters", "weights-only", WRONG, """
        return [w for n in self.neurons for w in n.w]
    """, mistake="missing-parameters", says="neurons[0].b"),
    case("06", "layer_parameters", "numbers", WRONG, """
        return [p.data for n in self.neurons for p in n.parameters()]
    """, mistake="took-data"),
    case("06", "layer_parameters", "append-lists", WRONG, """
        params = []
        for n in self.neurons:
            params.append(n.parameters())
        return params
    """, mistake="nested"),

    case("06", "mlp_call", "out-variable", RIGHT, """
        out = x
        for layer in self.layers:
            out = layer(out)
        return out
    """),
    case("06", "mlp_call", "reduce", RIGHT, """
        from functools import reduce
        return reduce(lambda h, layer: layer(h), self.layers, x)
    """),
    case("06", "mlp_call", "index-loop", RIGHT, """
        h = x
        for i in range(len(self.layers)):
            h = self.layers[i](h)
        return h
    """),
    case("06", "mlp_call", "no-return", WRONG, """
        for layer in self.layers:
            x = layer(x)
    """, mistake="returned-none"),
    case("06", "mlp_call", "last-layer-only", WRONG, """
        return self.layers[-1](x)
    """, mistake="not-chained"),
    case("06", "mlp_call", "layers-backwards", WRONG, """
        for layer in reversed(self.layers):
            x = layer(x)
        return x
    """, says="raised TypeError"),
    case("06", "mlp_call", "every-layer-on-x", WRONG, """
        return [layer(x) for layer in self.layers]
    """, mistake="list-of-one"),

    case("06", "mlp_call", "output-wrapped-in-a-value", WRONG, """
        for layer in self.layers:
            x = layer(x)
        return Value(x)
    """, says="Value", mistake="data-not-a-number"),
    case("06", "mlp_call", "last-layer-left-out", WRONG, """
        for layer in self.layers[:-1]:
            x = layer(x)
        return x
    """, never="it should give that single Value", mistake="skipped-last-layer"),
    case("06", "mlp_call", "first-layer-left-out", WRONG, """
        for i in range(1, len(self.layers)):
            x = self.layers[i](x)
        return x
    """, says="x goes through every layer in turn"),
    case("06", "mlp_parameters", "extend-loop", RIGHT, """
        params = []
        for layer in self.layers:
            params.extend(layer.parameters())
        return params
    """),
    case("06", "mlp_parameters", "down-to-neurons", RIGHT, """
        params = []
        for layer in self.layers:
            for neuron in layer.neurons:
                params += neuron.parameters()
        return params
    """),
    case("06", "mlp_parameters", "last-layer-only", WRONG, """
        return self.layers[-1].parameters()
    """, mistake="missing-parameters"),
    case("06", "mlp_parameters", "weights-only", WRONG, """
        return [w for layer in self.layers for n in layer.neurons for w in n.w]
    """, mistake="missing-parameters"),
    case("06", "mlp_parameters", "first-layer-twice", WRONG, """
        params = [p for layer in self.layers for p in layer.parameters()]
        return params + self.layers[0].parameters()
    """, mistake="duplicates"),
    case("06", "mlp_parameters", "layers-reversed", WRONG, """
        return [p for layer in reversed(self.layers) for p in layer.parameters()]
    """, mistake="wrong-order"),
    case("06", "mlp_parameters", "append-lists", WRONG, """
        params = []
        for layer in self.layers:
            params.append(layer.parameters())
        return params
    """, mistake="nested"),
]


TRAIN_HEAD = "history = []\nfor _ in range(steps):\n"

CASES += [
    # ======================= lesson 07: the training loop =======================
    case("07", "train", "zeroing-by-hand-x-equals", RIGHT, """
        history = []
        for _ in range(steps):
            preds = [model(x) for x in xs]
            loss = sum([(p - y) ** 2 for p, y in zip(preds, ys)])
            if zero_grad:
                for p in model.parameters():
                    p.grad = 0.0
            loss.backward()
            for p in model.parameters():
                p.data = p.data - lr * p.grad
            history.append(loss.data)
        return history
    """),
    case("07", "train", "zero-after-the-update", RIGHT, """
        losses = []
        for step in range(steps):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
            if zero_grad:
                model.zero_grad()
            losses.append(loss.data)
        return losses
    """),
    case("07", "train", "loss-by-loop-y-minus-pred", RIGHT, """
        losses = []
        for _ in range(steps):
            loss = Value(0.0)
            for x, y in zip(xs, ys):
                diff = y - model(x)
                loss = loss + diff * diff
            if zero_grad:
                model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data += -lr * p.grad
            losses.append(loss.data)
        return losses
    """),
    case("07", "train", "values-kept-then-numbers", RIGHT, """
        kept = []
        for _ in range(steps):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            if zero_grad:
                model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
            kept.append(loss)
        return [l.data for l in kept]
    """),
    case("07", "train", "flag-inverted", WRONG, """
        losses = []
        for _ in range(steps):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            if not zero_grad:
                model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
            losses.append(loss.data)
        return losses
    """, mistake="forgot-zero-grad"),
    case("07", "train", "zero-grad-at-the-top-while-loop", RIGHT, """
        losses, step = [], 0
        while step < steps:
            if zero_grad:
                model.zero_grad()
            predictions = [model(x) for x in xs]
            loss = sum((pred - target) ** 2 for pred, target in zip(predictions, ys))
            loss.backward()
            for param in model.parameters():
                param.data = param.data - lr * param.grad
            losses.append(loss.data)
            step += 1
        return losses
    """),
    case("07", "train", "forward-once-outside-the-loop", WRONG, """
        ypred = [model(x) for x in xs]
        losses = []
        for _ in range(steps):
            loss = sum((yp - yt) ** 2 for yp, yt in zip(ypred, ys))
            if zero_grad:
                model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
            losses.append(loss.data)
        return losses
    """, says="the lesson's loop gives"),
    case("07", "train", "zero-grad-after-backward", WRONG, """
        losses = []
        for _ in range(steps):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            loss.backward()
            if zero_grad:
                model.zero_grad()
            for p in model.parameters():
                p.data -= lr * p.grad
            losses.append(loss.data)
        return losses
    """, says="the lesson's loop gives"),
    case("07", "train", "ignores-flag", WRONG, """
        losses = []
        for _ in range(steps):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
            losses.append(loss.data)
        return losses
    """, mistake="ignores-flag"),
    case("07", "train", "plus-minus-sign", WRONG, """
        losses = []
        for _ in range(steps):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            if zero_grad:
                model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data += -lr * -p.grad
            losses.append(loss.data)
        return losses
    """, mistake="wrong-sign"),
    case("07", "train", "mean-loss", WRONG, """
        losses = []
        for _ in range(steps):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys)) * (1.0 / len(xs))
            if zero_grad:
                model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
            losses.append(loss.data)
        return losses
    """, says="the lesson's loop gives"),
    case("07", "train", "not-squared", WRONG, """
        losses = []
        for _ in range(steps):
            loss = sum((model(x) - y) for x, y in zip(xs, ys))
            if zero_grad:
                model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
            losses.append(loss.data)
        return losses
    """, says="the lesson's loop gives"),
    case("07", "train", "return-inside-the-loop", WRONG, """
        losses = []
        for _ in range(steps):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            if zero_grad:
                model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
            losses.append(loss.data)
            return losses
    """, mistake="wrong-length"),
    case("07", "train", "updates-the-grad", WRONG, """
        losses = []
        for _ in range(steps):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            if zero_grad:
                model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.grad -= lr * p.data
            losses.append(loss.data)
        return losses
    """, says="the lesson's loop gives"),
    case("07", "train", "first-example-only", WRONG, """
        losses = []
        for _ in range(steps):
            loss = (model(xs[0]) - ys[0]) ** 2
            if zero_grad:
                model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
            losses.append(loss.data)
        return losses
    """, says="the lesson's loop gives"),
    case("07", "train", "lr-written-in", WRONG, """
        losses = []
        for _ in range(steps):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            if zero_grad:
                model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= 0.05 * p.grad
            losses.append(loss.data)
        return losses
    """),
    case("07", "train", "four-steps-written-in", WRONG, """
        losses = []
        for _ in range(4):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            if zero_grad:
                model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
            losses.append(loss.data)
        return losses
    """, mistake="wrong-length"),
    case("07", "train", "rounded-losses", WRONG, """
        losses = []
        for _ in range(steps):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            if zero_grad:
                model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
            losses.append(round(loss.data, 4))
        return losses
    """, says="record loss.data"),
    case("07", "train", "losses-as-text", WRONG, """
        losses = []
        for _ in range(steps):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            if zero_grad:
                model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
            losses.append(f"{loss.data:.4f}")
        return losses
    """, says="loss.data", mistake="losses-not-numbers"),
    case("07", "train", "no-return", WRONG, """
        losses = []
        for _ in range(steps):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            if zero_grad:
                model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
            losses.append(loss.data)
    """, mistake="returned-none"),

    # ======================= lesson 10: Tensor ==================================
    case("10", "unbroadcast", "while-and-for", RIGHT, """
        while grad.ndim > len(shape):
            grad = grad.sum(axis=0)
        for i, n in enumerate(shape):
            if n == 1 and grad.shape[i] != 1:
                grad = grad.sum(axis=i, keepdims=True)
        return grad.reshape(shape)
    """),
    case("10", "unbroadcast", "np-sum-no-keepdims", RIGHT, """
        import numpy as np
        lead = grad.ndim - len(shape)
        axes = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape) if n == 1)
        return np.sum(grad, axis=axes).reshape(shape)
    """),
    case("10", "unbroadcast", "early-return-then-keepdims", RIGHT, """
        if grad.shape == tuple(shape):
            return grad
        for _ in range(grad.ndim - len(shape)):
            grad = grad.sum(0)
        ones = tuple(i for i, n in enumerate(shape) if n == 1)
        if ones:
            grad = grad.sum(axis=ones, keepdims=True)
        return grad.reshape(shape)
    """),
    case("10", "unbroadcast", "a-number-for-the-empty-shape", RIGHT, """
        if shape == ():
            return grad.sum()
        lead = grad.ndim - len(shape)
        summed = grad.sum(axis=tuple(range(lead))) if lead else grad
        for axis, n in enumerate(shape):
            if n == 1:
                summed = summed.sum(axis=axis, keepdims=True)
        return summed
    """),
    case("10", "unbroadcast", "total-times-ones", WRONG, """
        import numpy as np
        return np.sum(grad) * np.ones(shape)
    """, mistake="summed-everything"),
    case("10", "unbroadcast", "leading-axes-only", WRONG, """
        while grad.ndim > len(shape):
            grad = grad.sum(axis=0)
        return grad
    """, says="(2, 1)"),
    case("10", "unbroadcast", "stretched-axes-without-offset", WRONG, """
        extra = grad.ndim - len(shape)
        grad = grad.sum(axis=tuple(range(extra)))
        axes = tuple(i + extra for i, n in enumerate(shape) if n == 1)
        return grad.sum(axis=axes, keepdims=True).reshape(shape)
    """),
    case("10", "unbroadcast", "first-stretched-axis-only", WRONG, """
        extra = grad.ndim - len(shape)
        if extra:
            grad = grad.sum(axis=tuple(range(extra)))
        if 1 in shape:
            grad = grad.sum(axis=shape.index(1), keepdims=True)
        return grad.reshape(shape)
    """),
    case("10", "unbroadcast", "mean-not-sum", WRONG, """
        extra = grad.ndim - len(shape)
        axes = tuple(range(extra)) + tuple(extra + i for i, n in enumerate(shape)
                                           if n == 1 and grad.shape[extra + i] != 1)
        return grad.mean(axis=axes, keepdims=True).reshape(shape)
    """, says="the numbers are wrong"),

    case("10", "mul", "named-gradients", RIGHT, """
        ga = unbroadcast(b * grad, self.shape)
        gb = unbroadcast(a * grad, other.shape)
        self._add_grad(ga)
        other._add_grad(gb)
    """),
    case("10", "mul", "np-multiply-and-data", RIGHT, """
        self._add_grad(unbroadcast(np.multiply(grad, other.data), self.data.shape))
        other._add_grad(unbroadcast(np.multiply(grad, self.data), other.data.shape))
    """),
    case("10", "mul", "no-unbroadcast", WRONG, """
        self._add_grad(b * grad)
        other._add_grad(a * grad)
    """, mistake="forgot-unbroadcast"),
    case("10", "mul", "shapes-swapped-in-unbroadcast", WRONG, """
        self._add_grad(unbroadcast(grad * b, b.shape))
        other._add_grad(unbroadcast(grad * a, a.shape))
    """, says="has shape", never="pass each gradient through unbroadcast", mistake="unbroadcast-to-wrong-shape"),
    case("10", "mul", "forgot-grad", WRONG, """
        self._add_grad(unbroadcast(b, a.shape))
        other._add_grad(unbroadcast(a, b.shape))
    """, says="times grad"),
    case("10", "mul", "summed-rows-by-hand", WRONG, """
        self._add_grad(grad * b)
        other._add_grad((grad * a).sum(axis=0))
    """, says="has shape"),
    case("10", "mul", "scaled-grad-in-place", WRONG, """
        scaled = grad
        scaled *= b
        self._add_grad(unbroadcast(scaled, a.shape))
        other._add_grad(unbroadcast(grad * a, b.shape))
    """, never="a.grad is wrong", mistake="changed-input"),
    case("10", "mul", "unbroadcast-only-other", WRONG, """
        self._add_grad(grad * b)
        other._add_grad(unbroadcast(grad * a, b.shape))
    """, mistake="forgot-unbroadcast"),
    case("10", "mul", "assigns-grad", WRONG, """
        self.grad = unbroadcast(grad * b, a.shape)
        other.grad = unbroadcast(grad * a, b.shape)
    """, mistake="assign-instead-of-accumulate"),

    case("10", "sum", "ones-like-times-grad", RIGHT, """
        g = grad if (axis is None or keepdims) else np.expand_dims(grad, axis)
        self._add_grad(np.ones_like(x) * g)
    """),
    case("10", "sum", "reshape-to-kept-dims", RIGHT, """
        kept = [1] * x.ndim if axis is None else list(x.shape)
        if axis is not None:
            kept[axis] = 1
        self._add_grad(np.broadcast_to(np.reshape(grad, kept), x.shape))
    """),
    case("10", "sum", "grad-as-it-came", WRONG, """
        g = np.array(grad)
        self._add_grad(g)
    """, mistake="wrong-shape"),
    case("10", "sum", "forgot-grad", WRONG, """
        self._add_grad(np.ones_like(x))
    """, says="wrong numbers"),
    case("10", "sum", "always-expand", WRONG, """
        if axis is not None:
            grad = np.expand_dims(grad, axis)
        self._add_grad(np.broadcast_to(grad, x.shape))
    """, says="raised ValueError"),
    case("10", "sum", "never-expand", WRONG, """
        self._add_grad(grad * np.ones(x.shape))
    """),
    case("10", "sum", "mean-like", WRONG, """
        if axis is not None and not keepdims:
            grad = np.expand_dims(grad, axis)
        self._add_grad(np.broadcast_to(grad, x.shape) / x.size)
    """, says="wrong numbers"),
    case("10", "sum", "assigns-grad", WRONG, """
        if axis is not None and not keepdims:
            grad = np.expand_dims(grad, axis)
        self.grad = np.broadcast_to(grad, x.shape)
    """, mistake="assign-instead-of-accumulate"),

    case("10", "matmul", "np-dot", RIGHT, """
        self._add_grad(np.dot(grad, b.T))
        other._add_grad(np.dot(a.T, grad))
    """),
    case("10", "matmul", "transpose-of-transposed", RIGHT, """
        self._add_grad(grad @ b.transpose())
        other._add_grad((grad.T @ a).T)
    """),
    case("10", "matmul", "einsum", RIGHT, """
        self._add_grad(np.einsum("km,nm->kn", grad, b))
        other._add_grad(np.einsum("kn,km->nm", a, grad))
    """),
    case("10", "matmul", "factors-in-the-wrong-order", WRONG, """
        self._add_grad(b.T @ grad)
        other._add_grad(grad @ a.T)
    """, mistake="wrong-order"),
    case("10", "matmul", "db-transposed", WRONG, """
        self._add_grad(grad @ b.T)
        other._add_grad(grad.T @ a)
    """, mistake="transposed"),
    case("10", "matmul", "elementwise", WRONG, """
        self._add_grad(grad * b)
        other._add_grad(a * grad)
    """, mistake="elementwise"),
    case("10", "matmul", "transpose-on-grad", WRONG, """
        self._add_grad(grad.T @ b)
        other._add_grad(a @ grad.T)
    """, mistake="misplaced-transpose"),
    case("10", "matmul", "assigns-grad", WRONG, """
        self.grad = grad @ b.T
        other.grad = a.T @ grad
    """, mistake="assign-instead-of-accumulate"),
]


def _piece(lesson, name):
    return piece_named(lesson, name)


@pytest.fixture(autouse=True)
def _recursion_limit_restored():
    """An answer may raise the recursion limit; the next ones meet the usual one."""
    limit = sys.getrecursionlimit()
    yield
    sys.setrecursionlimit(limit)


RIGHTS = [c for c in CASES if c.values[2] == RIGHT]
WRONGS = [c for c in CASES if c.values[2] == WRONG]


@pytest.mark.parametrize("lesson,name,kind,body,mistake,says", RIGHTS)
def test_a_right_answer_in_another_style_is_accepted(lesson, name, kind, body, mistake, says):
    result = evaluate(_piece(lesson, name), body, "corpus right")
    assert result.status == "correct", result.message


@pytest.mark.parametrize("lesson,name,kind,body,mistake,says", WRONGS)
def test_a_wrong_answer_is_refused_with_a_true_message(lesson, name, kind, body, mistake, says):
    result = evaluate(_piece(lesson, name), body, "corpus wrong")
    assert result.status == "wrong", (result.status, result.message)
    if mistake:
        assert result.mistake == mistake, (result.mistake, result.message)
    must, never = says
    for phrase in must:
        assert phrase in result.message, result.message
    for phrase in never:
        assert phrase not in result.message, result.message


def test_every_piece_has_two_right_and_three_wrong_answers():
    from type_along import PIECES
    for p in PIECES:
        mine = [c for c in CASES if c.values[:2] == (p.lesson, p.name)]
        assert sum(c.values[2] == RIGHT for c in mine) >= 2, (p.lesson, p.name)
        assert sum(c.values[2] == WRONG for c in mine) >= 3, (p.lesson, p.name)

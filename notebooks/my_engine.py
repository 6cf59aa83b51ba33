"""Your engine: the Value class you wrote in lessons 02-05.

Saved by lesson 05 (save_engine); lessons 06-08 load it with
load_engine(). Edit the lesson and save again rather than this file.
"""

import math


class Value:
    def __init__(self, data, _children=(), _op="", label=""):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = tuple(_children)
        self._op = _op
        self.label = label

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def tanh(self):
        t = math.tanh(self.data)
        out = Value(t, (self,), "tanh")

        def _backward():
            self.grad += (1 - t**2) * out.grad
        out._backward = _backward
        return out

    def backward(self):
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


def radd(self, other):  # other + self
    return self + other


Value.__radd__ = radd


def rmul(self, other):  # other * self
    return self * other


Value.__rmul__ = rmul


def power(self, k):
    assert isinstance(k, (int, float)), "only a number (int or float) can be an exponent"
    out = Value(self.data ** k, (self,), f"**{k}")

    def _backward():  # d(x**k)/dx = k * x**(k-1)
        self.grad += k * self.data ** (k - 1) * out.grad
    out._backward = _backward
    return out


Value.__pow__ = power


def exp(self):
    out = Value(math.exp(self.data), (self,), "exp")

    def _backward():  # d(e**x)/dx = e**x, which is out.data
        self.grad += out.data * out.grad
    out._backward = _backward
    return out


Value.exp = exp


def neg(self):  # -self
    return self * -1


Value.__neg__ = neg


def sub(self, other):  # self - other
    return self + (-other)


Value.__sub__ = sub


def truediv(self, other):  # self / other
    return self * other ** -1


Value.__truediv__ = truediv


def rtruediv(self, other):  # other / self
    return other * self ** -1


Value.__rtruediv__ = rtruediv


def rsub(self, other):  # other - self
    return other + (-self)


Value.__rsub__ = rsub


def relu(self):
    out = Value(self.data if self.data > 0 else 0.0, (self,), "ReLU")

    def _backward():  # slope 1 where the input was positive, 0 elsewhere
        self.grad += (1.0 if self.data > 0 else 0.0) * out.grad
    out._backward = _backward
    return out


Value.relu = relu

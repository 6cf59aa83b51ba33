"""The hand-over check (notebooks/your_engine.py) against a corpus of saved files.

Each case is a my_engine.py (and for the network, a my_network.py) as a
learner might save it: right ones in styles unlike the lessons' (micrograd's
code with `_prev` as a set, a recursive topological sort, grads as ints,
aliases, one `_backward` dispatching on `_op`, Kahn's order, tanh built from
exp, ...) and wrong ones, each with one slip a learner makes.  Every case is
loaded as lessons 06-08 load it, in a folder of its own, and the one line
printed must be right: a right file is used, a wrong one refused, naming its
slip and the file it is in.  On top of the written cases, every line of every
backward in seven right engines is broken in the two commonest ways (`=` for
`+=`, `* out.grad` left out), and the line must name the operation.
"""

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import autograd_helpers
from conftest import NOTEBOOKS, ROOT
from your_engine import load_engine, load_network


def edit(src, *changes):
    """src with each (old, new) replaced; old must be there."""
    for old, new in changes:
        assert old in src, old
        src = src.replace(old, new)
    return src


# ---------------------------------------------------------------------------
# Right engines, in styles unlike the lessons'
# ---------------------------------------------------------------------------

# micrograd's engine.py, with label=, tanh and exp added
MICROGRAD = '''
import math


class Value:
    """ stores a single scalar value and its gradient """

    def __init__(self, data, _children=(), _op='', label=''):
        self.data = data
        self.grad = 0
        # internal variables used for autograd graph construction
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op # the op that produced this node, for graphviz / debugging / etc
        self.label = label

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other), '+')

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward

        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other), '*')

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward

        return out

    def __pow__(self, other):
        assert isinstance(other, (int, float)), "only supporting int/float powers for now"
        out = Value(self.data**other, (self,), f'**{other}')

        def _backward():
            self.grad += (other * self.data**(other-1)) * out.grad
        out._backward = _backward

        return out

    def relu(self):
        out = Value(0 if self.data < 0 else self.data, (self,), 'ReLU')

        def _backward():
            self.grad += (out.data > 0) * out.grad
        out._backward = _backward

        return out

    def tanh(self):
        x = self.data
        t = (math.exp(2*x) - 1)/(math.exp(2*x) + 1)
        out = Value(t, (self, ), 'tanh')

        def _backward():
            self.grad += (1 - t**2) * out.grad
        out._backward = _backward

        return out

    def exp(self):
        out = Value(math.exp(self.data), (self, ), 'exp')

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward

        return out

    def backward(self):

        # topological order all of the children in the graph
        topo = []
        visited = set()
        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)
        build_topo(self)

        # go one variable at a time and apply the chain rule to get its gradient
        self.grad = 1
        for v in reversed(topo):
            v._backward()

    def __neg__(self): # -self
        return self * -1

    def __radd__(self, other): # other + self
        return self + other

    def __sub__(self, other): # self - other
        return self + (-other)

    def __rsub__(self, other): # other - self
        return other + (-self)

    def __rmul__(self, other): # other * self
        return self * other

    def __truediv__(self, other): # self / other
        return self * other**-1

    def __rtruediv__(self, other): # other / self
        return other * self**-1

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"
'''

# The blog post's engine with its bugs fixed, keeping its style (relu's slope 1 at 0).
BLOG_FIXED = '''
import math


class Value:
  def __init__(self,data,_children=(),_op='',label=''):
    self.data = data
    self.grad = 0.0
    self._backward = lambda: None # backward function does not do anything by default
    self._prev = set(_children) #set for efficiency, children in the backpropagation sense
    self._op = _op
    self.label = label
  def __repr__(self):
    return f"Value(data={self.data})"
  def __add__(self,other):
    other = other if isinstance(other,Value) else Value(other)
    out = Value(self.data+other.data,_children=(self,other),_op='+')
    def _backward():
      self.grad += 1.0*out.grad
      other.grad += 1.0*out.grad
    out._backward = _backward
    return out
  def __mul__(self,other):
    other = other if isinstance(other,Value) else Value(other)
    out = Value(self.data*other.data,_children=(self,other),_op='*')
    def _backward():
      self.grad += other.data*out.grad
      other.grad += self.data*out.grad
    out._backward = _backward
    return out

  def __pow__(self, other):
    assert isinstance(other,(int,float))
    out = Value(self.data**other,(self,),_op=f'**{other}')
    def _backward():
      self.grad += (other*self.data**(other-1)) *out.grad
    out._backward = _backward
    return out
  def tanh(self):
    x= self.data
    t = (math.exp(2*x)-1)/(math.exp(2*x)+1)
    out = Value(t,_children=(self,),_op='tanh')
    def _backward():
      self.grad += (1 - t**2)*out.grad
    out._backward = _backward
    return out

  # exercise: ReLu
  def relu(self):
    out = Value( self.data if self.data >=0 else 0, _children = (self,), _op='ReLU')
    def _backward():
      if self.data>=0:
        self.grad += out.grad
    out._backward = _backward
    return out
  def exp(self):
    x= self.data
    t = Value(math.exp(x), _children=(self,),_op='exp')
    def _backward():
      self.grad += t.data*t.grad
    t._backward = _backward
    return t

  def __truediv__(self,other):
    return self*other**-1
  def __rtruediv__(self,other):
    return other*self**-1

  def backward(self):
    topo = []
    visited =set()
    def build_topo(v):
      if v not in visited:
        visited.add(v)
        for child in v._prev: # FIXED INDENTATION
          build_topo(child)
        topo.append(v) # add yourself to the list after your children get added to the list
    build_topo(self)

    self.grad = 1.0
    for v in reversed(topo): # Propagating backward
      v._backward()

  def __neg__(self):
    return -1*self

  def __sub__(self,other):
    return self + (-other)
  def __radd__(self,other):
    return self+other
  def __rsub__(self,other):
      return (-self)+other
  def __rmul__(self,other):
    return self*other
'''

# Every operation with its own backward; aliases for the reflected + and *;
# try/except to wrap numbers; a staticmethod helper; grads as ints.
OWN = '''
import math


class Value:
    """A scalar with a gradient."""

    def __init__(self, data, _children=(), _op="", label=""):
        self.data = data
        self.grad = 0
        self._backward = lambda: None
        self._prev = tuple(_children)
        self._op = _op
        self.label = label

    def __repr__(self):
        name = f"{self.label}: " if self.label else ""
        return f"<{name}{self.data:.4f} (grad {self.grad:.4f})>"

    @staticmethod
    def wrap(x):
        try:
            x.data
            return x
        except AttributeError:
            return Value(x)

    def __add__(self, other):
        other = Value.wrap(other)
        out = Value(self.data + other.data, (self, other), "+")

        def _backward():
            self.grad += out.grad  # add: self
            other.grad += out.grad  # add: other
        out._backward = _backward
        return out

    __radd__ = __add__

    def __mul__(self, other):
        other = Value.wrap(other)
        out = Value(self.data * other.data, (self, other), "*")

        def _backward():
            self.grad += other.data * out.grad  # mul: self
            other.grad += self.data * out.grad  # mul: other
        out._backward = _backward
        return out

    __rmul__ = __mul__

    def __neg__(self):
        out = Value(-self.data, (self,), "neg")

        def _backward():
            self.grad += -out.grad  # neg
        out._backward = _backward
        return out

    def __sub__(self, other):
        other = Value.wrap(other)
        out = Value(self.data - other.data, (self, other), "-")

        def _backward():
            self.grad += out.grad  # sub: self
            other.grad -= out.grad  # sub: other
        out._backward = _backward
        return out

    def __rsub__(self, other):  # other - self
        out = Value(other - self.data, (self,), "r-")

        def _backward():
            self.grad -= out.grad  # rsub
        out._backward = _backward
        return out

    def __truediv__(self, other):
        other = Value.wrap(other)
        out = Value(self.data / other.data, (self, other), "/")

        def _backward():
            self.grad += out.grad / other.data  # div: self
            other.grad += -self.data / other.data ** 2 * out.grad  # div: other
        out._backward = _backward
        return out

    def __rtruediv__(self, other):  # other / self
        out = Value(other / self.data, (self,), "r/")

        def _backward():
            self.grad += -other / self.data ** 2 * out.grad  # rdiv
        out._backward = _backward
        return out

    def __pow__(self, k):
        out = Value(self.data ** k, (self,), f"**{k}")

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad  # pow
        out._backward = _backward
        return out

    def exp(self):
        e = math.exp(self.data)
        out = Value(e, (self,), "exp")

        def _backward():
            self.grad += e * out.grad  # exp
        out._backward = _backward
        return out

    def tanh(self):
        out = Value(math.tanh(self.data), (self,), "tanh")

        def _backward():
            self.grad += (1 - out.data ** 2) * out.grad  # tanh
        out._backward = _backward
        return out

    def relu(self):
        out = Value(max(0.0, self.data), (self,), "relu")

        def _backward():
            if out.data > 0:
                self.grad += out.grad  # relu
        out._backward = _backward
        return out

    def backward(self):
        topo, seen = [], set()

        def visit(v):
            if v in seen:
                return
            seen.add(v)
            for c in v._prev:
                visit(c)
            topo.append(v)

        visit(self)
        self.grad = 1
        for node in topo[::-1]:
            node._backward()
'''
# One _backward method that dispatches on _op; Kahn's algorithm for the order;
# __slots__; data stored as float.
DISPATCH = '''
import math
from collections import deque


class Value:
    __slots__ = ("data", "grad", "_prev", "_op", "label", "_k")

    def __init__(self, data, _children=(), _op="", label=""):
        self.data = float(data)
        self.grad = 0.0
        self._prev = list(_children)
        self._op = _op
        self.label = label
        self._k = None

    def __repr__(self):
        return "Value(%g)" % self.data

    def _make(self, other):
        return other if isinstance(other, Value) else Value(other)

    def __add__(self, other):
        other = self._make(other)
        return Value(self.data + other.data, [self, other], "+")

    def __mul__(self, other):
        other = self._make(other)
        return Value(self.data * other.data, [self, other], "*")

    def __pow__(self, k):
        out = Value(self.data ** k, [self], "**")
        out._k = k
        return out

    def exp(self):
        return Value(math.exp(self.data), [self], "exp")

    def tanh(self):
        return Value(math.tanh(self.data), [self], "tanh")

    def relu(self):
        return Value(self.data if self.data > 0 else 0.0, [self], "relu")

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return -self + other

    def __truediv__(self, other):
        return self * other ** -1

    def __rtruediv__(self, other):
        return self ** -1 * other

    def _backward(self):
        g = self.grad
        if self._op == "+":
            for c in self._prev:
                c.grad += g
        elif self._op == "*":
            a, b = self._prev
            a.grad += b.data * g
            b.grad += a.data * g
        elif self._op == "**":
            (a,) = self._prev
            a.grad += self._k * a.data ** (self._k - 1) * g
        elif self._op == "exp":
            self._prev[0].grad += self.data * g
        elif self._op == "tanh":
            self._prev[0].grad += (1 - self.data * self.data) * g
        elif self._op == "relu":
            self._prev[0].grad += (self.data > 0) * g

    def backward(self):
        # Kahn: a value is ready once every value that uses it has been done
        users = {}
        todo, seen = [self], {id(self)}
        while todo:
            v = todo.pop()
            for c in v._prev:
                users[id(c)] = users.get(id(c), 0) + 1
                if id(c) not in seen:
                    seen.add(id(c))
                    todo.append(c)
        self.grad = 1.0
        ready = deque([self])
        while ready:
            v = ready.popleft()
            v._backward()
            for c in set(v._prev):
                users[id(c)] -= v._prev.count(c)
                if users[id(c)] == 0:
                    ready.append(c)
'''

# Keeps `children` as well as `_prev`, label defaults to None, docstrings,
# extra methods (log, sigmoid, zero_grad on a graph), tanh built from exp.
EXTRAS = '''
"""My autograd engine."""
import math


class Value:
    """A number that remembers how it was made."""

    def __init__(self, data, children=(), op="", label=None, _children=None, _op=None):
        self.data = data
        self.grad = 0.0
        self.children = tuple(children if _children is None else _children)
        self._prev = self.children
        self._op = op if _op is None else _op
        self.label = label
        self._backward = lambda: None

    def __repr__(self):
        return f"Value(data={self.data:.4g}, grad={self.grad:.4g}, label={self.label!r})"

    def __add__(self, other):
        """self + other"""
        if not isinstance(other, Value):
            other = Value(other)
        out = Value(self.data + other.data, (self, other), "+")
        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        """self * other"""
        if not isinstance(other, Value):
            other = Value(other)
        out = Value(self.data * other.data, (self, other), "*")
        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def __pow__(self, n):
        out = Value(self.data ** n, (self,), f"^{n}")
        def _backward():
            self.grad += n * (self.data ** (n - 1)) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        out = Value(math.e ** self.data, (self,), "exp")
        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def log(self):
        out = Value(math.log(self.data), (self,), "log")
        def _backward():
            self.grad += out.grad / self.data
        out._backward = _backward
        return out

    def tanh(self):
        """tanh from exp: (e^2x - 1) / (e^2x + 1), each piece a Value operation."""
        e = (2 * self).exp()
        return (e - 1) / (e + 1)

    def sigmoid(self):
        return 1 / (1 + (-self).exp())

    def relu(self):
        out = Value(self.data * (self.data > 0), (self,), "relu")
        def _backward():
            self.grad += (self.data > 0) * out.grad
        out._backward = _backward
        return out

    def __neg__(self): return self * -1
    def __radd__(self, other): return self + other
    def __rmul__(self, other): return self * other
    def __sub__(self, other): return self + (-other)
    def __rsub__(self, other): return Value(other) - self
    def __truediv__(self, other): return self * other ** -1
    def __rtruediv__(self, other): return Value(other) / self

    def topo(self):
        order, seen, stack = [], set(), [(self, iter(self._prev))]
        seen.add(self)
        while stack:
            node, kids = stack[-1]
            for k in kids:
                if k not in seen:
                    seen.add(k)
                    stack.append((k, iter(k._prev)))
                    break
            else:
                stack.pop()
                order.append(node)
        return order

    def zero_grad(self):
        for v in self.topo():
            v.grad = 0.0

    def backward(self):
        self.grad = 1.0
        for v in reversed(self.topo()):
            v._backward()
'''

# Lesson 05's engine as save_engine writes it
LESSON = '''"""Your engine: the Value class you wrote in lessons 02-05.

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
'''

# lesson 06's network as save_network writes it
NET_LESSON = '''"""Your network: the Module, Neuron, Layer and MLP you wrote in lesson 06.

Saved by lesson 06 (save_network); lessons 07 and 08 load it, with
your engine, with load_network().
"""

import random

from my_engine import Value


class Module:
    def parameters(self):
        return []

    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0.0


class Neuron(Module):
    def __init__(self, nin, activation="tanh", rng=random):
        self.w = [Value(rng.uniform(-1, 1), label=f"w{i + 1}") for i in range(nin)]
        self.b = Value(rng.uniform(-1, 1), label="b")
        self.activation = activation  # "tanh", "relu", or "linear" for none

    def __call__(self, x):
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)   # w · x + b
        if self.activation == "tanh":
            return act.tanh()
        if self.activation == "relu":
            return act.relu()
        return act

    def parameters(self):
        return self.w + [self.b]


class Layer(Module):
    def __init__(self, nin, nout, activation="tanh", rng=random):
        self.neurons = [Neuron(nin, activation, rng) for _ in range(nout)]

    def __call__(self, x):
        outs = [n(x) for n in self.neurons]
        return outs[0] if len(outs) == 1 else outs

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]


class MLP(Module):
    def __init__(self, nin, nouts, activation="tanh", final_activation=None, rng=random):
        sizes = [nin] + nouts
        self.layers = []
        for i in range(len(nouts)):
            last = i == len(nouts) - 1
            act = final_activation if last and final_activation else activation
            self.layers.append(Layer(sizes[i], sizes[i + 1], act, rng))

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]
'''

# micrograd's nn.py, given the lessons' activation names and rng
NET_MICRO = '''
import random
from my_engine import Value


class Module:

    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0

    def parameters(self):
        return []


class Neuron(Module):

    def __init__(self, nin, activation="tanh", rng=random):
        self.w = [Value(rng.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(rng.uniform(-1, 1))
        self.activation = activation

    def __call__(self, x):
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return {"tanh": Value.tanh, "relu": Value.relu}.get(self.activation, lambda v: v)(act)

    def parameters(self):
        return self.w + [self.b]

    def __repr__(self):
        return f"{self.activation} Neuron({len(self.w)})"


class Layer(Module):

    def __init__(self, nin, nout, **kwargs):
        self.neurons = [Neuron(nin, **kwargs) for _ in range(nout)]

    def __call__(self, x):
        out = [n(x) for n in self.neurons]
        return out[0] if len(out) == 1 else out

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]


class MLP(Module):

    def __init__(self, nin, nouts, activation="tanh", final_activation=None, rng=random):
        sz = [nin] + nouts
        last = final_activation or activation
        self.layers = [Layer(sz[i], sz[i + 1], rng=rng,
                             activation=last if i == len(nouts) - 1 else activation)
                       for i in range(len(nouts))]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]
'''

# no Module base: loops, extend, its own zero_grad in MLP only; layers return lists
NET_LOOPS = '''
import random
from my_engine import Value


class Neuron:
    def __init__(self, nin, activation="tanh", rng=random):
        self.w = []
        for i in range(nin):
            self.w.append(Value(rng.uniform(-1, 1), label="w" + str(i)))
        self.b = Value(rng.uniform(-1, 1), label="b")
        self.activation = activation

    def __call__(self, x):
        total = self.b
        for wi, xi in zip(self.w, x):
            total = total + wi * xi
        if self.activation == "linear":
            return total
        return total.relu() if self.activation == "relu" else total.tanh()

    def parameters(self):
        return self.w + [self.b]


class Layer:
    def __init__(self, nin, nout, activation="tanh", rng=random):
        self.neurons = [Neuron(nin, activation, rng) for _ in range(nout)]

    def __call__(self, x):
        return [n(x) for n in self.neurons]

    def parameters(self):
        ps = []
        for n in self.neurons:
            ps.extend(n.parameters())
        return ps


class MLP:
    def __init__(self, nin, nouts, activation="tanh", final_activation=None, rng=random):
        sizes = [nin] + nouts
        self.layers = []
        for i in range(len(nouts)):
            act = activation
            if i == len(nouts) - 1 and final_activation is not None:
                act = final_activation
            self.layers.append(Layer(sizes[i], sizes[i + 1], act, rng))

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x[0] if len(x) == 1 else x

    def parameters(self):
        ps = []
        for layer in self.layers:
            ps.extend(layer.parameters())
        return ps

    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0.0
'''


# ---------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------


def edit(src, *pairs):
    for old, new in pairs:
        assert src.count(old) >= 1, old
        src = src.replace(old, new)
    return src

# (name, my_engine.py, my_network.py or None, None if it is accepted, else
# (the file the line must blame, words the line must contain))
CASES = []


def ok(name, engine, network=None):
    CASES.append((name, engine, network, None))


def bad(name, engine, words, network=None, file="my_engine.py"):
    CASES.append((name, engine, network, (file, words)))

ok("micrograd with label, tanh, exp", MICROGRAD)
ok("blog post, fixed", BLOG_FIXED)
ok("own backward everywhere, aliases, try/except, int grads", OWN)
ok("one _backward dispatching on _op, Kahn order, slots", DISPATCH)
ok("children and _prev, label None, tanh from exp, extras", EXTRAS)
ok("lesson 05 as saved", LESSON)
ok("recursive build_topo attached later", edit(LESSON, ("""    def backward(self):
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
""", ""), ("Value.relu = relu\n", '''Value.relu = relu


def build_topo(root):
    order, visited = [], set()

    def visit(v):
        if v not in visited:
            visited.add(v)
            for child in v._prev:
                visit(child)
            order.append(v)  # only after all of v's children

    visit(root)
    return order


def backward(self):
    self.grad = 1.0
    for v in reversed(build_topo(self)):
        v._backward()


Value.backward = backward
''')))

# ---- order ----
BK = """        self.grad = 1.0
        for v in reversed(order):
            v._backward()"""
bad("breadth-first order from the root", edit(LESSON, (BK, """        self.grad = 1.0
        queue, seen = [self], {self}
        for v in queue:
            v._backward()
            for c in v._prev:
                if c not in seen:
                    seen.add(c)
                    queue.append(c)""")), ["order"])
# Where the order of a walk is the slip, children in a tuple keep each run the same.
MICRO_TUPLE = edit(MICROGRAD, ("self._prev = set(_children)", "self._prev = tuple(_children)"))
bad("pre-order topo (self before children), reversed",
    edit(MICRO_TUPLE, ("""                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)""", """                visited.add(v)
                topo.append(v)
                for child in v._prev:
                    build_topo(child)""")), ["order"])
bad("topo not reversed", edit(LESSON, ("for v in reversed(order):", "for v in order:")), ["order"])
bad("topo checks edges, not nodes (lesson 02's bug): shared values run twice",
    edit(MICROGRAD, ("""        topo = []
        visited = set()
        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)""", """        topo = []
        edges = set()
        def build_topo(v):
            if v not in edges:
                for child in v._prev:
                    edges.add((child, v))
                    build_topo(child)
                topo.append(v)""")), ["once per path"])
bad("no visited set at all",
    edit(MICROGRAD, ("            if v not in visited:\n", "            if True:\n")),
    ["once per path"])
bad("visited keyed by data: equal numbers are skipped",
    edit(MICROGRAD,
         ("if v not in visited:\n                visited.add(v)",
          "if v.data not in visited:\n                visited.add(v.data)")),
    ["skip"])
bad("backward zeroes every grad first", edit(LESSON, (BK, """        for v in order:
            v.grad = 0.0
""" + BK)), ["add up"])
bad("backward does not set its own grad to 1",
    edit(MICROGRAD, ("        self.grad = 1\n", "")),
    ["grad = 1"])
bad("__eq__ by data (unhashable)",
    edit(MICROGRAD,
         ("    def __repr__",
          "    def __eq__(self, other):\n        return isinstance(other, Value) and self.data == other.data\n\n    def __repr__")),
    ["__eq__"])

# ---- = instead of += (or -=) in every line of one operation's backward ----
def assigning(src, tag):
    """src with `=` for `+=` and `-=` in the lines marked `# tag` (OWN marks its backwards)."""
    return "\n".join(line.replace("+=", "=").replace("-=", "= -") if f"# {tag}" in line else line
                     for line in src.split("\n"))


for op, tag in [("__add__", "add"), ("__mul__", "mul"), ("__neg__", "neg"), ("__sub__", "sub"),
                ("__rsub__", "rsub"), ("__truediv__", "div"), ("__rtruediv__", "rdiv"),
                ("__pow__", "pow"), ("exp", "exp"), ("tanh", "tanh"), ("relu", "relu")]:
    assert f"# {tag}" in OWN
    bad(f"= instead of += in {op}", assigning(OWN, tag), [op, "+="])
bad("= in relu's else branch (blog)", edit(BLOG_FIXED, ("""      if self.data>=0:
        self.grad += out.grad
""", """      if self.data>=0:
        self.grad += out.grad
      else:
        self.grad = 0
""")), ["relu", "+="])
bad("__radd__ aliased, second input only once: other.grad = in add of micrograd",
    edit(MICROGRAD, ("            other.grad += out.grad\n", "            other.grad = out.grad\n")),
    ["__add__", "+="])

# ---- slopes and values ----
bad("tanh slope from the input",
    edit(OWN, ("(1 - out.data ** 2)", "(1 - self.data ** 2)")),
    ["tanh", "slope"])
bad("tanh slope (1 - t)**2", edit(MICROGRAD, ("(1 - t**2)", "(1 - t)**2")), ["tanh", "slope"])
bad("relu slope = its output",
    edit(MICROGRAD, ("(out.data > 0) * out.grad", "out.data * out.grad")),
    ["relu", "slope"])
bad("relu looks at the sign of out.grad",
    edit(OWN,
         ("            if out.data > 0:\n                self.grad += out.grad  # relu",
          "            if out.grad > 0:\n                self.grad += out.grad  # relu")),
    ["relu", "slope"])
bad("relu returns None (blog)",
    edit(BLOG_FIXED,
         ("    out._backward = _backward\n    return out\n  def exp",
          "    out._backward = _backward\n  def exp")),
    ["relu", "return"])
bad("exp computes e**(2x) (blog)",
    edit(BLOG_FIXED, ("t = Value(math.exp(x),", "t = Value(math.exp(2*x),")),
    ["exp"])
bad("exp backward multiplies by the Value t (blog)",
    edit(BLOG_FIXED, ("self.grad += t.data*t.grad", "self.grad += t*t.grad")),
    ["exp"])
bad("exp slope from the input",
    edit(OWN, ("self.grad += e * out.grad", "self.grad += self.data * out.grad")),
    ["exp", "slope"])
bad("__rsub__ reversed (blog)",
    edit(BLOG_FIXED, ("return (-self)+other", "return self-other")),
    ["__rsub__", "other - self"])
bad("__rtruediv__ reversed",
    edit(MICROGRAD, ("return other * self**-1", "return self * other**-1")),
    ["__rtruediv__", "other / self"])
bad("__rsub__ = __sub__ alias",
    edit(OWN,
         ("    def __rsub__(self, other):  # other - self",
          "    __rsub__ = __sub__\n\n    def __rsub_unused(self, other):")),
    ["__rsub__"])
bad("__pow__ slope k*x**k",
    edit(MICROGRAD, ("(other * self.data**(other-1))", "(other * self.data**other)")),
    ["__pow__", "slope"])
bad("__pow__ slope (k-1)*x**(k-1)",
    edit(MICROGRAD, ("(other * self.data**(other-1))", "((other-1) * self.data**(other-1))")),
    ["__pow__", "slope"])
bad("__sub__ own backward with the wrong sign",
    edit(OWN, ("other.grad -= out.grad  # sub: other", "other.grad += out.grad  # sub: other")),
    ["__sub__", "slope"])
bad("__neg__ not connected to its input",
    edit(MICROGRAD, ("        return self * -1\n", "        return Value(-self.data)\n")),
    ["__neg__"])
bad("__mul__ does not wrap numbers",
    edit(MICROGRAD,
         ("        other = other if isinstance(other, Value) else Value(other)\n        out = Value(self.data * other.data",
          "        out = Value(self.data * other.data")),
    ["a * 2"])

# ---- interface ----
bad("no _op (called op)", edit(LESSON, ("self._op = _op", "self.op = _op")), ["_op", "op"])
bad("_children instead of _prev",
    edit(LESSON,
         ("self._prev = tuple(_children)", "self._children = tuple(_children)"),
         ("v._prev", "v._children")),
    ["_prev", "_children"])
bad("no label= (micrograd exact)",
    edit(MICROGRAD, ("_op='', label=''", "_op=''"), ("        self.label = label\n", "")),
    ["label"])
bad("no __radd__",
    edit(MICROGRAD,
         ("    def __radd__(self, other): # other + self\n        return self + other\n", "")),
    ["__radd__"])
bad("no tanh", edit(LESSON, ("    def tanh(self):", "    def tanh_(self):")), ["tanh"])
bad("grad starts as None",
    edit(LESSON,
         ("        self.grad = 0.0\n        self._backward",
          "        self.grad = None\n        self._backward")),
    ["grad"])
bad("operations do not pass _op",
    edit(MICROGRAD, ("(self, other), '*')", "(self, other))")),
    ["_op"])
bad("syntax error in the file",
    LESSON.replace("def relu(self):", "def relu(self)"),
    ["could not be loaded", "SyntaxError"])

# ---- networks (on the lesson's engine unless said) ----
def okn(name, network, engine=LESSON):
    CASES.append((name, engine, network, None))


def badn(name, network, words, engine=LESSON, file="my_network.py"):
    CASES.append((name, engine, network, (file, words)))
okn("lesson 06 network", NET_LESSON)
okn("micrograd's nn.py with activations", NET_MICRO)
okn("loops, no Module, layers return lists", NET_LOOPS)
okn("lesson 06 network on the micrograd engine", NET_LESSON, MICROGRAD)
okn("loops network on the dispatching engine", NET_LOOPS, DISPATCH)
badn("parameters: bias first",
     edit(NET_LESSON, ("return self.w + [self.b]", "return [self.b] + self.w")),
     ["parameters()"])
badn("bias left out of parameters()",
     edit(NET_LESSON, ("return self.w + [self.b]", "return self.w")),
     ["parameters"])
badn("bias never added in", edit(NET_LOOPS, ("total = self.b\n", "total = 0\n")), ["bias"])
badn("final_activation ignored",
     edit(NET_LESSON,
          ("act = final_activation if last and final_activation else activation",
           "act = activation")),
     ["activation"])
badn("no zero_grad",
     edit(NET_LOOPS,
          ("    def zero_grad(self):\n        for p in self.parameters():\n            p.grad = 0.0\n",
           "")),
     ["zero_grad"])
badn("zero_grad sets None", edit(NET_LOOPS, ("p.grad = 0.0", "p.grad = None")), ["zero_grad"])
badn("parameters() returns a generator",
     edit(NET_LESSON,
          ("return [p for layer in self.layers for p in layer.parameters()]",
           "return (p for layer in self.layers for p in layer.parameters())")),
     ["generator"])
badn("MLP without rng (blog)",
     edit(NET_LESSON, ("final_activation=None, rng=random", "final_activation=None")),
     ["rng"])
badn("weights from .data (graph cut)",
     edit(NET_LOOPS, ("total = total + wi * xi", "total = total + wi.data * xi")),
     [".data"])
badn("bias drawn before the weights", edit(NET_LOOPS, ('''        self.w = []
        for i in range(nin):
            self.w.append(Value(rng.uniform(-1, 1), label="w" + str(i)))
        self.b = Value(rng.uniform(-1, 1), label="b")''', '''        self.b = Value(rng.uniform(-1, 1), label="b")
        self.w = []
        for i in range(nin):
            self.w.append(Value(rng.uniform(-1, 1), label="w" + str(i)))''')), ["bias"])
badn("output stays a list of one",
     edit(NET_LOOPS, ("return x[0] if len(x) == 1 else x", "return x")),
     ["list"])
badn("network fine, engine's relu has = (shows only in the network?)",
     NET_LESSON,
     ["relu"],
     engine=edit(OWN, ("self.grad += out.grad  # relu", "self.grad = out.grad  # relu")),
     file="my_engine.py")
bad("backward sets grad = 1 after the loop", edit(LESSON, (BK, """        for v in reversed(order):
            v._backward()
        self.grad = 1.0""")), ["self.grad = 1"])
bad("backward leaves out the root (topo[:-1])",
    edit(MICROGRAD, ("for v in reversed(topo):", "for v in reversed(topo[:-1]):")),
    ["never runs", "value it is called on"])
bad("closures kept as _grad_fn, not _backward; = in mul",
    edit(edit(MICROGRAD, ("_backward", "_grad_fn")),
         ("other.grad += self.data * out.grad", "other.grad = self.data * out.grad")),
    ["__mul__", "+="])
ok("closures kept as _grad_fn; radd returns self for 0",
   edit(MICROGRAD,
        ("_backward", "_grad_fn"),
        ("        return self + other\n\n    def __sub__",
         "        return self if other == 0 else self + other\n\n    def __sub__")))
ok("backward: root grad += 1, relu via max",
   edit(OWN, ("        self.grad = 1\n", "        self.grad += 1\n")))
badn("MLP takes rng but Layer does not pass it on",
     edit(NET_LESSON, ("Neuron(nin, activation, rng)", "Neuron(nin, activation)")),
     ["rng"])
okn("weights from rng.random() * 2 - 1 (the same numbers)",
    edit(NET_LESSON,
         ("Value(rng.uniform(-1, 1), label=f\"w{i + 1}\")",
          "Value(rng.random() * 2 - 1, label=f\"w{i + 1}\")")))
badn("weights from rng.gauss",
     edit(NET_LESSON,
          ("Value(rng.uniform(-1, 1), label=f\"w{i + 1}\")",
           "Value(rng.gauss(0, 1), label=f\"w{i + 1}\")")),
     ["rng.uniform"])
badn("Neuron: linear falls through to tanh",
     edit(NET_LOOPS, ('''        if self.activation == "linear":
            return total
''', "")), ["linear"])
bad("label kept as name",
    edit(LESSON, ("self.label = label", "self.name = label")),
    ["label", "name"])
bad("__repr__ breaks on label None",
    edit(EXTRAS,
         ('return f"Value(data={self.data:.4g}, grad={self.grad:.4g}, label={self.label!r})"',
          'return f"Value({self.label:>3} = {self.data:.4g})"')),
    ["repr"])
bad("__repr__ forgets return",
    edit(MICROGRAD,
         ('        return f"Value(data={self.data}, grad={self.grad})"',
          '        print(f"Value(data={self.data}, grad={self.grad})")')),
    ["repr"])
bad("__pow__ with a Value exponent and log(base) slope",
    edit(MICROGRAD, ('''        assert isinstance(other, (int, float)), "only supporting int/float powers for now"
        out = Value(self.data**other, (self,), f'**{other}')

        def _backward():
            self.grad += (other * self.data**(other-1)) * out.grad''', '''        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data**other.data, (self, other), '**')

        def _backward():
            self.grad += (other.data * self.data**(other.data-1)) * out.grad
            other.grad += math.log(self.data) * out.data * out.grad''')), ["b ** -2", "ValueError"])
bad("__truediv__ own backward, square missing",
    edit(OWN,
         ("other.grad += -self.data / other.data ** 2 * out.grad",
          "other.grad += -self.data / other.data * out.grad")),
    ["__truediv__", "slope"])
okn("MLP builds its sizes by changing nouts", edit(NET_LESSON, ('''        sizes = [nin] + nouts
        self.layers = []''', '''        nouts.insert(0, nin)
        sizes = nouts
        nouts = sizes[1:]
        self.layers = []''')))
okn("lesson 06 network again (after one that changed nouts)", NET_LESSON)
badn("Module.parameters never overridden in MLP", edit(NET_LESSON, ('''    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]''', '''    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x''')), ["parameters()"])
badn("zero_grad only of the first layer",
     edit(NET_LOOPS,
          ("        for p in self.parameters():\n            p.grad = 0.0",
           "        for p in self.layers[0].parameters():\n            p.grad = 0.0")),
     ["zero_grad"])
ok("prints in every backward (debugging left in)",
   edit(MICROGRAD,
        ("        for v in reversed(topo):\n            v._backward()",
         "        for v in reversed(topo):\n            print('backward of', v)\n            v._backward()")))
okn("network prints its outputs",
    edit(NET_LESSON,
         ("            x = layer(x)\n        return x",
          "            x = layer(x)\n        print(x)\n        return x")))


# ---- more: a second round ----
OWN_REFLECTED = edit(
    OWN,
    ("    __radd__ = __add__\n", """    def __radd__(self, other):  # other + self
        out = Value(other + self.data, (self,), "r+")

        def _backward():
            self.grad += out.grad  # radd
        out._backward = _backward
        return out
"""), ("    __rmul__ = __mul__\n", """    def __rmul__(self, other):  # other * self
        out = Value(other * self.data, (self,), "r*")

        def _backward():
            self.grad += other * out.grad  # rmul
        out._backward = _backward
        return out
"""))
MICRO_BACKWARD = """        # topological order all of the children in the graph
        topo = []
        visited = set()
        def build_topo(v):
            if v not in visited:
                visited.add(v)
                for child in v._prev:
                    build_topo(child)
                topo.append(v)
        build_topo(self)

        # go one variable at a time and apply the chain rule to get its gradient
        self.grad = 1
        for v in reversed(topo):
            v._backward()"""
OWN_RELU = "            if out.data > 0:\n                self.grad += out.grad  # relu"
ok("own backward for __radd__ and __rmul__", OWN_REFLECTED)
bad("= instead of += in __radd__",
    edit(OWN_REFLECTED, ("self.grad += out.grad  # radd", "self.grad = out.grad  # radd")),
    ["__radd__", "+="])
bad("= instead of += in __rmul__",
    edit(OWN_REFLECTED,
         ("self.grad += other * out.grad  # rmul", "self.grad = other * out.grad  # rmul")),
    ["__rmul__", "+="])
bad("relu passes the gradient from -0.5 up",
    edit(OWN, (OWN_RELU, OWN_RELU.replace("out.data > 0", "self.data > -0.5"))),
    ["relu", "slope"])
bad("relu passes the gradient only from 0.5 up",
    edit(OWN, (OWN_RELU, OWN_RELU.replace("out.data > 0", "self.data > 0.5"))),
    ["relu", "slope"])
bad("recursive backward without a topological sort",
    edit(MICROGRAD, (MICRO_BACKWARD, """        def go(v):
            v._backward()
            for child in v._prev:
                go(child)
        self.grad = 1
        go(self)""")), ["once per path"])
bad("recursive backward, pre-order with a visited set",
    edit(MICRO_TUPLE, (MICRO_BACKWARD, """        visited = set()
        def go(v):
            if v not in visited:
                visited.add(v)
                v._backward()
                for child in v._prev:
                    go(child)
        self.grad = 1
        go(self)""")), ["wrong order"])
bad("visited keyed by label",
    edit(MICROGRAD,
         ("if v not in visited:\n                visited.add(v)",
          "if v.label not in visited:\n                visited.add(v.label)")),
    ["skips"])
badn("parameters() lists the layers backwards",
     edit(NET_LESSON,
          ("for layer in self.layers for p in layer.parameters()]",
           "for layer in reversed(self.layers) for p in layer.parameters()]")),
     ["parameters()"])
badn("zero_grad loops over self.parameters without ()",
     edit(NET_LESSON,
          ("        for p in self.parameters():\n            p.grad = 0.0",
           "        for p in self.parameters:\n            p.grad = 0.0")),
     ["zero_grad", "not iterable"])
badn("Neuron applies tanh twice",
     edit(NET_LOOPS, ("else total.tanh()", "else total.tanh().tanh()")),
     ["outputs"])
bad("__slots__ engine walking breadth-first", edit(DISPATCH, ("""        self.grad = 1.0
        ready = deque([self])
        while ready:
            v = ready.popleft()
            v._backward()
            for c in set(v._prev):
                users[id(c)] -= v._prev.count(c)
                if users[id(c)] == 0:
                    ready.append(c)""", """        self.grad = 1.0
        queue, seen = [self], {id(self)}
        for v in queue:
            v._backward()
            for c in v._prev:
                if id(c) not in seen:
                    seen.add(id(c))
                    queue.append(c)""")), ["wrong order"])
bad("_prev kept as a generator",
    edit(MICROGRAD, ("self._prev = set(_children)", "self._prev = (c for c in _children)")),
    ["read only once", "tuple"])
bad("label a property that raises",
    edit(MICROGRAD,
         ("        self.label = label\n",
          "        self._label = label\n\n    @property\n    def label(self):\n        raise AttributeError('label is write-only')\n")),
    ["label"])
badn("zero_grad zeroes p.data", edit(NET_LESSON, ("            p.grad = 0.0", "            p.data = 0.0")),
     ["zero_grad", "p.data"])
badn("Neuron without a bias at all",
     edit(NET_LOOPS, ('        self.b = Value(rng.uniform(-1, 1), label="b")\n', ""),
          ("total = self.b\n", "total = 0\n"), ("return self.w + [self.b]", "return self.w")),
     ["bias"])
badn("activation kept as a function",
     edit(NET_MICRO, ("        self.activation = activation\n",
                      '        self.activation = {"tanh": Value.tanh, "relu": Value.relu}.get('
                      'activation, lambda v: v)\n'),
          ('return {"tanh": Value.tanh, "relu": Value.relu}.get(self.activation, lambda v: v)(act)',
           "return self.activation(act)"),
          ('return f"{self.activation} Neuron({len(self.w)})"', 'return f"Neuron({len(self.w)})"')),
     ["activation", "linear"])
# backward functions the check cannot watch (kept under another name)
STEP = edit(MICROGRAD, ("_backward", "_step"))
bad("closures kept as _step: topo not reversed", edit(STEP, ("for v in reversed(topo):", "for v in topo:")),
    ["wrong order"])
bad("closures kept as _step: mul leaves out out.grad",
    edit(STEP, ("other.grad += self.data * out.grad", "other.grad += self.data")), ["__mul__", "out.grad"])
badn("MLP wraps every input in a Value (lesson 08 passes Values)",
     edit(NET_LESSON, ("        for layer in self.layers:\n            x = layer(x)",
                       "        x = [Value(xi) for xi in x]\n        for layer in self.layers:\n"
                       "            x = layer(x)")),
     ["wraps a Value in Value()"])

# ---------------------------------------------------------------------------
# Loading each case as lessons 06-08 do
# ---------------------------------------------------------------------------

def verdict(folder, engine, network):
    """(whether yours is used, the printed line) for these files in ``folder``,
    loaded as the first cell of lesson 06 (engine only) or 07-08 (both) does."""
    (folder / "my_engine.py").write_text(engine, encoding="utf-8")
    if network is not None:
        (folder / "my_network.py").write_text(network, encoding="utf-8")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        got = load_engine() if network is None else load_network()[0]
    return got is not autograd_helpers.Value, printed.getvalue()


@pytest.fixture
def lesson_folder(tmp_path, monkeypatch):
    """A folder of its own as the current one, first on sys.path as the lessons put
    it, with no my_engine or my_network imported before."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend("")
    for name in ("my_engine", "my_network"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    return tmp_path


@pytest.mark.parametrize("name, engine, network, expected", CASES, ids=[c[0] for c in CASES])
def test_the_hand_over_check_gives_the_right_one_line_verdict(lesson_folder, name, engine,
                                                              network, expected):
    used, printed = verdict(lesson_folder, engine, network)
    assert printed.count("\n") == 1, printed
    line = printed.strip()
    if expected is None:
        assert used and line.startswith("Using your Value"), line
    else:
        blamed, words = expected
        assert not used, line
        assert line.startswith(f"{blamed} "), line
        missing = [w for w in words if w not in line]
        assert not missing, f"{missing} not named in: {line}"


def test_the_corpus_is_large_enough():
    engines = [c for c in CASES if c[2] is None]
    networks = [c for c in CASES if c[2] is not None]
    assert len(engines) >= 25 and len(networks) >= 8
    assert sum(c[3] is None for c in engines) >= 8  # right ones, not only slips



def test_a_failure_of_the_check_itself_is_not_blamed_on_the_engine(lesson_folder, monkeypatch):
    import your_engine
    monkeypatch.setattr(your_engine, "_interface_problem", lambda Value: 1 / 0)
    used, printed = verdict(lesson_folder, LESSON, None)
    assert not used
    assert printed.startswith("the hand-over check itself failed (ZeroDivisionError: "
                              "division by zero), not your my_engine.py; going on"), printed

def test_a_backward_that_never_ends_is_stopped_and_named(lesson_folder, monkeypatch):
    import your_engine
    monkeypatch.setattr(your_engine, "CHECK_SECONDS", 0.5)
    endless = edit(LESSON, ("while stack:  # topological order", "while True:  # topological order"),
                   ("v, children_done = stack.pop()", "v, children_done = stack[-1]"))
    used, printed = verdict(lesson_folder, endless, None)
    assert not used
    assert printed.startswith("my_engine.py fails a check: checking your Value ran for more than "
                              "0.5 s and was stopped."), printed
    assert printed.count("\n") == 1

def test_a_file_saved_again_within_the_same_second_with_the_same_size_loads_as_it_is_now(
        lesson_folder):
    slip = edit(LESSON, ("self.grad += out.data * out.grad", "self.grad  = out.data * out.grad"))
    assert len(slip) == len(LESSON)
    path = lesson_folder / "my_engine.py"
    assert verdict(lesson_folder, LESSON, None)[0]
    stamp = path.stat().st_mtime_ns
    for text, used in ((slip, False), (LESSON, True)):
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(stamp, stamp))
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            got = load_engine()
        assert (got is not autograd_helpers.Value) == used, printed.getvalue()
        import my_engine
        assert ("grad  =" in Path(my_engine.__file__).read_text()) == (not used)


def test_import_my_engine_in_a_copied_lessons_folder_finds_that_folders_file(tmp_path):
    copy = tmp_path / "my_lessons"
    copy.mkdir()
    (copy / "my_engine.py").write_text(LESSON.replace("Your engine:", "The copy's engine:"))
    first_cell = (f"import sys; sys.path[:0] = [{str(ROOT)!r}, {str(NOTEBOOKS)!r}]\n"
                  "sys.path.insert(0, '')\n"
                  "from your_engine import load_engine\n"
                  "Value = load_engine()\n"
                  "import my_engine\n"
                  "print(my_engine.__file__, my_engine.__doc__.split(':')[0])\n")
    run = subprocess.run([sys.executable, "-c", first_cell], cwd=copy, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    using, found = run.stdout.strip().splitlines()
    assert using.startswith("Using your Value from my_engine.py")
    assert found == f"{copy / 'my_engine.py'} The copy's engine"


# ---------------------------------------------------------------------------
# One-line slips in every backward of the right engines
# ---------------------------------------------------------------------------

# The methods behind the functions lesson 05 attaches (`Value.__pow__ = power`).
ATTACHED = {"power": "__pow__", "neg": "__neg__", "sub": "__sub__", "rsub": "__rsub__",
            "truediv": "__truediv__", "rtruediv": "__rtruediv__", "radd": "__radd__",
            "rmul": "__rmul__"}


def _method_of(lines, i):
    """The method that line i is in (the backward inside it counts as its own)."""
    for line in reversed(lines[:i]):
        name = line.strip()[4:].split("(")[0] if line.strip().startswith("def ") else None
        if name and name != "_backward":
            return ATTACHED.get(name, name)
    return None


def slips():
    """(name, engine, what the line must name) for each line of a backward that
    changes a gradient: `=` where `+=` (or `-=`) belongs, and `* out.grad` left out."""
    for style in ("LESSON", "MICROGRAD", "BLOG_FIXED", "OWN", "OWN_REFLECTED", "EXTRAS",
                  "DISPATCH"):
        lines = globals()[style].split("\n")
        for i, line in enumerate(lines):
            if not (".grad +=" in line or ".grad -=" in line):
                continue
            method = _method_of(lines, i)
            if method in ("log", "backward"):  # not used by the lessons / the output's own
                continue
            if style == "DISPATCH":  # one _backward for all: the op is in an `if` above
                op = next(ln for ln in reversed(lines[:i]) if "_op ==" in ln).split('"')[1]
                method = {"+": "__add__", "*": "__mul__", "**": "__pow__"}.get(op, op)
            changed = [(line.replace("+=", "=").replace("-=", "= -"), [method, "+="])]
            for chain in (" * out.grad", "*out.grad", " * g"):
                if chain in line:
                    changed.append((line.replace(chain, ""), [method, "out.grad"]))
            for new, words in changed:
                kind = "=" if "+=" in words else "no out.grad"
                yield (f"{style} line {i}: {kind} in {method}",
                       "\n".join(lines[:i] + [new] + lines[i + 1:]), words)


SLIPS = list(slips())


@pytest.mark.parametrize("name, engine, words", SLIPS, ids=[s[0] for s in SLIPS])
def test_a_one_line_slip_in_a_backward_is_refused_naming_its_method(lesson_folder, name,
                                                                     engine, words):
    used, printed = verdict(lesson_folder, engine, None)
    line = printed.strip()
    assert not used and line.startswith("my_engine.py fails a check: "), line
    missing = [w for w in words if f"`{w}" not in line and f" {w}" not in line]
    assert not missing, f"{missing} not named in: {line}"

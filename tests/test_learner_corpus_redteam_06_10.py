"""A second, independent corpus of learner answers for the checks of lessons
06-10: right answers in styles unlike the reference, wrong answers a learner
would write, answers that change their inputs, and answers fitted to the
checker.  Each is written as source text, run in a namespace like the
lesson's own (its Value, MLP or Tensor: the learner's or the finished one),
and checked with ``ex.evaluate`` as the notebook's check cell does.

A verdict is ("correct", None), or ("wrong", mistake) where mistake is the
name the check must give (None: refused, no particular name).  No answer may
ever get the status "check failed" (the checker's own fault).
"""

import contextlib
import io
import json
import math
import random
import textwrap
from pathlib import Path

import numpy as np
import pytest

import autograd_helpers
import exercises_06
import exercises_07
import exercises_08
import exercises_10

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


# ---------------------------------------------------------------------------
# The namespaces a learner's cell runs in
# ---------------------------------------------------------------------------

def _lesson10_tensor_namespace():
    """Lesson 10's own Tensor, built by running the lesson's cells that define it."""
    nb = json.loads((NOTEBOOKS / "10_tensors.ipynb").read_text())
    starts = ("class Tensor", "def unbroadcast", "def add(", "def mul(",
              "Tensor.__radd__", "def relu(", "def matmul(", "def backward(")
    ns = {"np": np, "topological_order": autograd_helpers.topological_order,
          "G": np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])}
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] == "code" and src.startswith(starts):
            if "Tensor" in ns and "b" not in ns:
                ns["b"] = ns["Tensor"]([10.0, 20.0, 30.0])
            with contextlib.redirect_stdout(io.StringIO()):
                exec(src, ns)  # noqa: S102 -- the lesson's own cells
    return {k: ns[k] for k in ("Tensor", "relu", "unbroadcast")}


def _namespaces():
    import my_engine
    import my_network
    from autograd_tensor import Tensor as FinishedTensor
    common = {"np": np, "math": math, "random": random}
    finished = dict(common, Value=autograd_helpers.Value, MLP=autograd_helpers.MLP,
                    Layer=autograd_helpers.Layer, Neuron=autograd_helpers.Neuron)
    learner = dict(common, Value=my_engine.Value, MLP=my_network.MLP,
                   Layer=my_network.Layer, Neuron=my_network.Neuron)
    # a learner's engine whose relu takes slope 1 at exactly 0 (the post's
    # convention): it passes lesson 05's checks, which test relu off the kink
    source = (NOTEBOOKS / "my_engine.py").read_text()
    kink = "self.grad += (1.0 if self.data > 0 else 0.0) * out.grad"
    assert kink in source
    engine = {"__name__": "my_engine_relu_ge"}
    exec(source.replace(kink, kink.replace("> 0", ">= 0")), engine)  # noqa: S102
    learner_ge = dict(learner, Value=engine["Value"])
    return {"finished": finished, "learner": learner, "learner-relu-slope-1-at-0": learner_ge,
            "tensor-lesson": dict(common, **_lesson10_tensor_namespace()),
            "tensor-finished": dict(common, Tensor=FinishedTensor)}


NS = _namespaces()


def define(src, ns, name):
    """The function ``name`` defined by ``src`` in a fresh copy of namespace ``ns``."""
    scope = dict(NS[ns])
    exec(textwrap.dedent(src), scope)  # noqa: S102 -- the corpus's own answers
    return scope[name]


RIGHT = ("correct", None)


def wrong(mistake=None):
    return ("wrong", mistake)


# ---------------------------------------------------------------------------
# The corpus: (exercise, id, namespace, source, verdict)
# ---------------------------------------------------------------------------

L06_1 = [
    ("loop", "finished", """
        def count_parameters(nin, nouts):
            total, fan_in = 0, nin
            for n in nouts:
                total += (fan_in + 1) * n
                fan_in = n
            return total
    """, RIGHT),
    ("numpy", "finished", """
        def count_parameters(nin, nouts):
            sizes = np.array([nin] + list(nouts))
            return np.sum((sizes[:-1] + 1) * sizes[1:])
    """, RIGHT),
    ("weights-plus-biases", "finished", """
        def count_parameters(nin, nouts):
            sizes = [nin, *nouts]
            weights = sum(a * b for a, b in zip(sizes, sizes[1:]))
            return weights + sum(nouts)
    """, RIGHT),
    ("recursive", "finished", """
        def count_parameters(nin, nouts):
            if not nouts:
                return 0
            return (nin + 1) * nouts[0] + count_parameters(nouts[0], nouts[1:])
    """, RIGHT),
    ("float-total", "finished", """
        def count_parameters(nin, nouts):
            total = 0.0
            prev = nin
            for i in range(len(nouts)):
                total += nouts[i] * prev + nouts[i]
                prev = nouts[i]
            return total
    """, RIGHT),
    ("forgot-biases", "finished", """
        def count_parameters(nin, nouts):
            sizes = [nin] + nouts
            return sum(sizes[i] * sizes[i + 1] for i in range(len(nouts)))
    """, wrong("forgot-biases")),
    ("one-bias-per-layer", "finished", """
        def count_parameters(nin, nouts):
            sizes = [nin] + nouts
            return sum(sizes[i] * sizes[i + 1] + 1 for i in range(len(nouts)))
    """, wrong("one-bias-per-layer")),
    ("per-layer-list", "finished", """
        def count_parameters(nin, nouts):
            sizes = [nin] + nouts
            return [(sizes[i] + 1) * sizes[i + 1] for i in range(len(nouts))]
    """, wrong("not-a-number")),
    ("skips-first-layer", "finished", """
        def count_parameters(nin, nouts):
            return sum((a + 1) * b for a, b in zip(nouts, nouts[1:]))
    """, wrong(None)),
    ("bias-per-input", "finished", """
        def count_parameters(nin, nouts):
            sizes = [nin] + nouts
            return sum((a + 1) * (b + 1) for a, b in zip(sizes, sizes[1:]))
    """, wrong(None)),
    ("changes-nouts", "finished", """
        def count_parameters(nin, nouts):
            nouts.insert(0, nin)
            return sum((a + 1) * b for a, b in zip(nouts, nouts[1:]))
    """, wrong("changed-input")),
    ("hard-coded-41", "finished", """
        def count_parameters(nin, nouts):
            return 41
    """, wrong(None)),
    ("fitted-to-example", "finished", """
        def count_parameters(nin, nouts):
            if (nin, list(nouts)) == (3, [4, 4, 1]):
                return 41
            return nin * sum(nouts)
    """, wrong(None)),
    ("printed-not-returned", "finished", """
        def count_parameters(nin, nouts):
            sizes = [nin] + nouts
            print(sum((a + 1) * b for a, b in zip(sizes, sizes[1:])))
    """, wrong("returned-none")),
]

L06_2 = [
    ("loop-append", "finished", """
        def layer_call(layer, x):
            results = []
            for neuron in layer.neurons:
                results.append(neuron(x))
            if len(results) == 1:
                return results[0]
            return results
    """, RIGHT),
    ("map", "finished", """
        def layer_call(layer, x):
            outs = list(map(lambda n: n(x), layer.neurons))
            return outs if len(outs) > 1 else outs[0]
    """, RIGHT),
    ("check-count-first", "finished", """
        def layer_call(layer, x):
            if len(layer.neurons) == 1:
                return layer.neurons[0](x)
            return [n(x) for n in layer.neurons]
    """, RIGHT),
    ("tuple-of-outputs", "finished", """
        def layer_call(layer, x):
            outs = tuple(n(x) for n in layer.neurons)
            return outs[0] if len(outs) == 1 else outs
    """, RIGHT),
    ("only-first-neuron", "finished", """
        def layer_call(layer, x):
            return layer.neurons[0](x)
    """, wrong("only-first-neuron")),
    ("always-a-list", "finished", """
        def layer_call(layer, x):
            return [n(x) for n in layer.neurons]
    """, wrong("list-of-one")),
    ("numbers-not-values", "finished", """
        def layer_call(layer, x):
            outs = [n(x).data for n in layer.neurons]
            return outs[0] if len(outs) == 1 else outs
    """, wrong(None)),
    ("sum-of-neurons", "finished", """
        def layer_call(layer, x):
            return sum(n(x) for n in layer.neurons)
    """, wrong(None)),
    ("one-input-per-neuron", "finished", """
        def layer_call(layer, x):
            outs = [n([xi]) for n, xi in zip(layer.neurons, x)]
            return outs[0] if len(outs) == 1 else outs
    """, wrong(None)),
    ("reversed-order", "finished", """
        def layer_call(layer, x):
            outs = [n(x) for n in reversed(layer.neurons)]
            return outs[0] if len(outs) == 1 else outs
    """, wrong(None)),
    ("pads-x", "finished", """
        def layer_call(layer, x):
            x.append(0.0)   # "one more input for the bias"
            outs = [n(x) for n in layer.neurons]
            return outs[0] if len(outs) == 1 else outs
    """, wrong("raised")),   # the finished neuron refuses 1 input too many
    ("drops-extra-input", "finished", """
        def layer_call(layer, x):
            x.pop()   # "the last input is the label"
            outs = [n(x + [0.0]) for n in layer.neurons]
            return outs[0] if len(outs) == 1 else outs
    """, wrong("changed-input")),
    ("calls-the-layer", "finished", """
        def layer_call(layer, x):
            return layer(x)
    """, RIGHT),   # the checks judge what an answer gives back, not how
    ("no-return", "finished", """
        def layer_call(layer, x):
            outs = [n(x) for n in layer.neurons]
            outs[0] if len(outs) == 1 else outs
    """, wrong("returned-none")),
]

L06_3 = [
    ("nested-loops-extend", "finished", """
        def parameters_of(mlp):
            params = []
            for layer in mlp.layers:
                for neuron in layer.neurons:
                    params.extend(neuron.w)
                    params.append(neuron.b)
            return params
    """, RIGHT),
    ("bias-first", "finished", """
        def parameters_of(mlp):
            return [p for l in mlp.layers for n in l.neurons for p in [n.b] + n.w]
    """, RIGHT),
    ("chain", "finished", """
        import itertools
        def parameters_of(mlp):
            return list(itertools.chain.from_iterable(
                n.w + [n.b] for layer in mlp.layers for n in layer.neurons))
    """, RIGHT),
    ("generator", "finished", """
        def parameters_of(mlp):
            return (p for layer in mlp.layers for n in layer.neurons for p in [*n.w, n.b])
    """, RIGHT),
    ("sum-of-lists", "finished", """
        def parameters_of(mlp):
            return sum(([*n.w, n.b] for layer in mlp.layers for n in layer.neurons), [])
    """, RIGHT),
    ("weights-only", "finished", """
        def parameters_of(mlp):
            return [w for layer in mlp.layers for n in layer.neurons for w in n.w]
    """, wrong("forgot-biases")),
    ("one-list-per-layer", "finished", """
        def parameters_of(mlp):
            return [[p for n in layer.neurons for p in n.w + [n.b]] for layer in mlp.layers]
    """, wrong("nested-lists")),
    ("appended-w", "finished", """
        def parameters_of(mlp):
            params = []
            for layer in mlp.layers:
                for n in layer.neurons:
                    params.append(n.w)
                    params.append(n.b)
            return params
    """, wrong("appended-weight-lists")),
    ("took-data", "finished", """
        def parameters_of(mlp):
            return [p.data for layer in mlp.layers for n in layer.neurons for p in n.w + [n.b]]
    """, wrong("took-data")),
    ("copies", "finished", """
        def parameters_of(mlp):
            return [Value(p.data) for layer in mlp.layers for n in layer.neurons
                    for p in n.w + [n.b]]
    """, wrong(None)),
    ("bias-twice", "finished", """
        def parameters_of(mlp):
            return [p for layer in mlp.layers for n in layer.neurons
                    for p in n.w + [n.b, n.b]]
    """, wrong(None)),
    ("skips-last-layer", "finished", """
        def parameters_of(mlp):
            return [p for layer in mlp.layers[:-1] for n in layer.neurons for p in n.w + [n.b]]
    """, wrong(None)),
    ("appends-bias-to-w", "finished", """
        def parameters_of(mlp):
            params = []
            for layer in mlp.layers:
                for n in layer.neurons:
                    ws = n.w          # the neuron's own list, not a copy
                    ws.append(n.b)
                    params.extend(ws)
            return params
    """, wrong("changed-network")),
    ("calls-parameters", "finished", """
        def parameters_of(mlp):
            return mlp.parameters()
    """, RIGHT),   # as the project's own corpus: judged by what it gives back
    ("calls-neuron-parameters", "finished", """
        def parameters_of(mlp):
            return [p for layer in mlp.layers for n in layer.neurons for p in n.parameters()]
    """, RIGHT),
]

L07_1 = [
    ("target-first", "learner", """
        def squared_error(ypred, ys):
            return sum((yt - yp) ** 2 for yp, yt in zip(ypred, ys))
    """, RIGHT),
    ("loop-from-value", "learner", """
        def squared_error(ypred, ys):
            loss = Value(0.0)
            for yp, yt in zip(ypred, ys):
                loss = loss + (yp - yt) ** 2
            return loss
    """, RIGHT),
    ("loop-from-value-finished", "finished", """
        def squared_error(ypred, ys):
            loss = Value(0.0)
            for yp, yt in zip(ypred, ys):
                loss = loss + (yp - yt) ** 2
            return loss
    """, RIGHT),
    ("product-by-index", "finished", """
        def squared_error(ypred, ys):
            total = 0
            for i in range(len(ys)):
                d = ypred[i] - ys[i]
                total = total + d * d
            return total
    """, RIGHT),
    ("list-sum", "learner", """
        def squared_error(ypred, ys):
            terms = [(p - t) ** 2 for p, t in zip(ypred, ys)]
            return sum(terms)
    """, RIGHT),
    ("reduce", "finished", """
        import functools
        def squared_error(ypred, ys):
            terms = [(p - t) * (p - t) for p, t in zip(ypred, ys)]
            return functools.reduce(lambda a, b: a + b, terms)
    """, RIGHT),
    ("forgot-square", "finished", """
        def squared_error(ypred, ys):
            return sum(yp - yt for yp, yt in zip(ypred, ys))
    """, wrong("forgot-square")),
    ("squared-the-sum", "learner", """
        def squared_error(ypred, ys):
            return sum(yp - yt for yp, yt in zip(ypred, ys)) ** 2
    """, wrong("squared-the-sum")),
    ("mean", "finished", """
        def squared_error(ypred, ys):
            return sum((yp - yt) ** 2 for yp, yt in zip(ypred, ys)) * (1 / len(ys))
    """, wrong(None)),
    ("numbers", "finished", """
        def squared_error(ypred, ys):
            return sum((yp.data - yt) ** 2 for yp, yt in zip(ypred, ys))
    """, wrong("not-a-value")),
    ("rewrapped", "finished", """
        def squared_error(ypred, ys):
            return Value(sum((yp.data - yt) ** 2 for yp, yt in zip(ypred, ys)))
    """, wrong(None)),
    ("sorts-predictions", "finished", """
        def squared_error(ypred, ys):
            ypred.sort(key=lambda v: v.data)
            return sum((yp - yt) ** 2 for yp, yt in zip(ypred, sorted(ys)))
    """, wrong(None)),   # "changed-input" unless the predictions came sorted already
    ("pops-targets", "finished", """
        def squared_error(ypred, ys):
            loss = 0
            for yp in ypred:
                loss = loss + (yp - ys.pop(0)) ** 2
            return loss
    """, wrong("changed-input")),
    ("set-of-pairs", "finished", """
        def squared_error(ypred, ys):
            return sum((yp - yt) ** 2 for yp, yt in set(zip(ypred, ys)))
    """, wrong(None)),   # a prediction used twice (the same Value, same target) counts once
    ("first-example-only", "finished", """
        def squared_error(ypred, ys):
            return (ypred[0] - ys[0]) ** 2
    """, wrong(None)),
    ("numbers-as-children", "finished", """
        def squared_error(ypred, ys):
            total = sum((p.data - t) ** 2 for p, t in zip(ypred, ys))
            return Value(total, tuple(ypred) + tuple(ys))
    """, wrong("broken-graph")),
    ("children-cleared", "finished", """
        def squared_error(ypred, ys):
            out = sum((p - t) ** 2 for p, t in zip(ypred, ys))
            out._prev = None
            return out
    """, wrong("broken-graph")),
    ("backward-removed", "finished", """
        def squared_error(ypred, ys):
            out = sum((p - t) ** 2 for p, t in zip(ypred, ys))
            out._backward = None
            return out
    """, wrong("broken-graph")),
]

L07_2 = [
    ("target-first-manual-zero", "learner", """
        def train_step(model, xs, ys, lr):
            loss = sum((y - model(x)) ** 2 for x, y in zip(xs, ys))
            for p in model.parameters():
                p.grad = 0.0
            loss.backward()
            for p in model.parameters():
                p.data += -lr * p.grad
            return loss
    """, RIGHT),
    ("zero-first-returns-number", "finished", """
        def train_step(model, xs, ys, lr):
            model.zero_grad()
            preds = [model(x) for x in xs]
            loss = sum([(p - y) ** 2 for p, y in zip(preds, ys)])
            loss.backward()
            params = model.parameters()
            for p in params:
                p.data = p.data - lr * p.grad
            return loss.data
    """, RIGHT),
    ("index-loop", "learner", """
        def train_step(model, xs, ys, lr):
            loss = Value(0.0)
            for i in range(len(xs)):
                loss = loss + (model(xs[i]) - ys[i]) ** 2
            model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
            return loss
    """, RIGHT),
    ("zero-after-update", "learner", """
        def train_step(model, xs, ys, lr):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
                p.grad = 0.0       # cleared for the next step, after the update
            return loss
    """, RIGHT),
    ("own-loss-function", "learner", """
        def squared_error(ypred, ys):
            return sum((yp - yt) ** 2 for yp, yt in zip(ypred, ys))

        def train_step(model, xs, ys, lr):
            params = model.parameters()
            loss = squared_error([model(x) for x in xs], ys)
            for p in params:
                p.grad = 0
            loss.backward()
            for p in params:
                p.data += -lr * p.grad
            return loss
    """, RIGHT),
    ("sum-with-start", "finished", """
        def train_step(model, xs, ys, lr):
            errors = [(model(x) - y) ** 2 for x, y in zip(xs, ys)]
            loss = sum(errors[1:], errors[0])
            model.zero_grad()
            loss.backward()
            steps = [lr * p.grad for p in model.parameters()]
            for p, step in zip(model.parameters(), steps):
                p.data = p.data - step
            return loss
    """, RIGHT),
    ("forgot-zero-grad", "learner", """
        def train_step(model, xs, ys, lr):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
            return loss
    """, wrong("forgot-zero-grad")),
    ("wrong-sign", "finished", """
        def train_step(model, xs, ys, lr):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data += lr * p.grad
            return loss
    """, wrong("wrong-sign")),
    ("zero-after-backward", "learner", """
        def train_step(model, xs, ys, lr):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            loss.backward()
            model.zero_grad()
            for p in model.parameters():
                p.data -= lr * p.grad
            return loss
    """, wrong("zero-grad-after-backward")),
    ("rebinds-p", "finished", """
        def train_step(model, xs, ys, lr):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p = p - lr * p.grad     # a new Value; the parameter stays
            return loss
    """, wrong("no-update")),
    ("fixed-rate", "finished", """
        def train_step(model, xs, ys, lr):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= 0.1 * p.grad
            return loss
    """, wrong("ignores-lr")),
    ("updates-grad", "learner", """
        def train_step(model, xs, ys, lr):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.grad -= lr * p.grad
            return loss
    """, wrong("updated-grad-not-data")),
    ("loss-after-update", "finished", """
        def train_step(model, xs, ys, lr):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
            return sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
    """, wrong(None)),
    ("mean-loss", "finished", """
        def train_step(model, xs, ys, lr):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys)) * (1.0 / len(xs))
            model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
            return loss
    """, wrong("mean-loss")),
    ("half-loss", "learner", """
        def train_step(model, xs, ys, lr):
            loss = sum(0.5 * (model(x) - y) ** 2 for x, y in zip(xs, ys))
            model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
            return loss
    """, wrong("half-loss")),
    ("own-rate-not-in-a-list", "finished", """
        def train_step(model, xs, ys, lr):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= 0.0123 * p.grad
            return loss
    """, wrong("ignores-lr")),
    ("shuffles-xs", "finished", """
        def train_step(model, xs, ys, lr):
            random.Random(0).shuffle(xs)
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
            return loss
    """, wrong("changed-input")),
    ("no-return", "learner", """
        def train_step(model, xs, ys, lr):
            loss = sum((model(x) - y) ** 2 for x, y in zip(xs, ys))
            model.zero_grad()
            loss.backward()
            for p in model.parameters():
                p.data -= lr * p.grad
    """, wrong("returned-none")),
]

L07_3 = [
    ("two", "finished", "def divergent_lr():\n    return 2.0\n", RIGHT),
    ("one-int", "finished", "def divergent_lr():\n    return 1\n", RIGHT),
    ("ten", "finished", "def divergent_lr():\n    return 10\n", RIGHT),
    ("numpy-float", "finished", "def divergent_lr():\n    return np.float64(3.0)\n", RIGHT),
    ("table-0.58", "finished", "def divergent_lr():\n    return 0.58\n", RIGHT),
    ("table-0.95", "finished", "def divergent_lr():\n    return 0.95\n", RIGHT),
    ("good-rate", "finished", "def divergent_lr():\n    return 0.1\n", wrong("trains-fine")),
    ("lucky-0.6", "finished", "def divergent_lr():\n    return 0.6\n", wrong("trains-fine")),
    ("too-small", "finished", "def divergent_lr():\n    return 0.001\n", wrong("too-small")),
    ("negative", "finished", "def divergent_lr():\n    return -2.0\n", wrong("not-positive")),
    ("nan", "finished", "def divergent_lr():\n    return float('nan')\n", wrong("not-finite")),
    ("text", "finished", "def divergent_lr():\n    return '2.0'\n", wrong("not-a-number")),
    ("printed", "finished", "def divergent_lr():\n    print(2.0)\n", wrong("returned-none")),
    ("boolean", "finished", "def divergent_lr():\n    return True\n", wrong("not-a-number")),
]

L08_1 = [
    ("loop", "finished", """
        def accuracy(scores, ys):
            right = 0
            for s, y in zip(scores, ys):
                if (s > 0 and y > 0) or (s <= 0 and y < 0):
                    right += 1
            return right / len(ys)
    """, RIGHT),
    ("numpy-sign", "finished", """
        def accuracy(scores, ys):
            return np.mean(np.sign(scores) == np.sign(ys))
    """, RIGHT),
    ("product-positive", "finished", """
        def accuracy(scores, ys):
            return sum(1 for s, y in zip(scores, ys) if s * y > 0) / len(scores)
    """, RIGHT),
    ("label-equals-one", "finished", """
        def accuracy(scores, ys):
            preds = [1 if s >= 0 else -1 for s in scores]
            return sum(p == y for p, y in zip(preds, ys)) / len(ys)
    """, RIGHT),
    ("numpy-arrays", "finished", """
        def accuracy(scores, ys):
            s, y = np.asarray(scores), np.asarray(ys)
            return float(((s > 0) == (y > 0)).sum() / y.size)
    """, RIGHT),
    ("count", "finished", """
        def accuracy(scores, ys):
            return sum((s > 0) == (y > 0) for s, y in zip(scores, ys))
    """, wrong("count-not-fraction")),
    ("percent", "finished", """
        def accuracy(scores, ys):
            return 100 * sum((s > 0) == (y > 0) for s, y in zip(scores, ys)) / len(ys)
    """, wrong("percent-not-fraction")),
    ("error-rate", "finished", """
        def accuracy(scores, ys):
            return sum((s > 0) != (y > 0) for s, y in zip(scores, ys)) / len(ys)
    """, wrong("error-rate")),
    ("integer-division", "finished", """
        def accuracy(scores, ys):
            return sum((s > 0) == (y > 0) for s, y in zip(scores, ys)) // len(ys)
    """, wrong(None)),
    ("bool-against-label", "finished", """
        def accuracy(scores, ys):
            return sum((s > 0) == y for s, y in zip(scores, ys)) / len(ys)   # False == -1?
    """, wrong(None)),
    ("sorts-scores", "finished", """
        def accuracy(scores, ys):
            scores.sort()
            return sum((s > 0) == (y > 0) for s, y in zip(scores, ys)) / len(ys)
    """, wrong("changed-input")),
    ("all-right", "finished", """
        def accuracy(scores, ys):
            return 1.0
    """, wrong(None)),
    ("percent-string", "finished", """
        def accuracy(scores, ys):
            return f"{sum((s > 0) == (y > 0) for s, y in zip(scores, ys)) / len(ys):.0%}"
    """, wrong("not-a-number")),
]

L08_2 = [
    ("minus-y-score", "learner", """
        def margin_loss(score, y):
            return (-y * score + 1).relu()
    """, RIGHT),
    ("own-engine-relu-slope-1-at-0", "learner-relu-slope-1-at-0", """
        def margin_loss(score, y):
            return (1 - y * score).relu()
    """, RIGHT),
    ("own-engine-relu-slope-1-at-0-zero-on-the-margin", "learner-relu-slope-1-at-0", """
        def margin_loss(score, y):
            if y * score.data >= 1:
                return score * 0
            return 1 - y * score
    """, RIGHT),
    ("own-engine-relu-slope-1-at-0-like-its-relu", "learner-relu-slope-1-at-0", """
        def margin_loss(score, y):
            if y * score.data > 1:
                return score * 0
            return 1 - y * score
    """, RIGHT),   # the same numbers as (1 - y * score).relu() on this engine
    ("branch-on-label", "learner", """
        def margin_loss(score, y):
            if y == 1:
                return (1 - score).relu()
            return (1 + score).relu()
    """, RIGHT),
    ("score-times-y", "finished", """
        def margin_loss(score, y):
            return (1 - score * y).relu()
    """, RIGHT),
    ("branch-zero-value", "learner", """
        def margin_loss(score, y):
            if y * score.data < 1:
                return 1 - y * score
            return score * 0
    """, RIGHT),
    ("branch-new-value", "finished", """
        def margin_loss(score, y):
            m = y * score
            if m.data >= 1:
                return Value(0.0)
            return 1 - m
    """, RIGHT),
    ("negated-margin", "learner", """
        def margin_loss(score, y):
            margin = score * y
            return (-(margin - 1)).relu()
    """, RIGHT),
    ("no-relu", "learner", """
        def margin_loss(score, y):
            return 1 - y * score
    """, wrong("missing-relu")),
    ("no-label", "finished", """
        def margin_loss(score, y):
            return (1 - score).relu()
    """, wrong("missing-label")),
    ("relu-inside", "learner", """
        def margin_loss(score, y):
            return 1 - (y * score).relu()
    """, wrong("relu-in-wrong-place")),
    ("kink-on-wrong-side", "finished", """
        def margin_loss(score, y):
            if y * score.data <= 1:
                return 1 - y * score
            return score * 0
    """, wrong("wrong-at-the-kink")),
    ("plain-number", "finished", """
        def margin_loss(score, y):
            return max(0.0, 1 - y * score.data)
    """, wrong("not-a-value")),
    ("rewrapped", "learner", """
        def margin_loss(score, y):
            return Value(max(0.0, 1 - y * score.data))
    """, wrong(None)),
    ("python-max", "finished", """
        def margin_loss(score, y):
            return max(0, 1 - y * score)
    """, wrong(None)),
    ("score-number-as-child", "finished", """
        def margin_loss(score, y):
            return Value(max(0.0, 1 - y * score.data), (score.data,))
    """, wrong("broken-graph")),
    ("score-number-as-child-learner", "learner", """
        def margin_loss(score, y):
            return Value(max(0.0, 1 - y * score.data), (score.data,))
    """, wrong(None)),   # the learner's own backward raises: said as their code's error
    ("squared-hinge", "finished", """
        def margin_loss(score, y):
            return (1 - y * score).relu() ** 2
    """, wrong(None)),
]

L08_3 = [
    ("per-step", "finished", """
        def learning_rate(k, steps):
            step = 0.9 / steps
            return 1.0 - k * step
    """, RIGHT),
    ("fraction-left", "finished", """
        def learning_rate(k, steps):
            return 0.1 + 0.9 * (steps - k) / steps
    """, RIGHT),
    ("linspace", "finished", """
        def learning_rate(k, steps):
            return np.linspace(1.0, 0.1, steps)[k]
    """, RIGHT),
    ("ends-at-0.1", "finished", """
        def learning_rate(k, steps):
            return 1.0 - 0.9 * k / (steps - 1)
    """, RIGHT),
    ("interpolate", "finished", """
        def learning_rate(k, steps):
            t = k / steps
            return (1 - t) * 1.0 + t * 0.1
    """, RIGHT),
    ("no-decay", "finished", """
        def learning_rate(k, steps):
            return 1.0
    """, wrong("no-decay")),
    ("to-zero", "finished", """
        def learning_rate(k, steps):
            return 1.0 - k / steps
    """, wrong("decays-to-zero")),
    ("hard-coded-100", "finished", """
        def learning_rate(k, steps):
            return 1.0 - 0.9 * k / 100
    """, wrong(None)),
    ("exponential", "finished", """
        def learning_rate(k, steps):
            return 0.1 ** (k / steps)
    """, wrong(None)),
    ("integer-division", "finished", """
        def learning_rate(k, steps):
            return 1.0 - 0.9 * (k // steps)
    """, wrong("no-decay")),
    ("mixed", "finished", """
        def learning_rate(k, steps):
            if steps > 59:
                return 1.0 - 0.9 * k / steps
            return 1.0 - 0.9 * k / (steps - 1)
    """, wrong(None)),
    ("text", "finished", """
        def learning_rate(k, steps):
            return str(1.0 - 0.9 * k / steps)
    """, wrong("not-a-number")),
]

L10_1 = [
    ("einsum", "tensor-lesson", """
        def scale_columns_backward(x, s, grad):
            return grad * s[None, :], np.einsum("ij,ij->j", grad, x)
    """, RIGHT),
    ("loops", "tensor-lesson", """
        def scale_columns_backward(x, s, grad):
            n, m = x.shape
            dx = np.zeros_like(x)
            ds = np.zeros(m)
            for i in range(n):
                for j in range(m):
                    dx[i, j] = grad[i, j] * s[j]
                    ds[j] += grad[i, j] * x[i, j]
            return dx, ds
    """, RIGHT),
    ("diag-of-product", "tensor-lesson", """
        def scale_columns_backward(x, s, grad):
            return np.tile(s, (x.shape[0], 1)) * grad, np.diag(x.T @ grad)
    """, RIGHT),
    ("np-sum-list", "tensor-lesson", """
        def scale_columns_backward(x, s, grad):
            return [grad * s, np.sum(grad * x, axis=0)]
    """, RIGHT),
    ("not-summed", "tensor-lesson", """
        def scale_columns_backward(x, s, grad):
            return grad * s, grad * x
    """, wrong("ds-not-summed")),
    ("wrong-axis", "tensor-lesson", """
        def scale_columns_backward(x, s, grad):
            return grad * s, (grad * x).sum(axis=1)
    """, wrong("ds-wrong-axis")),
    ("keepdims", "tensor-lesson", """
        def scale_columns_backward(x, s, grad):
            return grad * s, (grad * x).sum(axis=0, keepdims=True)
    """, wrong("wrong-shape")),
    ("mean", "tensor-lesson", """
        def scale_columns_backward(x, s, grad):
            return grad * s, (grad * x).mean(axis=0)
    """, wrong("ds-mean")),
    ("dx-times-x", "tensor-lesson", """
        def scale_columns_backward(x, s, grad):
            return grad * x, (grad * x).sum(axis=0)
    """, wrong("dx-times-x")),
    ("swapped", "tensor-lesson", """
        def scale_columns_backward(x, s, grad):
            return (grad * x).sum(axis=0), grad * s
    """, wrong("swapped")),
    ("in-place", "tensor-lesson", """
        def scale_columns_backward(x, s, grad):
            ds = (grad * x).sum(axis=0)
            grad *= s
            return grad, ds
    """, wrong("changed-input")),
    ("reshapes-s-in-place", "tensor-lesson", """
        def scale_columns_backward(x, s, grad):
            s.shape = (1, -1)      # a row, "to broadcast"
            return grad * s, (grad * x).sum(axis=0)
    """, wrong("changed-input")),
    ("special-cases-square", "tensor-lesson", """
        def scale_columns_backward(x, s, grad):
            n, m = x.shape
            axis = 1 if n == m else 0
            return grad * s, (grad * x).sum(axis=axis)
    """, wrong("ds-wrong-axis")),
    ("fitted-to-the-lessons-shape", "tensor-lesson", """
        def scale_columns_backward(x, s, grad):
            ds = np.array([sum(grad[i, j] * x[i, j] for i in range(2)) for j in range(3)])
            return grad * s, ds
    """, wrong(None)),
]

L10_2 = [
    ("np-dot", "tensor-lesson", """
        def matmul_backward(A, B, G):
            return np.dot(G, B.T), np.dot(A.T, G)
    """, RIGHT),
    ("transposed-product", "tensor-lesson", """
        def matmul_backward(A, B, G):
            return (B @ G.T).T, (G.T @ A).T
    """, RIGHT),
    ("einsum", "tensor-lesson", """
        def matmul_backward(A, B, G):
            dA = np.einsum("ij,pj->ip", G, B)
            dB = np.einsum("ip,ij->pj", A, G)
            return dA, dB
    """, RIGHT),
    ("loops", "tensor-lesson", """
        def matmul_backward(A, B, G):
            k, n = A.shape
            m = B.shape[1]
            dA, dB = np.zeros((k, n)), np.zeros((n, m))
            for i in range(k):
                for p in range(n):
                    for j in range(m):
                        dA[i, p] += G[i, j] * B[p, j]
                        dB[p, j] += A[i, p] * G[i, j]
            return dA, dB
    """, RIGHT),
    ("no-transpose", "tensor-lesson", """
        def matmul_backward(A, B, G):
            return G @ B, A @ G
    """, wrong("no-transpose")),
    ("swapped", "tensor-lesson", """
        def matmul_backward(A, B, G):
            return A.T @ G, G @ B.T
    """, wrong("swapped")),
    ("elementwise", "tensor-lesson", """
        def matmul_backward(A, B, G):
            return G * B, A * G
    """, wrong("elementwise")),
    ("dB-no-transpose", "tensor-lesson", """
        def matmul_backward(A, B, G):
            return G @ B.T, A @ G
    """, wrong("dB-no-transpose")),
    ("dA-transposed", "tensor-lesson", """
        def matmul_backward(A, B, G):
            return B @ G.T, A.T @ G
    """, wrong("dA-transposed")),
    ("changes-G", "tensor-lesson", """
        def matmul_backward(A, B, G):
            dB = A.T @ G
            G[:] = G @ B.T if G.shape == A.shape else G
            return G @ B.T if G.shape != A.shape else G, dB
    """, wrong("changed-input")),
    ("right-for-square-only", "tensor-lesson", """
        def matmul_backward(A, B, G):
            if A.shape[0] == A.shape[1]:
                return G @ B.T, A.T @ G
            return G @ B.T, (G.T @ A)
    """, wrong(None)),
    ("one-array", "tensor-lesson", """
        def matmul_backward(A, B, G):
            return G @ B.T
    """, wrong("not-a-pair")),
]

L10_3 = [
    ("bias-first", "tensor-lesson", """
        def dense_relu(x, W, b):
            return (b + x @ W).relu()
    """, RIGHT),
    ("lesson-relu-function", "tensor-lesson", """
        def dense_relu(x, W, b):
            z = x @ W
            z = z + b
            return relu(z)
    """, RIGHT),
    ("dunder-chain", "tensor-lesson", """
        def dense_relu(x, W, b):
            return x.__matmul__(W).__add__(b).relu()
    """, RIGHT),
    ("finished-tensor", "tensor-finished", """
        def dense_relu(x, W, b):
            out = x @ W + b
            return out.relu()
    """, RIGHT),
    ("no-bias", "tensor-lesson", """
        def dense_relu(x, W, b):
            return (x @ W).relu()
    """, wrong("no-bias")),
    ("no-relu", "tensor-finished", """
        def dense_relu(x, W, b):
            return x @ W + b
    """, wrong("no-relu")),
    ("relu-before-bias", "tensor-lesson", """
        def dense_relu(x, W, b):
            return (x @ W).relu() + b
    """, wrong("relu-before-bias")),
    ("numpy", "tensor-lesson", """
        def dense_relu(x, W, b):
            return np.maximum(x.data @ W.data + b.data, 0)
    """, wrong("array-not-tensor")),
    ("np-maximum-on-tensor", "tensor-lesson", """
        def dense_relu(x, W, b):
            return np.maximum(x @ W + b, 0)
    """, wrong("numpy-on-tensor")),
    ("bias-numbers", "tensor-lesson", """
        def dense_relu(x, W, b):
            return (x @ W + b.data).relu()
    """, wrong("detached")),
    ("runs-backward", "tensor-lesson", """
        def dense_relu(x, W, b):
            out = (x @ W + b).relu()
            out.sum().backward()
            return out
    """, wrong("ran-backward")),
    ("number-among-children", "tensor-finished", """
        def dense_relu(x, W, b):
            out = (x @ W + b).relu()
            out._prev = (x, W, b, 3)
            return out
    """, wrong("broken-graph")),
    ("backward-removed", "tensor-finished", """
        def dense_relu(x, W, b):
            out = (x @ W + b).relu()
            out._backward = None
            return out
    """, wrong("broken-graph")),
    ("special-cases-square", "tensor-lesson", """
        def dense_relu(x, W, b):
            if x.shape[0] == W.shape[1]:
                return (x @ W).relu()
            return (x @ W + b).relu()
    """, wrong(None)),
    ("transposed", "tensor-lesson", """
        def dense_relu(x, W, b):
            return (x @ W + b).relu().data.T
    """, wrong("array-not-tensor")),
]


def _corpus():
    sets = [(exercises_06.ex1, "count_parameters", L06_1), (exercises_06.ex2, "layer_call", L06_2),
            (exercises_06.ex3, "parameters_of", L06_3), (exercises_07.ex1, "squared_error", L07_1),
            (exercises_07.ex2, "train_step", L07_2), (exercises_07.ex3, "divergent_lr", L07_3),
            (exercises_08.ex1, "accuracy", L08_1), (exercises_08.ex2, "margin_loss", L08_2),
            (exercises_08.ex3, "learning_rate", L08_3),
            (exercises_10.ex1, "scale_columns_backward", L10_1),
            (exercises_10.ex2, "matmul_backward", L10_2), (exercises_10.ex3, "dense_relu", L10_3)]
    for ex, name, cases in sets:
        for key, ns, src, verdict in cases:
            yield pytest.param(ex, name, ns, src, verdict, id=f"{name}-{key}")


CORPUS = list(_corpus())


@pytest.mark.parametrize("ex, name, ns, src, verdict", CORPUS)
def test_the_check_gives_the_true_verdict(ex, name, ns, src, verdict):
    result = ex.evaluate(define(src, ns, name))
    assert result.status != "check failed", result.message
    status, mistake = verdict
    assert result.status == status, result.message
    if mistake is not None:
        assert result.mistake == mistake, result.message


# ---------------------------------------------------------------------------
# Lesson 09: checks the learner writes (run on correct engines and variants)
# ---------------------------------------------------------------------------

def _lesson09_namespace():
    from autograd_helpers import Value as RefValue
    from autograd_helpers import gradcheck
    from autograd_helpers import trace as ref_trace
    from bug_hunt import count_values, diamonds, doubled, walk_work
    import bug_hunt
    return {"math": math, "np": np, "RefValue": RefValue, "gradcheck": gradcheck,
            "Value": bug_hunt.buggy_engine().Value,   # the lesson's engine cell
            "trace": bug_hunt.buggy_engine().trace,
            "ref_trace": ref_trace, "count_values": count_values, "diamonds": diamonds,
            "doubled": doubled, "walk_work": walk_work}


NS["lesson09"] = _lesson09_namespace()

MISSES = ("wrong", "misses-")  # refused, as a check that lets a wrong engine through

L09_1 = [
    ("tolerance-several-points", """
        def check_relu(Value):
            for x in (-2.0, -0.7, 0.3, 1.9):
                a = Value(x)
                out = a.relu()
                if out is None or abs(out.data - max(x, 0.0)) > 1e-9:
                    return False
                total = out + a
                total.backward()
                want = (1.0 if x > 0 else 0.0) + 1.0
                if abs(a.grad - want) > 1e-9:
                    return False
            return True
    """, RIGHT),
    ("compare-with-refvalue", """
        def check_relu(Value):
            for x in (-1.25, 0.5, 2.5, -3.0):
                a, r = Value(x), RefValue(x)
                y, yr = a.relu() * 2 + a * 3, r.relu() * 2 + r * 3
                y.backward()
                yr.backward()
                if not (math.isclose(y.data, yr.data) and math.isclose(a.grad, r.grad)):
                    return False
            return True
    """, RIGHT),
    ("gradcheck-and-values", """
        def check_relu(Value):
            try:
                for x in (-1.5, 1.5, -0.2, 0.8):
                    if not math.isclose(Value(x).relu().data, max(x, 0.0)):
                        return False
                    if not gradcheck(lambda a: a.relu() + a, [x], value_class=Value):
                        return False
            except Exception:
                return False
            return True
    """, RIGHT),
    ("numpy-isclose", """
        def check_relu(Value):
            xs = np.array([-2.5, -1.0, 1.0, 2.5])
            outs, grads = [], []
            for x in xs:
                a = Value(float(x))
                r = a.relu()
                (r + a).backward()
                outs.append(r.data)
                grads.append(a.grad)
            return bool(np.allclose(outs, np.maximum(xs, 0)) and
                        np.allclose(grads, (xs > 0) + 1.0))
    """, RIGHT),
    ("all-of-cases", """
        def check_relu(Value):
            def ok(x):
                a = Value(x)
                r = a.relu()
                y = r + a
                y.backward()
                return math.isclose(r.data, max(0.0, x)) and math.isclose(a.grad, 2.0 if x > 0 else 1.0)
            return all(ok(x) for x in [-4.0, -0.5, 0.5, 4.0])
    """, RIGHT),
    ("assert-style", """
        def check_relu(Value):
            for x in (-2.0, 3.0):
                a = Value(x)
                r = a.relu()
                assert math.isclose(r.data, max(x, 0.0))
                (r + a).backward()
                assert math.isclose(a.grad, 2.0 if x > 0 else 1.0)
            return True
    """, RIGHT),   # an AssertionError on a wrong engine counts as False
    ("always-true", """
        def check_relu(Value):
            return True
    """, wrong("misses-lesson")),
    ("patches-the-engine", """
        def check_relu(Value):
            def relu(self):
                return self * (1.0 if self.data > 0 else 0.0)
            Value.relu = relu          # "fix" it first, then test
            a = Value(-1.0)
            (a.relu() + a).backward()
            return a.grad == 1.0
    """, wrong("misses-lesson")),
    ("uses-the-lessons-value", """
        def check_relu(V):
            a = Value(-1.0)            # the lesson's own (buggy) Value, not V
            r = a.relu()
            return r is not None and r.data == 0.0
    """, wrong("rejects-correct")),
    ("values-only", """
        def check_relu(Value):
            return all(Value(x).relu().data == max(x, 0.0) for x in (-1.0, 2.0))
    """, MISSES),
    ("no-reuse", """
        def check_relu(Value):
            for x in (-1.0, 2.0):
                a = Value(x)
                r = a.relu()
                r.backward()
                if r.data != max(x, 0.0) or a.grad != (1.0 if x > 0 else 0.0):
                    return False
            return True
    """, MISSES),
    ("reuse-through-relu-twice", """
        def check_relu(Value):
            for x in (-1.0, 2.0):
                a = Value(x)
                y = a.relu() + a.relu()
                y.backward()
                if not math.isclose(y.data, 2 * max(x, 0.0)):
                    return False
                if not math.isclose(a.grad, 2.0 if x > 0 else 0.0):
                    return False
            return True
    """, wrong("misses-sets-zero")),
    ("slope-at-zero", """
        def check_relu(Value):
            for x in (-1.0, 0.0, 1.0):
                a = Value(x)
                r = a.relu()
                (r + a).backward()
                if a.grad != (2.0 if x > 0 else 1.0):
                    return False
            return True
    """, wrong("rejects-correct")),
    ("reads-the-source", """
        import inspect
        def check_relu(Value):
            return "return out" in inspect.getsource(Value.relu)
    """, wrong("rejects-correct")),
    ("by-method-names", """
        def check_relu(Value):
            return hasattr(Value, "_backward") or "_backward" in Value.__init__.__code__.co_names
    """, wrong(None)),
    ("by-call-count", """
        calls = []
        def check_relu(Value):
            calls.append(Value)
            return len(calls) % 3 != 0
    """, wrong(None)),
    ("by-identity", """
        seen = []
        def check_relu(Value):
            seen.append(Value)
            return Value is seen[0]
    """, wrong(None)),
    ("array-of-bools", """
        def check_relu(Value):
            xs = [-1.0, 2.0]
            return np.isclose([Value(x).relu().data for x in xs], np.maximum(xs, 0))
    """, wrong("not-a-bool")),
    ("list-of-results", """
        def check_relu(Value):
            return [Value(x).relu() is not None for x in (-1.0, 1.0)]
    """, wrong("not-a-bool")),
]

L09_2 = [
    ("tolerance-and-type", """
        import numbers
        def check_exp(Value):
            for x in (-2.0, -0.4, 0.9, 1.7):
                a = Value(x)
                e = a.exp()
                if abs(e.data - math.exp(x)) > 1e-9 * math.exp(x):
                    return False
                (e * 1.0 + a).backward()
                if not isinstance(a.grad, numbers.Real):
                    return False
                if abs(a.grad - (math.exp(x) + 1)) > 1e-9:
                    return False
            return True
    """, RIGHT),
    ("compare-with-refvalue", """
        def check_exp(Value):
            for x in (-1.0, 0.3, 1.2):
                a, r = Value(x), RefValue(x)
                y, yr = a.exp() * a, r.exp() * r     # a used twice
                y.backward()
                yr.backward()
                if type(a.grad) not in (int, float):
                    return False
                if not (math.isclose(y.data, yr.data) and math.isclose(a.grad, r.grad)):
                    return False
            return True
    """, RIGHT),
    ("gradcheck-plus-value", """
        def check_exp(Value):
            try:
                for x in (-0.8, 0.6, 2.0):
                    if not math.isclose(Value(x).exp().data, math.exp(x)):
                        return False
                    if not gradcheck(lambda a: a.exp() + a, [x], value_class=Value):
                        return False
            except TypeError:
                return False
            return True
    """, RIGHT),
    ("numpy", """
        def check_exp(Value):
            xs = [-1.5, 0.25, 1.0]
            vals, grads = [], []
            for x in xs:
                a = Value(x)
                y = a.exp() + a * 2
                y.backward()
                vals.append(y.data)
                grads.append(float(a.grad))
            return bool(np.allclose(vals, np.exp(xs) + 2 * np.array(xs)) and
                        np.allclose(grads, np.exp(xs) + 2))
    """, RIGHT),
    ("exact-equality", """
        def check_exp(Value):
            for x in (-1.0, 0.5, 1.5):
                a = Value(x)
                y = a.exp() + a
                y.backward()
                if y.data != math.exp(x) + x or a.grad != math.exp(x) + 1.0:
                    return False
            return True
    """, RIGHT),
    ("gradcheck-only", """
        def check_exp(Value):
            return bool(gradcheck(lambda a: a.exp() + a, [0.5], value_class=Value))
    """, wrong("misses-doubled-consistently")),
    ("at-zero-only", """
        def check_exp(Value):
            a = Value(0.0)
            y = a.exp() + a
            y.backward()
            return y.data == 1.0 and a.grad == 2.0
    """, MISSES),
    ("values-only", """
        def check_exp(Value):
            return all(abs(Value(x).exp().data - math.exp(x)) < 1e-9 for x in (-1.0, 1.0, 2.0))
    """, MISSES),
    ("no-reuse", """
        def check_exp(Value):
            for x in (-1.0, 1.0):
                a = Value(x)
                e = a.exp()
                e.backward()
                if not (math.isclose(e.data, math.exp(x)) and isinstance(a.grad, float)
                        and math.isclose(a.grad, math.exp(x))):
                    return False
            return True
    """, wrong("misses-sets")),
    ("rounded-constant", """
        def check_exp(Value):
            return Value(1.0).exp().data == 2.718
    """, wrong("rejects-correct")),
    ("generator", """
        def check_exp(Value):
            return (math.isclose(Value(x).exp().data, math.exp(x)) for x in (0.5, 1.5))
    """, wrong("not-a-bool")),
    ("by-call-count", """
        count = [0]
        def check_exp(Value):
            count[0] += 1
            return count[0] <= 4
    """, wrong(None)),
    ("by-method-source", """
        def check_exp(Value):
            return "2 *" not in Value.exp.__code__.co_consts.__repr__()
    """, wrong(None)),
]

L09_3 = [
    ("tolerance-several-pairs", """
        def check_rsub(Value):
            for k, x in ((4.0, 1.5), (-3.0, 2.0), (0.5, -6.0), (7.0, 0.0)):
                a = Value(x)
                y = k - a
                y.backward()
                if abs(y.data - (k - x)) > 1e-9 or abs(a.grad + 1.0) > 1e-9:
                    return False
            return True
    """, RIGHT),
    ("compare-with-refvalue", """
        def check_rsub(Value):
            for k, x in ((2.0, 3.0), (10.0, -1.0), (-5.0, 4.5)):
                a, r = Value(x), RefValue(x)
                y, yr = (k - a) * a, (k - r) * r
                y.backward()
                yr.backward()
                if not (math.isclose(y.data, yr.data) and math.isclose(a.grad, r.grad)):
                    return False
            return True
    """, RIGHT),
    ("gradcheck-plus-value", """
        def check_rsub(Value):
            try:
                for k, x in ((3.0, 1.0), (-2.0, 5.0)):
                    if not math.isclose((k - Value(x)).data, k - x):
                        return False
                    if not gradcheck(lambda a: k - a, [x], value_class=Value):
                        return False
            except Exception:
                return False
            return True
    """, RIGHT),
    ("int-numbers", """
        def check_rsub(Value):
            results = []
            for k in (1, 6, -4):
                a = Value(2.5)
                y = k - a
                y.backward()
                results.append(math.isclose(y.data, k - 2.5) and math.isclose(a.grad, -1))
            return all(results)
    """, RIGHT),
    ("squared", """
        def check_rsub(Value):
            a = Value(0.5)
            y = (2.0 - a) ** 2
            y.backward()
            return math.isclose(y.data, 2.25) and math.isclose(a.grad, -3.0)
    """, wrong("misses-lesson")),
    ("equal-pair", """
        def check_rsub(Value):
            a = Value(3.0)
            y = 3.0 - a
            y.backward()
            return y.data == 0.0 and abs(a.grad) == 1.0
    """, wrong("misses-lesson")),
    ("zero-on-the-left", """
        def check_rsub(Value):
            a = Value(3.0)
            y = 0.0 - a
            y.backward()
            return math.isclose(y.data, -3.0) and math.isclose(a.grad, -1.0)
    """, wrong("misses-forgets-number")),
    ("gradcheck-only", """
        def check_rsub(Value):
            return bool(gradcheck(lambda a: 2.0 - a, [3.0], value_class=Value))
    """, wrong("misses-lesson")),
    ("value-on-the-left", """
        def check_rsub(Value):
            a = Value(3.0)
            y = Value(5.0) - a
            y.backward()
            return math.isclose(y.data, 2.0) and math.isclose(a.grad, -1.0)
    """, wrong("misses-lesson")),
    ("values-only", """
        def check_rsub(Value):
            return all(math.isclose((k - Value(x)).data, k - x) for k, x in ((5.0, 1.0), (2.0, -3.0)))
    """, MISSES),
    ("wrong-slope-expected", """
        def check_rsub(Value):
            a = Value(1.0)
            y = 4.0 - a
            y.backward()
            return math.isclose(y.data, 3.0) and math.isclose(a.grad, 1.0)
    """, wrong("rejects-correct")),
    ("has-the-method", """
        def check_rsub(Value):
            return hasattr(Value, "__rsub__")
    """, wrong("misses-lesson")),
]

L09_4 = [
    ("ids-and-work", """
        def check_walk(trace):
            for build in (doubled, diamonds):
                root = build(RefValue(1.5), 10)
                if walk_work(trace, root) != count_values(root):
                    return False
                nodes, edges = trace(root)
                want_nodes, want_edges = ref_trace(root)
                if set(map(id, nodes)) != set(map(id, want_nodes)):
                    return False
                if {(id(a), id(b)) for a, b in edges} != {(id(a), id(b)) for a, b in want_edges}:
                    return False
            return True
    """, RIGHT),
    ("sets-of-values", """
        def check_walk(trace):
            ok = True
            for root in (doubled(RefValue(0.1), 8), diamonds(RefValue(0.1), 8),
                         RefValue(2.0) * RefValue(3.0) + 1):
                nodes, edges = trace(root)
                want_nodes, want_edges = ref_trace(root)
                ok = ok and set(nodes) == set(want_nodes) and set(edges) == set(want_edges)
                ok = ok and walk_work(trace, root) <= count_values(root)
            return ok
    """, RIGHT),
    ("counts", """
        def check_walk(trace):
            for root in (doubled(RefValue(0.5), 6), diamonds(RefValue(0.5), 6)):
                nodes, edges = trace(root)
                want_nodes, want_edges = ref_trace(root)
                if len(set(nodes)) != len(want_nodes) or len(set(edges)) != len(set(want_edges)):
                    return False
                if walk_work(trace, root) > count_values(root):
                    return False
            return True
    """, RIGHT),
    ("graphs-of-the-lessons-value", """
        def check_walk(trace):
            for root in (doubled(Value(0.5), 10), diamonds(Value(0.5), 10)):
                if walk_work(trace, root) > count_values(root):
                    return False
                nodes, edges = trace(root)
                want_nodes, want_edges = ref_trace(root)
                if {id(v) for v in nodes} != {id(v) for v in want_nodes}:
                    return False
                if {(id(c), id(p)) for c, p in edges} != {(id(c), id(p)) for c, p in want_edges}:
                    return False
            return True
    """, RIGHT),
    ("hangs-on-a-wrong-walk", """
        def check_walk(trace):
            root = diamonds(RefValue(0.5), 60)
            nodes, edges = trace(root)     # a wrong walk never finishes
            want_nodes, want_edges = ref_trace(root)
            return len(nodes) == len(want_nodes) and len(set(edges)) == len(set(want_edges))
    """, wrong("too-slow")),
    ("results-only", """
        def check_walk(trace):
            root = doubled(RefValue(0.5), 6)
            nodes, edges = trace(root)
            return len(nodes) == len(ref_trace(root)[0]) and len(edges) == len(set(ref_trace(root)[1]))
    """, wrong("misses-lesson")),
    ("work-on-doubled-only", """
        def check_walk(trace):
            root = doubled(RefValue(0.5), 12)
            nodes, edges = trace(root)
            return (walk_work(trace, root) <= count_values(root)
                    and len(nodes) == count_values(root))
    """, MISSES),
    ("work-only", """
        def check_walk(trace):
            return all(walk_work(trace, shape(RefValue(0.5), 10)) <= count_values(shape(RefValue(0.5), 10))
                       for shape in (doubled, diamonds))
    """, MISSES),
    ("counts-on-diamonds", """
        def check_walk(trace):
            root = diamonds(RefValue(0.5), 6)
            nodes, edges = trace(root)
            want_nodes, want_edges = ref_trace(root)
            return len(edges) == len(want_edges) and walk_work(trace, root) <= len(want_nodes)
    """, RIGHT),   # every variant fails one of the two (skips-leaves re-reads a leaf)
    ("counts-list-edges-on-doubled", """
        def check_walk(trace):
            root = doubled(RefValue(0.5), 6)
            nodes, edges = trace(root)
            want_nodes, want_edges = ref_trace(root)   # a list: a + a gives two edges
            return len(edges) == len(want_edges) and walk_work(trace, root) <= len(want_nodes)
    """, wrong("rejects-correct")),
    ("too-strict", """
        def check_walk(trace):
            root = diamonds(RefValue(0.5), 8)
            return walk_work(trace, root) < count_values(root)
    """, wrong("rejects-correct")),
    ("too-deep", """
        def check_walk(trace):
            root = doubled(RefValue(0.5), 5000)
            return walk_work(trace, root) <= count_values(root)
    """, wrong("rejects-correct")),
    ("by-name", """
        def check_walk(trace):
            return trace.__name__ == "trace"
    """, wrong("misses-lesson")),
    ("by-call-count", """
        calls = []
        def check_walk(trace):
            calls.append(trace)
            return len(calls) > 3
    """, wrong(None)),
]


def _corpus_09():
    import exercises_09
    for ex, name, cases in ((exercises_09.ex1, "check_relu", L09_1),
                            (exercises_09.ex2, "check_exp", L09_2),
                            (exercises_09.ex3, "check_rsub", L09_3),
                            (exercises_09.ex4, "check_walk", L09_4)):
        for key, src, verdict in cases:
            yield pytest.param(ex, name, src, verdict, id=f"{name}-{key}")


@pytest.mark.parametrize("ex, name, src, verdict", list(_corpus_09()))
def test_the_lesson_09_check_gives_the_true_verdict(ex, name, src, verdict):
    result = ex.evaluate(define(src, "lesson09", name))
    assert result.status != "check failed", result.message
    status, mistake = verdict
    assert result.status == status, result.message
    if mistake == "misses-":
        assert result.mistake.startswith("misses-"), result.message
    elif mistake is not None:
        assert result.mistake == mistake, result.message

"""Checked exercises of lesson 06 (from neurons to networks).

    from exercises_06 import ex1, ex2, ex3

Each check builds small networks from the finished classes in
autograd_helpers.py with seeded random weights and compares what your code
does with what they do.
"""

import math
import random

from autograd_helpers import Layer, MLP, Value
from exercise_kit import Exercise, returned, Wrong

_ARCHITECTURES = [(3, [4, 4, 1]), (2, [16, 16, 1]), (1, [1]), (5, [3, 2]), (10, [7])]


# --- Exercise 1: count the parameters ---------------------------------------

def count_parameters(nin, nouts):
    """How many numbers MLP(nin, nouts) learns: weights and biases."""
    sizes = [nin] + list(nouts)
    return sum((fan_in + 1) * n for fan_in, n in zip(sizes, sizes[1:]))


def _forgot_biases(nin, nouts):
    sizes = [nin] + list(nouts)
    return sum(fan_in * n for fan_in, n in zip(sizes, sizes[1:]))


def _one_bias_per_layer(nin, nouts):
    sizes = [nin] + list(nouts)
    return sum(fan_in * n + 1 for fan_in, n in zip(sizes, sizes[1:]))


def _check_count(answer):
    for nin, nouts in _ARCHITECTURES:
        got = answer(nin, list(nouts))
        want = len(MLP(nin, nouts, rng=random.Random(0)).parameters())
        returned(got, "Finish with `return` and the number.")
        if got == want:
            continue
        where = f"MLP({nin}, {nouts})"
        if got == _forgot_biases(nin, nouts):
            raise Wrong(f"for {where} you counted {got}, the weights only. Every "
                        f"neuron also has a bias: add one per neuron ({want} in all).",
                        "forgot-biases")
        if got == _one_bias_per_layer(nin, nouts):
            raise Wrong(f"for {where} you counted {got}: one bias per layer. Each "
                        "neuron has its own bias, so a layer of n neurons has n "
                        f"biases ({want} in all).", "one-bias-per-layer")
        raise Wrong(f"for {where} expected {want} parameters but got {got}. Go "
                    "layer by layer: how many inputs does each neuron of the layer "
                    "see, and how many neurons are there?")


ex1 = Exercise(
    "count the parameters of an MLP",
    _check_count,
    hints=["Count one layer at a time, then add the layers up.",
           "A neuron with k inputs has k weights and 1 bias. The first layer's "
           "neurons see nin inputs; every later layer sees the previous layer's outputs.",
           "sizes = [nin] + nouts; a layer from a inputs to b neurons has (a + 1) * b "
           "parameters."],
    reference=count_parameters,
    mistakes={"forgot-biases": _forgot_biases, "one-bias-per-layer": _one_bias_per_layer},
    success="For MLP(3, [4, 4, 1]) that is 16 + 20 + 5 = 41.")


# --- Exercise 2: a layer's forward pass --------------------------------------

def layer_call(layer, x):
    """What Layer.__call__ does: every neuron looks at the same input x."""
    outs = [n(x) for n in layer.neurons]
    return outs[0] if len(outs) == 1 else outs


def _only_first_neuron(layer, x):
    return layer.neurons[0](x)


def _list_of_one(layer, x):
    return [n(x) for n in layer.neurons]


def _datas(outs):
    return [o.data for o in outs]


def _check_layer_call(answer):
    rng = random.Random(6)
    for nin, nout in [(3, 4), (2, 5), (3, 1), (4, 2)]:
        layer = Layer(nin, nout, rng=rng)
        x = [rng.uniform(-2, 2) for _ in range(nin)]
        want = layer_call(layer, x)
        got = answer(layer, x)
        returned(got)
        if nout == 1:
            if isinstance(got, list) and len(got) == 1:
                raise Wrong("for a layer with one neuron you returned a list with "
                            "one Value in it. Return the Value itself, so that "
                            "MLP(3, [4, 4, 1])(x) is a number-like Value and not "
                            "[Value].", "list-of-one")
            if not (hasattr(got, "data") and math.isclose(got.data, want.data)):
                raise Wrong(f"for Layer({nin}, 1) expected the neuron's output "
                            f"{want.data:.6f}, got {got!r}.")
            continue
        if hasattr(got, "data"):
            if math.isclose(got.data, want[0].data):
                raise Wrong(f"Layer({nin}, {nout}) has {nout} neurons, but you "
                            "returned only the first one's output. Call every "
                            "neuron in layer.neurons on x.", "only-first-neuron")
            raise Wrong(f"Layer({nin}, {nout}) should give a list of {nout} Values.")
        if not isinstance(got, list) or len(got) != nout:
            raise Wrong(f"Layer({nin}, {nout}) should give a list of {nout} Values, "
                        f"one per neuron; got {type(got).__name__} of length "
                        f"{len(got) if hasattr(got, '__len__') else '?'}.")
        if not all(hasattr(o, "data") for o in got):
            raise Wrong("each output should be a Value (what neuron(x) returns).")
        if not all(math.isclose(a, b) for a, b in zip(_datas(got), _datas(want))):
            raise Wrong(f"for Layer({nin}, {nout}) at x = {[round(v, 3) for v in x]} "
                        f"expected outputs {[round(v, 4) for v in _datas(want)]}, "
                        f"got {[round(v, 4) for v in _datas(got)]}. Every neuron "
                        "gets the whole input x, in the order of layer.neurons.")


ex2 = Exercise(
    "a layer's forward pass (Layer.__call__)",
    _check_layer_call,
    hints=["A layer does not combine anything: each neuron sees the same x and "
           "gives one output.",
           "outs = [n(x) for n in layer.neurons]",
           "Return outs, except when there is only one neuron: then return outs[0]."],
    reference=layer_call,
    mistakes={"only-first-neuron": _only_first_neuron, "list-of-one": _list_of_one},
    success="Returning a bare Value for a one-neuron layer is what lets the "
            "network's output go straight into a loss.")


# --- Exercise 3: collect the parameters --------------------------------------

def parameters_of(mlp):
    """Every weight and bias of the MLP in one flat list."""
    return [p for layer in mlp.layers for n in layer.neurons for p in n.w + [n.b]]


def _weights_only(mlp):
    return [w for layer in mlp.layers for n in layer.neurons for w in n.w]


def _nested(mlp):
    return [[p for n in layer.neurons for p in n.w + [n.b]] for layer in mlp.layers]


def _check_parameters(answer):
    rng = random.Random(7)
    for nin, nouts in [(3, [4, 4, 1]), (2, [3, 1]), (1, [2])]:
        mlp = MLP(nin, nouts, rng=rng)
        want = mlp.parameters()
        got = answer(mlp)
        returned(got)
        got = list(got)
        if got and all(isinstance(g, list) for g in got):
            raise Wrong(f"for MLP({nin}, {nouts}) you returned {len(got)} lists, one "
                        "per layer. The optimiser wants one flat list it can loop "
                        "over: use a single comprehension with several `for`s.",
                        "nested-lists")
        if not all(isinstance(g, Value) for g in got):
            raise Wrong("every item should be one of the network's Values (a weight "
                        "or a bias), not its number: do not take .data.")
        ids, want_ids = [id(g) for g in got], [id(w) for w in want]
        if sorted(ids) == sorted(want_ids):
            continue
        if sorted(ids) == sorted(id(w) for w in _weights_only(mlp)):
            raise Wrong(f"for MLP({nin}, {nouts}) you returned the {len(got)} weights, "
                        f"but the biases must learn too: {len(want)} parameters in all.",
                        "forgot-biases")
        if len(ids) != len(set(ids)):
            raise Wrong("some parameters appear twice in your list; a training step "
                        "would then move them twice.")
        raise Wrong(f"for MLP({nin}, {nouts}) expected the {len(want)} weights and "
                    f"biases, got {len(got)} items that do not match them.")


ex3 = Exercise(
    "collect all parameters of an MLP",
    _check_parameters,
    hints=["Walk down the structure: mlp.layers, then each layer's neurons, then "
           "each neuron's w list and its b.",
           "A comprehension can have several `for` clauses, outer loop first: "
           "[p for layer in mlp.layers for n in layer.neurons for p in ...].",
           "The innermost part is n.w + [n.b]: the weights, then the bias."],
    reference=parameters_of,
    mistakes={"forgot-biases": _weights_only, "nested-lists": _nested},
    success="Those are the very objects the network computes with, so changing "
            "p.data changes the network.")

EXERCISES = [ex1, ex2, ex3]

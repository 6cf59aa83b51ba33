"""Checked exercises of lesson 06 (from neurons to networks).

    from exercises_06 import ex1, ex2, ex3

Each check builds small networks from the finished classes in
autograd_helpers.py with random sizes and weights, drawn afresh for every
attempt (seeded), and compares what your code does with what they do.
"""

import inspect
import math
import random

from autograd_helpers import Layer, MLP
from exercise_kit import (Exercise, attempt_rng, call, describe, expect_list, expect_number,
                          is_number, returned, Wrong)


def _architectures(rng, n=5):
    """(nin, nouts) of ``n`` networks drawn for this attempt: the first with
    at least two neurons in every layer, the last with one output neuron."""
    archs = []
    for k in range(n):
        depth = rng.randint(1, 4)
        low = 2 if k == 0 else 1
        nouts = [rng.randint(low, 12) for _ in range(depth)]
        if k == n - 1:
            nouts[-1] = 1
        archs.append((rng.randint(1, 10), nouts))
    return archs


def _is_value(x):
    return hasattr(x, "data") and hasattr(x, "_prev") and is_number(x.data)


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
    for nin, nouts in _architectures(attempt_rng(1)):
        want = len(MLP(nin, nouts, rng=random.Random(0)).parameters())
        got = call(answer, nin, nouts, what=f"count_parameters({nin}, {nouts})",
                   names=("nin", "nouts"))
        if isinstance(got, (list, tuple)) and all(isinstance(g, int) for g in got):
            raise Wrong(f"count_parameters({nin}, {nouts}) returned {describe(got)}; "
                        f"expected one number, the total ({want} here). Add "
                        "them up: sum(...).", "not-a-number")
        got = expect_number(got, f"count_parameters({nin}, {nouts})",
                            "Finish with `return` and the number.", f"here {want}")
        got = int(got) if got.is_integer() else got
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
    name="ex1",
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
    rng = attempt_rng(6)  # new sizes, weights and inputs at every attempt
    sizes = [(rng.randint(1, 6), rng.randint(2, 7)) for _ in range(3)]
    sizes.insert(rng.randint(0, 2), (rng.randint(1, 6), 1))
    for nin, nout in sizes:
        layer = Layer(nin, nout, rng=random.Random(rng.random()))
        x = [rng.uniform(-2, 2) for _ in range(nin)]
        want = layer_call(layer, x)
        got = returned(call(answer, layer, x, what=f"layer_call(Layer({nin}, {nout}), x)",
                            names=("layer", "x")),
                       "Finish with `return outs`.", f"layer_call(Layer({nin}, {nout}), x)")
        if nout == 1:
            if isinstance(got, list) and len(got) == 1:
                raise Wrong(f"for a layer with one neuron you returned {describe(got)}, "
                            "a list with one Value in it. Return the Value itself "
                            f"(here with data {want.data:.4f}), so that MLP(3, "
                            "[4, 4, 1])(x) is a number-like Value and not "
                            "[Value].", "list-of-one")
            if not (_is_value(got) and math.isclose(got.data, want.data)):
                raise Wrong(f"for Layer({nin}, 1) expected the neuron's output, a "
                            f"Value with data {want.data:.6f}; got {describe(got)}.")
            continue
        if hasattr(got, "data"):
            if is_number(got.data) and math.isclose(got.data, want[0].data):
                raise Wrong(f"Layer({nin}, {nout}) has {nout} neurons, but you "
                            f"returned only the first one's output, {describe(got)}. "
                            "Call every neuron in layer.neurons on x.",
                            "only-first-neuron")
            raise Wrong(f"Layer({nin}, {nout}) should give a list of {nout} Values; "
                        f"got {describe(got)}.")
        got = expect_list(got, f"layer_call(Layer({nin}, {nout}), x)",
                          f"a list of {nout} Values, one per neuron")
        if len(got) != nout:
            raise Wrong(f"Layer({nin}, {nout}) should give a list of {nout} Values, "
                        f"one per neuron; got {describe(got)}.")
        bad = [o for o in got if not _is_value(o)]
        if bad:
            raise Wrong(f"each output should be a Value (what neuron(x) returns); "
                        f"your list holds {describe(bad[0])}.")
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
    name="ex2",
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


def _appended_weight_lists(mlp):
    params = []
    for layer in mlp.layers:
        for n in layer.neurons:
            params.append(n.w)
            params.append(n.b)
    return params


def _took_data(mlp):
    return [p.data for layer in mlp.layers for n in layer.neurons for p in n.w + [n.b]]


def _structure(mlp):
    """What parameters_of must leave as it was: every list of the network
    (layers, neurons, weights) and what it holds."""
    return [(id(mlp.layers), id(layer), id(layer.neurons),
             [(id(n), id(n.w), [id(w) for w in n.w], id(n.b)) for n in layer.neurons])
            for layer in mlp.layers]


def _check_parameters(answer):
    rng = attempt_rng(7)
    generator = False
    for nin, nouts in _architectures(rng, 3):
        mlp = MLP(nin, nouts, rng=random.Random(rng.random()))
        want = mlp.parameters()
        where = f"for MLP({nin}, {nouts})"
        before = _structure(mlp)
        got = call(answer, mlp, what=f"parameters_of(MLP({nin}, {nouts}))")
        if inspect.isgenerator(got):
            generator, got = True, list(got)
        if _structure(mlp) != before:
            raise Wrong(f"parameters_of(MLP({nin}, {nouts})) changed the network: "
                        "its lists of layers, neurons or weights are not what they "
                        "were (did you append to n.w itself? `ws = n.w` is the "
                        "neuron's own list, not a copy). Build a new list of your "
                        "own: params.extend(n.w), then params.append(n.b).",
                        "changed-network")
        got = expect_list(got, f"parameters_of(MLP({nin}, {nouts}))",
                          f"one flat list of its {len(want)} weights and biases",
                          "Finish with `return params` (the list).")
        lists = [g for g in got if isinstance(g, (list, tuple))]
        if got and len(lists) == len(got):
            raise Wrong(f"{where} you returned {len(got)} lists (the first is "
                        f"{describe(got[0])}), not one flat list of {len(want)} "
                        "Values. The optimiser wants one flat list it can loop "
                        "over: use a single comprehension with several `for`s.",
                        "nested-lists")
        if lists:
            raise Wrong(f"{where} some items of your list are lists themselves "
                        f"(the first is {describe(lists[0])}): a neuron's weight "
                        "list n.w was appended as one item. Add its weights one "
                        "by one, params.extend(n.w) (or params += n.w), then "
                        f"params.append(n.b): {len(want)} Values in all.",
                        "appended-weight-lists")
        others = [g for g in got if not _is_value(g)]
        if others:
            if all(is_number(g) for g in others):
                raise Wrong(f"{where} your list holds numbers (the first is "
                            f"{others[0]!r}), not the network's Values: do not "
                            "take .data. Training changes p.data through the "
                            "Value p itself.", "took-data")
            raise Wrong(f"{where} your list holds {describe(others[0])}; every "
                        "item should be one of the network's Values (a weight "
                        "or a bias).")
        ids, want_ids = [id(g) for g in got], [id(w) for w in want]
        if sorted(ids) == sorted(want_ids):
            continue
        if sorted(ids) == sorted(id(w) for w in _weights_only(mlp)):
            raise Wrong(f"{where} you returned the {len(got)} weights, but the "
                        f"biases must learn too: {len(want)} parameters in all.",
                        "forgot-biases")
        if len(ids) != len(set(ids)):
            raise Wrong(f"{where} your list has {len(got)} items and some "
                        "parameters appear twice (there are "
                        f"{len(want)}); a training step would then move them twice.")
        raise Wrong(f"{where} expected the {len(want)} weights and biases, got "
                    f"{len(got)} Values that do not match them (copies made "
                    "with Value(...) are not the network's own).")
    if generator:
        return ("Your function gives a generator, not the list the exercise asks for: "
                "fine to loop over once, but a list (`[...]` or `list(...)`) can be "
                "looped over again, as a training step does twice.")


ex3 = Exercise(
    "collect all parameters of an MLP",
    _check_parameters,
    hints=["Walk down the structure: mlp.layers, then each layer's neurons, then "
           "each neuron's w list and its b.",
           "A comprehension can have several `for` clauses, outer loop first: "
           "[p for layer in mlp.layers for n in layer.neurons for p in ...].",
           "The innermost part is n.w + [n.b]: the weights, then the bias."],
    reference=parameters_of,
    name="ex3",
    mistakes={"forgot-biases": _weights_only, "nested-lists": _nested,
              "appended-weight-lists": _appended_weight_lists,
              "took-data": _took_data},
    success="Those are the very objects the network computes with, so changing "
            "p.data changes the network.")

EXERCISES = [ex1, ex2, ex3]

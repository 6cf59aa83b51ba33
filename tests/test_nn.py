"""Neuron, Layer and MLP of the reference engine (lessons 6-8)."""

import math
import random

import pytest

from autograd_helpers import Layer, MLP, Module, Neuron, Value
from lesson_data import TOY_XS, TOY_YS


def test_neuron_output_is_activation_of_weighted_sum():
    n = Neuron(3, rng=random.Random(0))
    x = [0.5, -1.0, 2.0]
    act = n.b.data + sum(w.data * xi for w, xi in zip(n.w, x))
    assert n(x).data == pytest.approx(math.tanh(act))


def test_fused_weighted_sum_matches_the_unfused_sum():
    n = Neuron(4, activation="linear", rng=random.Random(1))
    x = [Value(v) for v in (0.3, -2.0, 1.5, 0.25)]
    fused = n(x)
    unfused = sum((wi * xi for wi, xi in zip(n.w, x)), n.b)
    assert fused.data == unfused.data
    fused.backward()
    grads = [p.grad for p in n.parameters() + x]
    for v in n.parameters() + x:
        v.grad = 0.0
    unfused.backward()
    assert grads == [p.grad for p in n.parameters() + x]


@pytest.mark.parametrize("activation,f", [
    ("tanh", math.tanh),
    ("relu", lambda z: max(z, 0.0)),
    ("sigmoid", lambda z: 1 / (1 + math.exp(-z))),
    ("linear", lambda z: z),
])
def test_activations(activation, f):
    n = Neuron(2, activation=activation, rng=random.Random(2))
    for x in ([1.0, 2.0], [-3.0, 0.5], [0.0, 0.0]):
        act = n.b.data + n.w[0].data * x[0] + n.w[1].data * x[1]
        assert n(x).data == pytest.approx(f(act))


def test_unknown_activation_is_refused_with_the_choices():
    with pytest.raises(ValueError, match="tanh"):
        Neuron(2, activation="softplus")


def test_shapes():
    x = [1.0, -2.0, 0.5]
    assert isinstance(Neuron(3)(x), Value)
    outs = Layer(3, 5)(x)
    assert isinstance(outs, list) and len(outs) == 5
    assert isinstance(Layer(3, 1)(x), Value)  # one neuron: the value itself
    assert isinstance(MLP(3, [4, 4, 1])(x), Value)
    assert len(MLP(3, [4, 2])(x)) == 2


def count(nin, nouts):
    sizes = [nin] + list(nouts)
    return sum((a + 1) * b for a, b in zip(sizes, sizes[1:]))


@pytest.mark.parametrize("nin,nouts", [(3, [4, 4, 1]), (2, [16, 16, 1]), (1, [1]), (5, [3])])
def test_parameter_counts(nin, nouts):
    model = MLP(nin, nouts)
    assert len(model.parameters()) == count(nin, nouts)
    assert len({id(p) for p in model.parameters()}) == count(nin, nouts)
    assert len(Neuron(nin).parameters()) == nin + 1
    assert len(Layer(nin, 7).parameters()) == 7 * (nin + 1)


def test_known_counts():
    assert len(MLP(3, [4, 4, 1]).parameters()) == 41
    assert len(MLP(2, [16, 16, 1]).parameters()) == 337


def test_module_has_no_parameters():
    assert Module().parameters() == []


def test_zero_grad_zeroes_every_parameter():
    model = MLP(3, [4, 4, 1], rng=random.Random(0))
    loss = sum((model(x) - y) ** 2 for x, y in zip(TOY_XS, TOY_YS))
    loss.backward()
    assert any(p.grad != 0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0 for p in model.parameters())


def toy_loss(model):
    return sum((model(x) - y) ** 2 for x, y in zip(TOY_XS, TOY_YS))


@pytest.mark.parametrize("seed", range(5))
def test_a_training_step_lowers_the_loss(seed):
    model = MLP(3, [4, 4, 1], rng=random.Random(seed))
    loss = toy_loss(model)
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data -= 0.01 * p.grad
    assert toy_loss(model).data < loss.data


def test_seeded_rng_gives_the_same_network():
    a = MLP(2, [8, 1], rng=random.Random(42))
    b = MLP(2, [8, 1], rng=random.Random(42))
    c = MLP(2, [8, 1], rng=random.Random(43))
    assert [p.data for p in a.parameters()] == [p.data for p in b.parameters()]
    assert [p.data for p in a.parameters()] != [p.data for p in c.parameters()]
    random.seed(7)
    d = MLP(2, [8, 1])
    assert [p.data for p in d.parameters()] == [p.data for p in MLP(2, [8, 1], rng=random.Random(7)).parameters()]


def test_weights_start_in_minus_one_to_one():
    assert all(-1 <= p.data <= 1 for p in MLP(4, [8, 8, 1], rng=random.Random(0)).parameters())


def test_final_activation():
    model = MLP(2, [3, 1], activation="relu", final_activation="linear")
    assert [n.activation for n in model.layers[0].neurons] == ["relu"] * 3
    assert model.layers[1].neurons[0].activation == "linear"
    assert MLP(2, [3, 1]).layers[1].neurons[0].activation == "tanh"


def test_reprs_name_the_structure():
    assert repr(Neuron(2)) == "Neuron(2, activation='tanh')"
    assert repr(MLP(1, [1])) == "MLP([Layer([Neuron(1, activation='tanh')])])"

"""The widgets of lessons 7 and 8 respond when driven from Python."""

import random

import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("matplotlib")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

from autograd_helpers import (MLP, Value, accuracy, live_training_view,  # noqa: E402
                              lr_explorer, lr_verdict, make_moons, max_margin_loss,
                              mlp_scores, toy_losses, train_moons)


def test_lr_verdicts():
    assert lr_verdict(toy_losses(0.001)) == "too small"
    assert lr_verdict(toy_losses(0.1)) == "good"
    assert lr_verdict(toy_losses(1.0)) == "divergent"


def test_toy_runs_are_reproducible_and_zero_grad_matters():
    assert toy_losses(0.1, steps=10) == toy_losses(0.1, steps=10)
    assert toy_losses(0.1, steps=10, zero_grad=False) != toy_losses(0.1, steps=10)


def test_lr_explorer_redraws_when_the_slider_moves():
    view = lr_explorer(lr=0.05)
    assert "good" in view.verdict.value
    assert "Learning-rate explorer" in repr(view)
    picture = view.image.value
    view.slider.value = 1.0
    assert "divergent" in view.verdict.value
    assert view.image.value != picture
    view.slider.value = 0.001
    assert "too small" in view.verdict.value


def test_live_training_view_trains_when_started():
    X, y = make_moons(40, seed=0)
    view = live_training_view(X, y, width=4, steps=10, every=5)
    assert view.progress.value == 0
    assert "Live training view" in repr(view)
    before_picture, before_status = view.image.value, view.status.value
    before = [p.data for p in view.network.parameters()]
    view.start.click()
    assert view.progress.value == view.progress.max == 10
    assert view.status.value != before_status and "step 10 of 10" in view.status.value
    assert view.image.value != before_picture
    assert [p.data for p in view.network.parameters()] != before
    assert not view.start.disabled


def test_live_training_view_settings_are_used():
    X, y = make_moons(20, seed=0)
    view = live_training_view(X, y, width=4, steps=10)
    view.width_slider.value = 6
    view.steps_slider.value = 5
    view.start.click()
    assert view.progress.value == 5
    assert len(view.network.parameters()) == (2 + 1) * 6 + (6 + 1) * 6 + 7


def test_train_moons_learns_a_small_moons_problem():
    # (The full demo, 100% accuracy after 100 steps, is checked by lesson 08's
    # stored output under nbval; this smaller run keeps the unit tests fast.)
    X, y = make_moons(40, seed=0)
    model = MLP(2, [8, 8, 1], activation="relu", final_activation="linear",
                rng=random.Random(0))
    calls = []
    history = train_moons(model, [[Value(a), Value(b)] for a, b in X], y, steps=40,
                          callback=lambda k, loss, acc: calls.append(k))
    assert calls == list(range(40))
    assert history[0][1] == 0.5 and history[-1][1] == 1.0
    assert history[-1][0] < history[0][0] / 10


def test_loss_and_accuracy_helpers():
    scores = [Value(2.0), Value(-0.5), Value(0.3)]
    ys = [1, 1, -1]
    assert accuracy(scores, ys) == pytest.approx(1 / 3)
    loss = max_margin_loss(scores, ys, [Value(1.0)], alpha=0.5)
    # relu(1 - 2) = 0, relu(1 + 0.5) = 1.5, relu(1 + 0.3) = 1.3; mean 2.8/3; + 0.5
    assert loss.data == pytest.approx(2.8 / 3 + 0.5)


def test_mlp_scores_matches_the_graph():
    model = MLP(2, [5, 5, 1], activation="relu", final_activation="linear",
                rng=random.Random(3))
    points = [[0.1, 0.2], [-1.0, 0.5], [2.0, -0.3]]
    assert list(mlp_scores(model, points)) == pytest.approx([model(p).data for p in points])

"""The widgets of lessons 7 and 8 respond when driven from Python."""

import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("matplotlib")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

from lesson_data import make_moons  # noqa: E402
from lesson_widgets import live_training_view, lr_explorer  # noqa: E402


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
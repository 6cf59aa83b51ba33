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
    view.wait(60)
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
    view.wait(60)
    assert view.progress.value == 5
    assert len(view.network.parameters()) == (2 + 1) * 6 + (6 + 1) * 6 + 7

def test_a_second_press_while_training_starts_no_second_run():
    import threading
    X, y = make_moons(20, seed=0)
    view = live_training_view(X, y, width=4, steps=300, every=1000)
    runs = []
    real_thread = threading.Thread

    class Counting(real_thread):
        def start(self):
            runs.append(self)
            super().start()
    threading.Thread = Counting
    try:
        view.start.click()
        view.start.click()  # a double click
        view.start.click()
    finally:
        threading.Thread = real_thread
    view.stop.click()
    view.wait(60)
    assert len(runs) == 1
    assert "Stopped after step" in view.status.value
    assert view.progress.value < 300
    assert not view.start.disabled and view.stop.disabled


def test_stop_ends_a_run_and_start_trains_again_afterwards():
    X, y = make_moons(20, seed=0)
    view = live_training_view(X, y, width=4, steps=10, every=5)
    view.start.click()
    view.wait(60)
    assert view.progress.value == 10
    view.start.click()
    view.wait(60)
    assert view.progress.value == 10 and "step 10 of 10" in view.status.value


def test_plots_are_drawn_at_twice_their_shown_size():
    view = lr_explorer(lr=0.05)
    png = view.image.value
    natural = int.from_bytes(png[16:20], "big")
    assert view.image.layout.width == f"{natural // 2}px"
    assert view.image.layout.max_width.startswith("calc(100%")


def test_decision_boundary_can_take_any_score_function():
    from lesson_widgets import new_figure, plot_decision_boundary
    X, y = make_moons(30, seed=0)
    asked = []

    def scores(points):  # a straight boundary at x1 = 0.5
        asked.append(points.shape)
        return points[:, 0] - 0.5
    ax = plot_decision_boundary(None, X, y, ax=new_figure(4, 3).subplots(), resolution=20,
                                scores=scores)
    assert asked == [(400, 2)]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x1", "x2")

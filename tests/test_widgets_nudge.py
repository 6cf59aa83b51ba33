"""The nudge explorer of lesson 03 responds to its controls."""

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from lesson_data import l_example, L_START
from lesson_widgets import nudge_explorer, NudgeReport  # noqa: E402


def neuron(x1, x2, w1, w2, b):
    return (x1 * w1 + x2 * w2 + b).tanh()


NEURON_START = {"x1": 2.0, "x2": 0.0, "w1": -3.0, "w2": 1.0, "b": 6.8813735870195432}


@pytest.fixture(scope="module")
def explorer():
    return nudge_explorer()


def shown(box):
    return box.numbers.value, box.plot.value, box.graph.value


def test_text_form_is_one_fixed_line(explorer):
    assert "\n" not in repr(explorer)
    assert repr(explorer).startswith("Nudge explorer")


def test_starts_with_no_nudge_and_the_gradients_of_L(explorer):
    report = explorer.report()
    assert report.before == -8.0
    assert report.grads == {"a": 6.0, "b": -4.0, "c": -2.0, "f": 4.0}
    assert report.actual == 0.0 and report.predicted == 0.0


def test_moving_a_slider_changes_numbers_plot_and_graph(explorer):
    before = shown(explorer)
    explorer.sliders["f"].value = 0.5
    after = shown(explorer)
    assert all(x != y for x, y in zip(before, after))
    assert "-8.0000 -&gt; -6.0000" in explorer.numbers.value  # L = 4 * (-2 + 0.5)
    assert "predicted change     +2.0000" in explorer.numbers.value
    assert "fillcolor" in explorer.graph.value or "yellow" in explorer.graph.value


def test_one_leaf_of_L_is_predicted_exactly_two_leaves_are_not(explorer):
    explorer.reset.click()
    explorer.sliders["a"].value = 0.5
    assert abs(explorer.report().error) < 1e-12  # L is linear in each leaf alone
    explorer.sliders["b"].value = 0.5
    report = explorer.report()
    # L = ((a+da)(b+db) + c) f: the da*db*f term is what the gradients miss
    assert report.error == pytest.approx(0.5 * 0.5 * -2.0)
    assert f"{report.error:+.4f}" in explorer.numbers.value


def test_choosing_another_leaf_redraws_the_plot(explorer):
    picture = explorer.plot.value
    explorer.along.value = "c"
    assert explorer.plot.value != picture


def test_reset_button_sets_every_nudge_to_zero(explorer):
    explorer.sliders["c"].value = -0.3
    explorer.reset.click()
    assert all(s.value == 0.0 for s in explorer.sliders.values())
    assert "actual change        +0.0000" in explorer.numbers.value


def test_a_curved_graph_shows_a_growing_error():
    box = nudge_explorer(neuron, NEURON_START, along="b", show_graph=False)
    assert box.report().before == pytest.approx(0.5 ** 0.5)
    errors = []
    for nudge in (0.1, 0.5, 1.0):
        box.sliders["b"].value = nudge
        errors.append(abs(box.report().error))
    assert 0 < errors[0] < errors[1] < errors[2]


def test_report_matches_the_formula_for_any_nudges():
    nudges = {"a": 0.3, "b": -0.2, "c": 0.7, "f": 0.1}
    report = NudgeReport(l_example, L_START, nudges)
    a, b, c, f = (L_START[n] + nudges[n] for n in "abcf")
    assert report.after == pytest.approx((a * b + c) * f)
    assert report.predicted == pytest.approx(6 * 0.3 - 4 * -0.2 - 2 * 0.7 + 4 * 0.1)

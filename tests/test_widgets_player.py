"""The backward player of lesson 04, driven from Python as a learner would
drive it with the ▶ button and the slider."""

import pytest

from autograd_helpers import trace, Value
from lesson_widgets import backward_player, backward_steps
from lesson_engine import AssignBugValue, LessonValue


def reused(a):
    """f = (a*b) * (a+b) with b = a + a: the lesson's reused-node example."""
    b = a + a
    b.label = "b"
    d = a * b
    d.label = "d"
    e = a + b
    e.label = "e"
    f = d * e
    f.label = "f"
    return f


@pytest.fixture(params=[LessonValue, Value], ids=["lesson-engine", "reference-engine"])
def graph(request):
    return reused(request.param(2.0, label="a"))


def test_slider_steps_show_the_arithmetic_of_each_step(graph):
    player = backward_player(graph)
    assert player.slider.max == player.play.max == len(player.steps) - 1 == 5
    assert "before backward()" in player.text.value
    first_picture = player.picture.value
    assert first_picture

    player.slider.value = 1
    assert "f.grad = 1.0" in player.text.value

    player.slider.value = 4  # d = a * b passes back d.grad = 6
    assert "Step 4 of 5: d = a * b" in player.text.value  # the slider's number
    assert "a.grad += 4.0 × 6.0  →  32.0" in player.text.value
    assert "b.grad += 2.0 × 6.0  →  20.0" in player.text.value
    step_picture = player.picture.value
    assert step_picture != first_picture
    if "<svg" in step_picture:  # graphviz's dot is installed
        assert "orange" in step_picture and "lightblue" in step_picture
        assert "grad 32.0000" in step_picture

    player.slider.value = 5  # b = a + a: a gets b's grad twice
    assert "a.grad += 2.0 × 20.0  →  72.0" in player.text.value

    player.slider.value = 0  # back to the start shows the start again
    assert "before backward()" in player.text.value
    assert player.picture.value == first_picture


def test_last_step_matches_backward_and_graph_is_left_alone(graph):
    nodes = trace(graph)[0]
    player = backward_player(graph)
    player.slider.value = player.slider.max
    assert [v.grad for v in nodes] == [0.0] * len(nodes)  # untouched
    graph.backward()
    assert player.steps[-1].grads == [v.grad for v in nodes]
    assert player.steps[-1].grads[nodes.index(graph._prev[0]._prev[0])] == 72.0


def test_grads_before_the_player_are_restored():
    o = (LessonValue(0.5, label="x") * LessonValue(-1.5, label="w")).tanh()
    o.backward()
    before = [v.grad for v in trace(o)[0]]
    nodes, steps = backward_steps(o)
    assert [v.grad for v in nodes] == before
    assert steps[-1].grads == before


def test_an_overwriting_backward_is_pointed_out():
    f = reused(AssignBugValue(2.0, label="a"))
    player = backward_player(f)
    player.slider.value = 4  # d = a * b sets a.grad to 24, losing e's 8
    assert "a.grad = 4.0 × 6.0  →  24.0   (overwrote 8.0!)" in player.text.value
    player.slider.value = player.slider.max
    nodes = trace(f)[0]
    assert player.steps[-1].grads[nodes.index(f._prev[0]._prev[0])] == 12.0


def test_panel_shows_one_fixed_line_of_text(graph):
    text = repr(backward_player(graph))
    assert text.startswith("Backward player: 4 steps of backward() over 5 values")
    assert "\n" not in text and len(text) < 110  # ipywidgets cuts longer reprs


def test_every_step_says_its_slider_number(graph):
    player = backward_player(graph)
    for k in range(player.slider.max + 1):
        player.slider.value = k
        assert f"Step {k} of {player.slider.max}:" in player.text.value


def test_the_graph_fits_its_box_and_never_scrolls(graph):
    picture = backward_player(graph).picture.value
    if "<svg" in picture:
        assert picture.startswith('<svg style="max-width: 100%; height: auto"')
        assert "overflow" not in picture

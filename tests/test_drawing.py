"""Graph drawing: trace, draw_dot, graph_text and the picture-or-text display.

The DOT source must be the same for the same expression in every run and
every process, so that stored notebook outputs can be compared; these tests
pin that down, including for a class written by a learner.
"""

import base64
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import autograd_helpers as ah
from autograd_helpers import draw_dot, graph_text, GraphTooLarge, trace, Value

ROOT = Path(__file__).resolve().parent.parent

# Built in this process (exec) and in a second one (subprocess), so that both
# run exactly the same code.
GRAPHS = textwrap.dedent('''
    from autograd_helpers import draw_dot, Value

    class Learner:
        """Shaped like a class written in a lesson: a set of children, no label."""

        def __init__(self, data, _children=(), _op=""):
            self.data = data
            self.grad = 0.0
            self._prev = set(_children)
            self._op = _op

        def __add__(self, other):
            return Learner(self.data + other.data, (self, other), "+")

        def __mul__(self, other):
            return Learner(self.data * other.data, (self, other), "*")


    def reference_graph():
        a = Value(2.0, label="a")
        b = Value(-3.0, label="b")
        c = (a * b + a).tanh()
        d = c.exp() / b ** 2 - a.relu() + b.sigmoid() + 2 ** a.log()
        out = d * c - 1
        out.label = "out"
        out.backward()
        return out


    def learner_graph():
        x, y, z = Learner(1.5), Learner(-2.0), Learner(0.25)
        s = x * y
        return (s + z) * (s + x) + y
''')


def graphs():
    namespace = {}
    exec(GRAPHS, namespace)
    return namespace


def L_example():
    """L = (a*b + c) * f, the hand-worked example of lesson 3."""
    a = Value(2.0, label="a")
    b = Value(-3.0, label="b")
    c = Value(10.0, label="c")
    f = Value(-2.0, label="f")
    e = a * b
    e.label = "e"
    d = e + c
    d.label = "d"
    L = d * f
    L.label = "L"
    return L, dict(a=a, b=b, c=c, d=d, e=e, f=f, L=L)


def chain(n_values):
    x = Value(0.1)
    for _ in range(n_values - 1):
        x = x.tanh()
    return x


# -- determinism ------------------------------------------------------------------

@pytest.fixture(scope="module")
def second_process_sources():
    script = GRAPHS + textwrap.dedent('''
        print(draw_dot(reference_graph()).source, end="")
        print("=====")
        print(draw_dot(learner_graph()).source, end="")
    ''')
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True,
        text=True, check=True, timeout=120,
        env={"PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "12345",
             "PATH": "/usr/bin:/bin"})
    reference, learner = result.stdout.split("=====\n")
    return reference, learner


def test_draw_dot_gives_the_same_source_twice_in_one_process():
    g = graphs()
    first = draw_dot(g["reference_graph"]()).source
    second = draw_dot(g["reference_graph"]()).source
    assert first == second


def test_draw_dot_gives_byte_identical_source_in_a_second_process(second_process_sources):
    here = draw_dot(graphs()["reference_graph"]()).source
    assert here.encode("utf-8") == second_process_sources[0].encode("utf-8")


def test_node_names_come_from_the_traversal_not_from_id():
    def build(order):
        leaves = {name: Value(x, label=name) for name, x in order}
        a, b = leaves["a"], leaves["b"]
        return (a * b + b).tanh()
    keep = [build([("a", 1.0), ("b", -2.0)])]  # stays alive: new ids below
    junk = [Value(float(i)) for i in range(1000)]
    other = build([("b", -2.0), ("a", 1.0)])  # leaves made in the other order
    assert draw_dot(keep[0]).source == draw_dot(other).source
    names = set(re.findall(r"\bn\d+(?:op)?\b", draw_dot(other).source))
    assert names == {"n0", "n0op", "n1", "n1op", "n2", "n2op", "n3", "n4"}
    assert junk


def test_draw_dot_draws_a_learner_class_with_a_set_of_children_deterministically():
    g = graphs()
    sources = {draw_dot(g["learner_graph"]()).source for _ in range(5)}
    assert len(sources) == 1


def test_learner_class_drawing_is_identical_in_a_second_process(second_process_sources):
    here = draw_dot(graphs()["learner_graph"]()).source
    assert here == second_process_sources[1]


def test_draw_dot_draws_a_learner_class_without_labels_by_position():
    text = repr(draw_dot(graphs()["learner_graph"]()))
    assert text.splitlines()[-1].startswith("v0 = v1 + v2")


def test_draw_dot_draws_a_class_that_redefines_equality():
    class Unhashable:  # __eq__ without __hash__ makes instances unhashable
        def __init__(self, data, _prev=(), _op=""):
            self.data, self.grad, self._prev, self._op = data, 0.0, _prev, _op

        def __eq__(self, other):
            return self.data == other.data
    x, y = Unhashable(1.0), Unhashable(2.0)
    drawn = draw_dot(Unhashable(3.0, (x, y), "+"))
    assert repr(drawn).splitlines()[-1].startswith("v0 = v1 + v2")
    assert drawn.source.count(" -> n0op") == 2


# -- what trace and draw_dot contain -------------------------------------------------

def test_trace_lists_nodes_depth_first_from_the_root_children_left_to_right():
    L, _ = L_example()
    nodes, _ = trace(L)
    assert [n.label for n in nodes] == ["L", "d", "e", "a", "b", "c", "f"]


def test_trace_lists_edges_as_child_parent_pairs():
    L, _ = L_example()
    _, edges = trace(L)
    assert [(c.label, p.label) for c, p in edges] == [
        ("d", "L"), ("f", "L"), ("e", "d"), ("c", "d"), ("a", "e"), ("b", "e")]


def test_trace_gives_two_edges_for_a_plus_a():
    a = Value(2.0)
    s = a + a
    nodes, edges = trace(s)
    assert nodes == [s, a]
    assert edges == [(a, s), (a, s)]


def test_draw_dot_draws_two_arrows_for_a_plus_a():
    a = Value(2.0, label="a")
    source = draw_dot(a + a).source
    assert source.count("\tn1 -> n0op\n") == 2


def test_draw_dot_shows_label_data_and_grad_of_each_value():
    L, _ = L_example()
    L.backward()
    source = draw_dot(L).source
    # left to right, a record's fields stack one below the other: a narrow box
    assert 'n3 [label="a | data 2.0000 | grad 6.0000" shape=record]' in source
    assert 'n0op [label="*" shape=ellipse]' in source
    assert "\tn0op -> n0\n" in source


def test_draw_dot_can_leave_the_grad_out():
    L, _ = L_example()
    drawn = draw_dot(L, show_grad=False)
    assert "grad" not in drawn.source and "grad" not in repr(drawn)


def test_draw_dot_escapes_record_characters_in_labels():
    source = draw_dot(Value(1.0, label="a|b{c}<d>")).source
    assert r"a\|b\{c\}\<d\>" in source


def test_draw_dot_highlights_values_given_as_a_dict_or_a_list():
    a = Value(1.0, label="a")
    out = a * 2
    assert "fillcolor=lightblue" in draw_dot(out, highlight={a: "lightblue"}).source
    assert "fillcolor=yellow" in draw_dot(out, highlight=[a]).source


def test_drawn_graph_repr_is_the_text_form():
    L, _ = L_example()
    drawn = draw_dot(L)
    assert repr(drawn) == graph_text(L)
    assert drawn.source == drawn.dot.source


# -- options ---------------------------------------------------------------------

def test_draw_dot_goes_left_to_right_by_default():
    assert "rankdir=LR" in draw_dot(Value(1.0) + 2).source


@pytest.mark.parametrize("rankdir", ["TB", "RL", "BT"])
def test_draw_dot_accepts_other_directions(rankdir):
    assert f"rankdir={rankdir}" in draw_dot(Value(1.0) + 2, rankdir=rankdir).source


def test_draw_dot_top_to_bottom_still_stacks_the_fields():
    source = draw_dot(Value(2.0, label="a"), rankdir="TB").source
    assert 'label="{ a | data 2.0000 | grad 0.0000 }"' in source


def test_draw_dot_refuses_an_unknown_direction():
    with pytest.raises(ValueError, match="rankdir must be 'auto', 'LR', 'TB'"):
        draw_dot(Value(1.0), rankdir="up")


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_draw_dot_accepts_svg_and_png(fmt):
    drawn = draw_dot(Value(1.0), format=fmt)
    assert drawn.format == fmt and drawn.dot.format == fmt


def test_draw_dot_refuses_an_unknown_format():
    with pytest.raises(ValueError, match="format must be 'svg' or 'png'"):
        draw_dot(Value(1.0), format="pdf")


# -- the size limit ------------------------------------------------------------------

def test_draw_dot_refuses_a_graph_over_500_values_by_default():
    with pytest.raises(GraphTooLarge) as excinfo:
        draw_dot(chain(501))
    assert "501 values" in str(excinfo.value)
    assert "max_nodes=500" in str(excinfo.value)


def test_graph_too_large_says_to_pass_max_nodes_none():
    with pytest.raises(GraphTooLarge, match=r"draw_dot\(root, max_nodes=None\)"):
        draw_dot(chain(501))


def test_graph_too_large_is_a_value_error():
    assert issubclass(GraphTooLarge, ValueError)


def test_draw_dot_draws_a_graph_of_exactly_max_nodes():
    assert "\tn499 " in draw_dot(chain(500)).source


def test_draw_dot_with_max_nodes_none_draws_anyway():
    assert "\tn600 " in draw_dot(chain(601), max_nodes=None).source


def test_draw_dot_takes_a_smaller_max_nodes():
    with pytest.raises(GraphTooLarge, match="3 values"):
        draw_dot(Value(1.0) + 2, max_nodes=2)


# -- displaying: a picture with dot, one install line and text without it -----------

@pytest.fixture
def no_dot(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no `dot` on PATH
    monkeypatch.setattr(ah, "_NOT_INSTALLED_SAID", False)


def test_without_dot_display_returns_only_the_text_form(no_dot):
    L, _ = L_example()
    bundle = draw_dot(L)._repr_mimebundle_()
    assert bundle == {"text/plain": graph_text(L)}


def test_without_dot_display_prints_one_install_line_once_per_process(no_dot, capsys):
    L, _ = L_example()
    draw_dot(L)._repr_mimebundle_()
    draw_dot(L)._repr_mimebundle_()
    draw_dot(Value(1.0), format="png")._repr_mimebundle_()
    out = capsys.readouterr().out
    assert out == ah.INSTALL_GRAPHVIZ + "\n"
    assert out.count("\n") == 1


def test_install_line_names_apt_brew_and_conda():
    line = ah.INSTALL_GRAPHVIZ
    assert "apt-get install graphviz" in line
    assert "brew install graphviz" in line
    assert "conda install" in line


needs_dot = pytest.mark.skipif(shutil.which("dot") is None,
                               reason="graphviz's dot program is not installed")


@needs_dot
def test_with_dot_display_gives_svg_and_text():
    L, _ = L_example()
    bundle = draw_dot(L)._repr_mimebundle_()
    assert set(bundle) == {"image/svg+xml", "text/plain"}
    assert "<svg" in bundle["image/svg+xml"]
    assert bundle["text/plain"] == graph_text(L)


@needs_dot
def test_with_dot_display_gives_png_and_text():
    bundle = draw_dot(Value(1.0), format="png")._repr_mimebundle_()
    assert set(bundle) == {"image/png", "text/plain"}
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")


# -- graph_text --------------------------------------------------------------------

def test_graph_text_of_the_L_example_before_backward():
    L, _ = L_example()
    assert graph_text(L).splitlines() == [
        "a          data     2.0000  grad     0.0000",
        "b          data    -3.0000  grad     0.0000",
        "e = a * b  data    -6.0000  grad     0.0000",
        "c          data    10.0000  grad     0.0000",
        "d = e + c  data     4.0000  grad     0.0000",
        "f          data    -2.0000  grad     0.0000",
        "L = d * f  data    -8.0000  grad     0.0000",
    ]


def test_graph_text_of_the_L_example_after_backward():
    # dL/da = 6, dL/db = -4, dL/dc = -2, dL/df = 4, L = -8
    L, _ = L_example()
    L.backward()
    assert graph_text(L).splitlines() == [
        "a          data     2.0000  grad     6.0000",
        "b          data    -3.0000  grad    -4.0000",
        "e = a * b  data    -6.0000  grad    -2.0000",
        "c          data    10.0000  grad    -2.0000",
        "d = e + c  data     4.0000  grad    -2.0000",
        "f          data    -2.0000  grad     4.0000",
        "L = d * f  data    -8.0000  grad     1.0000",
    ]


def test_graph_text_names_unlabelled_values_by_position():
    a = Value(3.0)
    assert graph_text(a.exp() ** 2, show_grad=False).splitlines() == [
        "v2            data     3.0000",
        "v1 = exp(v2)  data    20.0855",
        "v0 = v1**2    data   403.4288",
    ]


def test_graph_text_lists_a_reused_value_once():
    a = Value(2.0, label="a")
    assert graph_text(a + a).splitlines() == [
        "a           data     2.0000  grad     0.0000",
        "v0 = a + a  data     4.0000  grad     0.0000",
    ]


# -- fitting the notebook column, and networks ------------------------------------

def test_an_unlabelled_value_has_no_empty_label_row():
    source = draw_dot(Value(2.0) * 3).source
    assert 'n0 [label="data 6.0000 | grad 0.0000" shape=record]' in source
    assert "|  |" not in source and '" | ' not in source


def test_draw_dot_shrinks_a_wide_picture_to_the_width_or_keeps_it_with_none():
    assert 'size="9.38,1000"' in draw_dot(Value(1.0) + 2).source  # 900 px
    assert 'size="5.00,1000"' in draw_dot(Value(1.0) + 2, width=480).source
    assert 'size="' not in draw_dot(Value(1.0) + 2, width=None).source


def mlp_output(sizes=(3, 1)):
    import random
    net = ah.MLP(2, list(sizes), rng=random.Random(0))
    out = net([Value(1.0, label="x1"), Value(-2.0, label="x2")])
    out.backward()
    return net, out


def test_the_reference_mlp_names_its_parameters_by_place():
    net, _ = mlp_output()
    assert [p.label for p in net.layers[0].neurons[1].parameters()] == [
        "L1.N2.w1", "L1.N2.w2", "L1.N2.b"]
    assert net.layers[1].neurons[0].b.label == "L2.N1.b"


def test_a_network_is_drawn_one_frame_per_neuron_named_by_place():
    _, out = mlp_output()
    source = draw_dot(out).source
    frames = re.findall(r'subgraph cluster_\w+ \{\n\t\tgraph \[[^]]*label="([\w.]+)"', source)
    assert frames == ["L2.N1", "L1.N1", "L1.N2", "L1.N3"]
    assert '"w1 | data' in source and "L1.N2.w1" not in source  # the frame names it
    # the shared inputs belong to no neuron: they are drawn outside every frame
    outside = source.split("subgraph")[0]
    assert 'label="x1 | data' in outside and 'label="x2 | data' in outside


def test_a_lesson_style_network_of_products_and_sums_gets_frames_too():
    class Neuron:
        def __init__(self, ws, b):
            self.w, self.b = [Value(w, label=f"w{i}") for i, w in enumerate(ws, 1)], Value(b, label="b")

        def __call__(self, x):
            return sum((wi * xi for wi, xi in zip(self.w, x)), self.b).tanh()
    x = [Value(1.0, label="x1"), Value(-2.0, label="x2")]
    hidden = [Neuron([0.1 * k, -0.2], 0.3)(x) for k in range(3)]
    out = Neuron([0.5, -0.5, 0.25], 0.1)(hidden)
    names = re.findall(r'label="(L\d\.N\d)"', draw_dot(out).source)
    assert sorted(names) == ["L1.N1", "L1.N2", "L1.N3", "L2.N1"]


def test_a_single_neuron_or_an_expression_gets_no_frame():
    L, _ = L_example()
    assert "cluster" not in draw_dot(L).source
    assert "cluster" not in draw_dot(chain(50)).source
    x = Value(0.5, label="x")
    assert "cluster" not in draw_dot((x * 2 + 1).tanh()).source


@needs_dot
def test_auto_keeps_small_graphs_left_to_right_at_full_size():
    L, _ = L_example()
    drawn = draw_dot(L)
    assert "rankdir=LR" in drawn.source
    assert not re.search(r"scale\((?!1 1)", drawn.pipe().decode())


@needs_dot
def test_auto_turns_a_long_chain_top_to_bottom_instead_of_shrinking_it():
    drawn = draw_dot(chain(25))
    assert "rankdir=TB" in drawn.source
    assert "rankdir=LR" in draw_dot(chain(25), rankdir="LR").source


@needs_dot
def test_auto_writes_operations_into_the_boxes_when_ovals_do_not_fit():
    _, out = mlp_output((8, 8, 1))
    source = draw_dot(out).source
    assert "op [" not in source and 'label="tanh | data' in source


@needs_dot
@pytest.mark.parametrize("sizes", [(3, 1), (4, 4, 1)])
def test_lesson_sized_networks_fit_900_px_with_text_of_10_px(sizes):
    _, out = mlp_output(sizes)
    svg = draw_dot(out).pipe().decode()
    width = float(re.search(r'<svg width="([\d.]+)pt"', svg).group(1)) * 4 / 3
    scale = re.search(r"scale\(([\d.]+)", svg)
    assert width <= 900 + 1
    assert 11 * 4 / 3 * (float(scale.group(1)) if scale else 1.0) >= 10

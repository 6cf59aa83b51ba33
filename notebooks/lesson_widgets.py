"""The plots and widgets of the lessons, one group per lesson.

Each explorer is a panel of ipywidgets that a learner moves with sliders and
buttons: the slope explorer (lesson 01), the nudge explorer (lesson 03), the
backward player (lesson 04), the learning-rate explorer (lesson 07) and the
live training view (lesson 08), plus the static pictures beside them.
Widgets show their pictures through ``widgets.HTML`` and ``widgets.Image``
values, never through an Output widget: what an Output widget captures while
a cell runs is stored differently by Jupyter and by nbval, so strict nbval
would fail.  Each panel's text form (what a static viewer and nbval see) is
one fixed line.
"""

import inspect
import random
import threading

from autograd_helpers import (MLP, Value, _children, _formula, _names,
                              _say_install_once, draw_dot, gc_paused,
                              topological_order, trace)
from lesson_data import L_START, l_example, mlp_scores, toy_losses, lr_verdict, train_moons


def _widgets():
    import ipywidgets
    return ipywidgets


def panel(children, text):
    """A vertical box of widgets whose plain-text form is the fixed ``text``."""
    w = _widgets()

    class Panel(w.VBox):
        def __repr__(self):
            return text
    return Panel(children=list(children))


GRAPH_WIDTH = 860  # px: a graph in a widget is shrunk to this (the column is ~950)


def graph_html(root, width=GRAPH_WIDTH, **draw_options):
    """The drawn graph as HTML: inline SVG that shrinks with a narrow window
    instead of scrolling it, or the text form without `dot`."""
    import html
    import graphviz
    drawn = draw_dot(root, width=width, **draw_options)
    try:
        svg = drawn.pipe("svg").decode("utf-8")
    except graphviz.ExecutableNotFound:
        _say_install_once()
        return f"<pre>{html.escape(drawn.text)}</pre>"
    svg = svg[svg.index("<svg"):]  # without the XML prolog
    return svg.replace("<svg ", '<svg style="max-width: 100%; height: auto" ', 1)


def new_figure(width, height):
    """A matplotlib figure of width x height inches that is not pyplot's: it
    never shows up below a cell by itself, and it can be drawn in a thread."""
    from matplotlib.figure import Figure
    return Figure(figsize=(width, height))


def figure_png(fig, dpi=192):
    """A matplotlib figure as PNG bytes, drawn at twice the screen's 96 dpi so
    that it is sharp when shown at half its pixel size (see show_figure)."""
    import io
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    if fig.canvas.manager is not None:  # a pyplot figure: let pyplot forget it
        import matplotlib.pyplot as plt
        plt.close(fig)
    return buf.getvalue()


def show_figure(image, fig):
    """Show fig in a widgets.Image at its own size (half its pixels, so 2x
    sharp), never stretched by the layout; a narrow window shrinks it."""
    png = figure_png(fig)
    image.value = png
    image.layout.width = f"{int.from_bytes(png[16:20], 'big') // 2}px"  # PNG header
    image.layout.max_width, image.layout.height = "calc(100% - 4px)", "auto"  # 2px margins


# Lesson 01: the slope explorer.

def nudge_slope(f, x, h):
    """The slope of f at x measured by nudging x up by h: (f(x+h) - f(x)) / h."""
    return (f(x + h) - f(x)) / h


def slope_error_figure(f, x, exact, h):
    """Left: f near x with the line through x and x+h.  Right: the error of
    the nudged slope for every h from 1 down to 1e-16, with h marked."""
    import numpy as np
    fig = new_figure(9, 3.3)
    left, right = fig.subplots(1, 2)
    xs = np.linspace(x - 2, x + 2, 200)
    left.plot(xs, f(xs), color="tab:blue", label="f(x)")
    slope = nudge_slope(f, x, h)
    left.plot(xs, f(x) + slope * (xs - x), "--", color="tab:orange",
              label=f"line through x and x+h (slope {slope:.4g})")
    left.plot([x], [f(x)], "o", color="black")
    left.set_title(f"f near x = {x:g}")
    left.set_xlabel("x")
    left.set_ylabel("f(x)")
    left.legend(loc="upper left", fontsize=8)
    hs = np.logspace(-16, 0, 161)
    errors = [abs(nudge_slope(f, x, float(step)) - exact) for step in hs]
    right.loglog(hs, np.maximum(errors, 1e-17), color="tab:blue")
    right.loglog([h], [max(abs(slope - exact), 1e-17)], "o", color="tab:red",
                 label=f"h = {h:.0e}")
    right.set_xlabel("h")
    right.set_ylabel("|nudged slope - true slope|")
    right.set_title("error of the nudged slope")
    right.legend(loc="upper center", fontsize=8)
    fig.tight_layout()
    return fig


def slope_explorer(f, x, exact, h=1e-3):
    """A slider over h (log scale): the nudged slope of f at x, its error
    against the true slope ``exact``, and a picture of both."""
    w = _widgets()
    slider = w.FloatLogSlider(value=h, base=10, min=-16, max=0, step=0.25,
                              description="h", readout_format=".0e",
                              continuous_update=False)
    text = w.HTML()
    image = w.Image(format="png")

    def show(_=None):
        h = slider.value
        slope = nudge_slope(f, x, h)
        text.value = (f"<code>h = {h:.0e}</code>: nudged slope "
                      f"<b>{slope:.10f}</b>, true slope {exact:g}, "
                      f"error {abs(slope - exact):.1e}")
        show_figure(image, slope_error_figure(f, x, exact, h))
    slider.observe(show, names="value")
    show()
    return panel([slider, text, image],
                  "Slope explorer: move the h slider (run the notebook in JupyterLab)")


# Lesson 03: the nudge explorer.

def _signed(x):
    x = round(x, 4) + 0.0  # + 0.0 turns -0.0 into 0.0
    return f"{x:+.4f}"


class NudgeReport:
    """Nudge the leaves of a graph and compare the output's actual change
    with the gradient's prediction, the sum of grad * nudge over the leaves.

    ``build(**leaves)`` makes the graph from Values named like the keys of
    ``start``; the gradients come from one backward() at ``start``.
    """

    def __init__(self, build, start, nudges):
        self.names = list(start)
        self.start = dict(start)
        self.nudges = {n: float(nudges.get(n, 0.0)) for n in self.names}
        leaves = {n: Value(x, label=n) for n, x in self.start.items()}
        out = build(**leaves)
        out.backward()
        self.label = out.label or "output"
        self.before = out.data
        self.grads = {n: leaves[n].grad for n in self.names}
        self.after = self.output_at(build, self.nudges)
        self.actual = self.after - self.before
        self.predicted = sum(self.grads[n] * self.nudges[n] for n in self.names)
        self.error = self.actual - self.predicted

    def output_at(self, build, nudges):
        """The output when each leaf is moved by its nudge."""
        return build(**{n: Value(self.start[n] + nudges.get(n, 0.0), label=n)
                        for n in self.names}).data

    def __repr__(self):
        rows = [f"{'leaf':<6}{'value':>10}{'nudge':>10}{'grad':>10}{'grad*nudge':>12}"]
        for n in self.names:
            g, dx = self.grads[n], self.nudges[n]
            rows.append(f"{n:<6}{self.start[n]:>10.4f}{_signed(dx):>10}"
                        f"{g:>10.4f}{_signed(g * dx):>12}")
        share = ""
        if abs(self.actual) > 1e-12:
            share = f"  ({abs(self.error) / abs(self.actual):.1%} of the actual change)"
        rows += ["",
                 f"{self.label}: {self.before:.4f} -> {self.after:.4f}",
                 f"actual change        {_signed(self.actual)}",
                 f"predicted change     {_signed(self.predicted)}   (sum of grad*nudge)",
                 f"prediction error     {_signed(self.error)}{share}"]
        return "\n".join(rows)


def nudge_figure(build, start, nudges, along, span=1.0):
    """The output as leaf ``along`` moves (the other leaves keep their
    nudges): the true output next to the straight line the gradients predict."""
    import numpy as np
    report = NudgeReport(build, start, nudges)
    steps = np.linspace(-span, span, 81)
    actual = [report.output_at(build, {**nudges, along: float(s)}) for s in steps]
    others = sum(report.grads[n] * report.nudges[n] for n in report.names if n != along)
    predicted = report.before + others + report.grads[along] * steps
    fig = new_figure(4.8, 3.2)
    ax = fig.subplots()
    ax.plot(steps, actual, color="tab:blue", label=f"actual {report.label}")
    ax.plot(steps, predicted, "--", color="tab:orange", label="predicted by the gradients")
    here = report.nudges[along]
    ax.plot([here, here], [report.after, report.before + report.predicted],
            color="tab:red", linewidth=3, label="error at your nudges")
    ax.plot([here], [report.after], "o", color="tab:blue")
    ax.axvline(0.0, color="grey", linewidth=0.5)
    ax.locator_params(axis="x", nbins=6)  # tick labels that do not touch
    ax.set_xlabel(f"nudge of {along}")
    ax.set_ylabel(report.label)
    ax.set_title(f"{report.label} as {along} moves (other nudges kept)", fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def nudge_explorer(build=l_example, start=None, span=1.0, step=0.05, along=None,
                   show_graph=True):
    """Sliders that nudge the leaves of a small graph (L = (a*b + c) * f by
    default).  Shows the actual change of the output next to the gradient's
    prediction and its error (a table), a plot of both along one leaf, and
    the nudged graph with the moved leaves in yellow."""
    import html
    w = _widgets()
    start = dict(L_START if start is None else start)
    names = list(start)
    sliders = {n: w.FloatSlider(value=0.0, min=-span, max=span, step=step,
                                description=f"nudge {n}", readout_format="+.2f",
                                continuous_update=False)
               for n in names}
    chooser = w.Dropdown(options=names, value=along or names[0], description="plot along")
    reset = w.Button(description="all nudges to 0")
    numbers = w.HTML(layout=w.Layout(overflow="auto", flex="0 1 auto"))
    plot = w.Image(format="png")
    graph = w.HTML()

    def nudges():
        return {n: s.value for n, s in sliders.items()}

    def show(_=None):
        report = NudgeReport(build, start, nudges())
        # 12 px keeps each table row on one line down to a 370 px wide column
        numbers.value = f'<pre style="font-size: 12px">{html.escape(repr(report))}</pre>'
        show_figure(plot, nudge_figure(build, start, nudges(), chooser.value, span))
        if show_graph:
            leaves = {n: Value(start[n] + report.nudges[n], label=n) for n in names}
            moved = [leaves[n] for n in names if report.nudges[n] != 0.0]
            svg = graph_html(build(**leaves), show_grad=False, highlight=moved)
            graph.value = svg

    def zero(_=None):
        for s in sliders.values():
            s.unobserve(show, names="value")
            s.value = 0.0
            s.observe(show, names="value")
        show()

    for control in [*sliders.values(), chooser]:
        control.observe(show, names="value")
    reset.on_click(zero)
    show()
    controls = w.VBox([*sliders.values(), chooser, reset], layout=w.Layout(flex="0 0 auto"))
    wrap = w.Layout(flex_flow="row wrap", align_items="flex-start")  # narrow: table below
    box = panel([w.HBox([controls, numbers], layout=wrap), plot, graph],
                f"Nudge explorer: sliders nudge {', '.join(names)}; the output's "
                "actual change is shown next to the gradient's prediction "
                "(run the notebook to use it)")
    box.sliders, box.along, box.reset = sliders, chooser, reset
    box.numbers, box.plot, box.graph = numbers, plot, graph
    box.report = lambda: NudgeReport(build, start, nudges())
    return box


# Lesson 04: the backward player.

def _run_backward(v):
    """Call v._backward in either form: the lessons' _backward() or the
    reference engine's _backward(grad)."""
    try:
        wants_grad = len(inspect.signature(v._backward).parameters) > 0
    except (TypeError, ValueError):
        wants_grad = False
    if wants_grad:
        v._backward(v.grad)
    else:
        v._backward()


def _short(x):
    """A number for the player's arithmetic: 3.0, -2.0, 0.7071."""
    text = f"{x:.4f}".rstrip("0")
    text = text + "0" if text.endswith(".") else text
    return "0.0" if text == "-0.0" else text


class BackwardStep:
    """One moment of a backward pass: the value whose _backward just ran
    (``node``, None before the pass), every grad after it (``grads``, in
    trace order) and the arithmetic it did (``lines``)."""

    def __init__(self, node, grads, lines):
        self.node = node
        self.grads = grads
        self.lines = lines

    def __repr__(self):
        return "\n".join(self.lines)


def backward_steps(root):
    """Replay ``root.backward()`` one value at a time and record every grad.

    Returns ``(nodes, steps)``: the values as ``trace`` lists them, and a
    BackwardStep for "before the pass" (step 0), for "the output's grad is set
    to 1" (step 1), and for each value with children, in the order backward()
    visits them.  Each text starts "Step k of N", k as on the player's slider.
    Each step's text shows the arithmetic, e.g. ``a.grad += -3.0 × 0.5  →
    -1.5``: the local derivative (found by running that _backward once with
    grad 1) times the output's grad.  If a _backward overwrites a gradient
    instead of adding to it, the text says so.  The graph's own grads are
    left as they were.
    """
    import math as _math
    nodes = trace(root)[0]
    names = _names(nodes)
    saved = [v.grad for v in nodes]

    def snapshot():
        return [v.grad for v in nodes]
    order = [v for v in reversed(topological_order(root, _children)) if _children(v)]
    last = len(order) + 1
    try:
        for v in nodes:
            v.grad = 0.0
        steps = [BackwardStep(None, snapshot(), [
            f"Step 0 of {last}: before backward(), every grad is 0.",
            "Press ▶ (or move the slider) to run it one value at a time."])]
        root.grad = 1.0
        steps.append(BackwardStep(root, snapshot(), [
            f"Step 1 of {last}: start at the output, {names[id(root)]}.grad = 1.0 "
            "(a value changes exactly as fast as itself)."]))
        for k, v in enumerate(order, 2):
            kids = list({id(c): c for c in _children(v)}.values())  # reused once
            before = [c.grad for c in kids]
            g = v.grad
            for c in kids:  # probe: the local derivatives, with grad 1
                c.grad = 0.0
            v.grad = 1.0
            _run_backward(v)
            local = [c.grad for c in kids]
            for c, b in zip(kids, before):
                c.grad = b
            v.grad = g
            _run_backward(v)  # the real step
            lines = [f"Step {k} of {last}: {_formula(v, names)} passes "
                     f"back its grad {_short(g)}"]
            for c, b, d in zip(kids, before, local):
                name, after = names[id(c)], c.grad
                try:
                    added = _math.isclose(after, b + d * g, rel_tol=1e-9, abs_tol=1e-12)
                    assigned = _math.isclose(after, d * g, rel_tol=1e-9, abs_tol=1e-12)
                except TypeError:  # a grad that is not a number
                    added = assigned = False
                if added:
                    lines.append(f"{name}.grad += {_short(d)} × {_short(g)}"
                                 f"  →  {_short(after)}")
                elif assigned:
                    lines.append(f"{name}.grad = {_short(d)} × {_short(g)}  →  "
                                 f"{_short(after)}   (overwrote {_short(b)}!)")
                else:
                    lines.append(f"{name}.grad: {b!r} → {after!r}")
            steps.append(BackwardStep(v, snapshot(), lines))
    finally:
        for v, g in zip(nodes, saved):
            v.grad = g
    return nodes, steps


def backward_player(root, rankdir="auto", interval=1500):
    """A ▶ button and a slider that step through backward() on the drawn graph.

    The value whose _backward runs is orange, the children it passes its
    gradient to are blue, and the text above the graph shows the arithmetic.
    Moving the slider back and forth shows the grads as they were at that
    step (they were recorded by ``backward_steps``); the graph's own grads
    are not changed.  The graph is shrunk to fit the notebook's width, so the
    value being worked on is always in view.  The returned panel has ``.play``, ``.slider``,
    ``.text`` and ``.picture`` for code that drives it.
    """
    import html
    w = _widgets()
    nodes, steps = backward_steps(root)
    last = len(steps) - 1
    play = w.Play(value=0, min=0, max=last, step=1, interval=interval)
    slider = w.IntSlider(value=0, min=0, max=last, description="step")
    w.jslink((play, "value"), (slider, "value"))
    text = w.HTML(layout=w.Layout(min_height="6.5em"))  # the picture does not jump
    picture = w.HTML()
    pictures = {}

    def draw(k):
        step = steps[k]
        colours = {}
        if step.node is not None:
            colours = {c: "lightblue" for c in _children(step.node)}
            colours[step.node] = "orange"
        saved = [v.grad for v in nodes]
        try:
            for v, g in zip(nodes, step.grads):
                v.grad = g
            return graph_html(root, rankdir=rankdir, highlight=colours)
        finally:
            for v, g in zip(nodes, saved):
                v.grad = g

    def show(change=None):
        k = slider.value
        text.value = "<br>".join(
            f"<code>{html.escape(line)}</code>" if i else f"<b>{html.escape(line)}</b>"
            for i, line in enumerate(steps[k].lines))
        if k not in pictures:
            pictures[k] = draw(k)
        picture.value = pictures[k]
    slider.observe(show, names="value")
    show()
    box = panel([w.HBox([play, slider]), text, picture],
                f"Backward player: {len(steps) - 2} steps of backward() over "
                f"{len(nodes)} values (run the notebook to use ▶ and the slider)")
    box.play, box.slider, box.text, box.picture, box.steps = play, slider, text, picture, steps
    return box


# Lesson 06: a picture of an MLP's neurons and weights.
# Lesson 6: a picture of an MLP's neurons and weights.
def draw_network(sizes, ax=None):
    """Draw an MLP as circles and lines: sizes = [inputs, layer 1, ...].

    Each layer is labelled with its parameter count, (inputs + 1) * neurons.
    """
    import matplotlib.pyplot as plt
    if ax is None:
        ax = plt.subplots(figsize=(1.8 * len(sizes) + 1, 3.2))[1]
    top = max(sizes)
    pos = [[(i, (n - 1) / 2 - j) for j in range(n)] for i, n in enumerate(sizes)]
    for i in range(1, len(sizes)):
        for x0, y0 in pos[i - 1]:
            for x1, y1 in pos[i]:
                ax.plot([x0, x1], [y0, y1], color="0.6", linewidth=0.8, zorder=1)
        count = (sizes[i - 1] + 1) * sizes[i]
        ax.text(i, -(top + 1) / 2, f"{sizes[i]} × ({sizes[i - 1]} + 1)\n= {count}",
                ha="center", va="top", fontsize=9)
    for i, layer in enumerate(pos):
        colour = "#9ecae1" if i == 0 else "#fdae6b"
        ax.scatter([p[0] for p in layer], [p[1] for p in layer], s=300, color=colour,
                   edgecolors="black", zorder=2)
    ax.text(0, -(top + 1) / 2, "inputs", ha="center", va="top", fontsize=9)
    ax.set_xlim(-0.5, len(sizes) - 0.5)
    ax.set_ylim(-(top + 1) / 2 - 0.9, (top - 1) / 2 + 0.6)
    ax.axis("off")
    return ax


# Lesson 07: the learning-rate explorer.

_VERDICTS = {
    "too small": ("#1f77b4", "the loss only creeps down: the steps are tiny"),
    "good": ("#2ca02c", "the loss drops fast and settles near 0"),
    "divergent": ("#d62728", "the steps overshoot: the loss jumps up and gets stuck"),
}


def lr_explorer(lr=0.05, steps=40, seed=3):
    """A learning-rate slider; each value trains a fresh network (same start).

    Shows the loss curve and a verdict: too small / good / divergent.
    """
    w = _widgets()
    slider = w.FloatLogSlider(value=lr, base=10, min=-3.5, max=0.5, step=0.125,
                              description="learning rate", readout_format=".4f",
                              continuous_update=False,
                              style={"description_width": "initial"},
                              layout=w.Layout(width="480px", max_width="calc(100% - 4px)"))
    verdict = w.HTML()
    image = w.Image(format="png")

    def show(change=None):
        rate = slider.value
        losses = toy_losses(rate, steps, seed)
        kind = lr_verdict(losses)
        colour, why = _VERDICTS[kind]
        fig = new_figure(5.5, 3)
        ax = fig.subplots()
        ax.plot(range(steps), losses, color=colour, marker=".")
        ax.set_ylim(0, max(9.0, 1.05 * max(losses)))
        ax.set_xlabel("step")
        ax.set_ylabel("loss")
        ax.set_title(f"learning rate {rate:.4g}: {kind}", color=colour)
        ax.grid(alpha=0.3)
        show_figure(image, fig)
        verdict.value = (f"<b style='color:{colour}'>{kind}</b>: {why}. "
                         f"Loss {losses[0]:.3f} at the start, {losses[-1]:.4f} "
                         f"after {steps} steps.")

    slider.observe(show, names="value")
    show()
    view = panel([slider, verdict, image],
                 "Learning-rate explorer: move the slider to train a fresh "
                 "MLP(3, [4, 4, 1]) and see its loss curve (too small / good / divergent).")
    view.slider, view.verdict, view.image = slider, verdict, image
    return view


# Lesson 08: the decision boundary and the live training view.

MOON_COLOURS = ("#1f77b4", "#ff7f0e")  # label -1, label +1


def plot_decision_boundary(model, X, y, ax=None, title=None, resolution=150, scores=None):
    """Colour the plane by the sign of the model's score; draw the points.

    ``scores(points)`` gives the model's scores at an (n, 2) array of points;
    by default ``mlp_scores`` computes them from the scalar MLP's weights
    (lesson 10 passes its Tensor network's forward pass instead)."""
    import numpy as np
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap
    if ax is None:
        ax = plt.subplots(figsize=(5, 4))[1]
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    (x0, y0), (x1, y1) = X.min(axis=0) - 0.5, X.max(axis=0) + 0.5
    gx, gy = np.meshgrid(np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution))
    points = np.c_[gx.ravel(), gy.ravel()]
    Z = np.asarray(mlp_scores(model, points) if scores is None else scores(points)).reshape(gx.shape)
    cmap = ListedColormap(MOON_COLOURS)
    ax.contourf(gx, gy, (Z > 0).astype(float), levels=[-0.5, 0.5, 1.5], cmap=cmap, alpha=0.25)
    if Z.min() < 0 < Z.max():
        ax.contour(gx, gy, Z, levels=[0.0], colors="black", linewidths=1)
    ax.scatter(X[:, 0], X[:, 1], c=(y > 0).astype(float), cmap=cmap, vmin=0, vmax=1,
               edgecolors="black", linewidths=0.5 if len(X) <= 200 else 0.3,
               s=25 if len(X) <= 200 else 10)  # many points: smaller dots
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    if title:
        ax.set_title(title)
    return ax


class _Stopped(Exception):
    """Raised inside a training run when Stop is pressed."""


def live_training_view(X, y, width=16, lr=1.0, steps=100, seed=1337, every=10):
    """Train MLP(2, [width, width, 1]) on (X, y) when Start is pressed.

    Shows progress, loss and accuracy at every step and redraws the decision
    boundary every ``every`` steps.  Creating the view only draws the
    untrained network; the same ``seed`` gives the same start every time.
    Start trains in a background thread, so the kernel stays free to hear
    Stop; while a run goes on, Start is disabled and a second press (a double
    click) is ignored.  ``view.run()`` trains in the calling thread instead,
    and ``view.wait()`` waits for a run started with the button.
    """
    w = _widgets()
    style = {"description_width": "initial"}
    row = w.Layout(flex_flow="row wrap")  # a narrow window puts controls below each other
    width_w = w.IntSlider(value=width, min=2, max=32, step=2, style=style,
                          description="neurons per hidden layer")
    lr_w = w.FloatSlider(value=lr, min=0.05, max=3.0, step=0.05, style=style,
                         description="learning rate (start)")
    steps_w = w.IntSlider(value=steps, min=5, max=300, step=5, style=style,
                          description="steps")
    start = w.Button(description="Start training", button_style="primary", icon="play")
    stop = w.Button(description="Stop", icon="stop", disabled=True)
    progress = w.IntProgress(value=0, min=0, max=steps, description="progress")
    status = w.HTML()
    image = w.Image(format="png")
    inputs = [[Value(a), Value(b)] for a, b in X]
    lock, state = threading.Lock(), {"thread": None, "stop": False}

    def new_model():
        n = width_w.value
        return MLP(2, [n, n, 1], activation="relu", final_activation="linear",
                   rng=random.Random(seed))

    def draw(model, title):
        ax = new_figure(5, 4).subplots()
        plot_decision_boundary(model, X, y, ax=ax, title=title, resolution=100)
        show_figure(image, ax.figure)

    def run(button=None):
        model, n = new_model(), steps_w.value
        progress.max, progress.value = n, 0
        start.disabled, stop.disabled, state["stop"] = True, False, False
        done = [0]

        def report(k, loss, acc):
            if state["stop"]:
                raise _Stopped
            done[0] = k + 1
            progress.value = k + 1
            status.value = (f"step {k + 1} of {n}: loss {loss:.4f}, "
                            f"training accuracy {acc:.0%}")
            if (k + 1) % every == 0 or k + 1 == n:
                draw(model, f"after {k + 1} steps")
        try:
            with gc_paused():  # no cycles in our graphs: see gc_paused
                train_moons(model, inputs, y, n, lr_w.value, callback=report)
        except _Stopped:
            status.value = f"Stopped after step {done[0]} of {n}. {status.value}"
            draw(model, f"stopped after {done[0]} steps")
        finally:
            start.disabled, stop.disabled = False, True
        view.network = model

    def start_clicked(button=None):
        with lock:  # one run at a time: a second press while it runs does nothing
            if state["thread"] is not None and state["thread"].is_alive():
                return
            start.disabled = True
            state["thread"] = threading.Thread(target=run, daemon=True)
            state["thread"].start()

    def stop_clicked(button=None):
        state["stop"] = True

    def wait(timeout=None):
        if state["thread"] is not None:
            state["thread"].join(timeout)

    start.on_click(start_clicked)
    stop.on_click(stop_clicked)
    view = panel([w.HBox([width_w, lr_w], layout=row),
                  w.HBox([steps_w, start, stop], layout=row), progress, status, image],
                 "Live training view: press Start to train a fresh MLP on the moons "
                 "(width, learning rate and steps are adjustable).")
    view.network = new_model()
    draw(view.network, "before training")
    status.value = "Press <b>Start training</b>: a fresh network trains while you watch."
    view.width_slider, view.lr_slider, view.steps_slider = width_w, lr_w, steps_w
    view.start, view.stop = start, stop
    view.progress, view.status, view.image, view.run, view.wait = progress, status, image, run, wait
    return view

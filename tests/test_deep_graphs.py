"""Deep graphs: nothing recurses, so depth is limited by memory, not by Python.

A recursive topological sort (as in micrograd) stops at about 1,000 levels
with RecursionError; the reference engine keeps its own stack.
"""

import gc
import sys

import pytest

from autograd_helpers import draw_dot, gradcheck, graph_text, topological_order, trace, Value

MILLION = 1_000_000


@pytest.fixture
def no_cyclic_gc():
    """Python's cyclic garbage collector off for one test.

    The engine makes no reference cycles, so the collector has nothing to
    free; it would only re-scan the million live values again and again,
    which makes building the chain about three times slower.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    yield
    if was_enabled:
        gc.enable()


def test_a_chain_of_a_million_values_backpropagates_without_recursion_error(no_cyclic_gc):
    # x0 + c + c + ... + c: about 2.5 s to build and 1.5 s to backpropagate
    x0, c = Value(0.5), Value(1.0)
    x = x0
    for _ in range(MILLION):
        x = x + c
    x.backward()
    assert x.data == MILLION + 0.5
    assert x0.grad == 1.0
    assert c.grad == float(MILLION)  # c is reused a million times


def test_deep_chains_are_far_beyond_the_recursion_limit():
    assert MILLION > 100 * sys.getrecursionlimit()


def deep_mixed_chain(depth):
    """A chain through every unary operation, deeper than the recursion limit."""
    x = Value(0.3, label="x")
    v = x
    for i in range(depth):
        step = i % 4
        if step == 0:
            v = v.tanh()
        elif step == 1:
            v = v.sigmoid() * 2 - 0.5
        elif step == 2:
            v = (v + 2).log()
        else:
            v = v.exp() - 1
    return x, v


def test_topological_order_of_a_deep_chain_does_not_recurse():
    x, v = deep_mixed_chain(2000)
    order = topological_order(v)
    assert order[0] is x and order[-1] is v
    assert len(order) == len({id(u) for u in order})


def test_trace_of_a_deep_chain_does_not_recurse():
    x, v = deep_mixed_chain(2000)
    nodes, edges = trace(v)
    assert nodes[0] is v and any(u is x for u in nodes)
    assert len(nodes) == len(topological_order(v))
    assert len(edges) == sum(len(u._prev) for u in nodes)


def test_graph_text_of_a_deep_chain_does_not_recurse():
    x, v = deep_mixed_chain(2000)
    lines = graph_text(v, show_grad=False).splitlines()
    assert lines[0].startswith("x ") and len(lines) == len(trace(v)[0])


def test_draw_dot_of_a_deep_chain_with_max_nodes_none_does_not_recurse():
    x, v = deep_mixed_chain(2000)
    assert "\tn0op -> n0\n" in draw_dot(v, max_nodes=None).source


def test_backward_through_a_deep_mixed_chain_matches_central_differences():
    def f(x):
        v = x
        for i in range(3000):
            v = [v.tanh, lambda: v.sigmoid() * 2 - 0.5,
                 lambda: (v + 2).log(), lambda: v.exp() - 1][i % 4]()
        return v
    report = gradcheck(f, [0.3])
    assert report.ok, repr(report)

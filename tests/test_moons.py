"""The two-moons data set of lesson 8."""

import math

import pytest

from autograd_helpers import make_moons


def test_shape_and_labels():
    X, y = make_moons(100, noise=0.1, seed=1)
    assert len(X) == len(y) == 100
    assert all(len(p) == 2 and all(isinstance(c, float) for c in p) for p in X)
    assert set(y) == {-1, 1}


@pytest.mark.parametrize("n", [2, 3, 10, 101])
def test_balanced(n):
    _, y = make_moons(n, seed=0)
    assert y.count(1) == n // 2 and y.count(-1) == n - n // 2


def test_deterministic_for_a_seed():
    assert make_moons(50, 0.2, seed=5) == make_moons(50, 0.2, seed=5)
    assert make_moons() == make_moons()


def test_different_seeds_differ():
    assert make_moons(50, 0.1, seed=1)[0] != make_moons(50, 0.1, seed=2)[0]


def test_noise_zero_lies_on_the_two_half_circles():
    X, y = make_moons(60, noise=0.0, seed=3)
    for (a, b), label in zip(X, y):
        if label == -1:  # upper moon: unit half circle around (0, 0), b >= 0
            assert math.hypot(a, b) == pytest.approx(1.0) and b >= -1e-12
        else:  # lower moon: unit half circle around (1, 0.5), b <= 0.5
            assert math.hypot(a - 1, b - 0.5) == pytest.approx(1.0) and b <= 0.5 + 1e-12


def test_noise_moves_points_off_the_circles():
    X, y = make_moons(60, noise=0.1, seed=3)
    upper = [math.hypot(a, b) for (a, b), label in zip(X, y) if label == -1]
    assert max(abs(r - 1) for r in upper) > 0.05


def test_shuffled():
    _, y = make_moons(100, seed=0)
    assert y != sorted(y) and y != sorted(y, reverse=True)


def test_too_few_samples():
    with pytest.raises(ValueError):
        make_moons(1)

"""Checked exercises of lesson 01 (derivatives by nudging)."""

from exercise_kit import Exercise, attempt_rng, call, expect_number, expect_numbers, Wrong

# Test functions with known derivatives: (f, f', description).
_FUNCTIONS = [
    (lambda x: 3 * x**2 - 4 * x + 5, lambda x: 6 * x - 4, "3x² - 4x + 5"),
    (lambda x: x**3 - 2 * x, lambda x: 3 * x**2 - 2, "x³ - 2x"),
    (lambda x: 5 * x + 1, lambda x: 5.0, "5x + 1"),
]


# --- Exercise 1: the central difference ------------------------------------

def central_slope(f, x, h):
    """The slope of f at x from a nudge of h on both sides."""
    return (f(x + h) - f(x - h)) / (2 * h)


def _check_central_slope(answer):
    rng = attempt_rng(1)  # new points and nudges at every attempt
    for f, df, name in _FUNCTIONS:
        for _ in range(3):
            x = round(rng.uniform(-3, 3), 3)
            h = round(rng.uniform(0.02, 0.3), 3)
            want = central_slope(f, x, h)
            got = expect_number(call(answer, f, x, h, what="my_slope(f, x, h)"),
                                "my_slope(f, x, h)",
                                "Did you forget `return`?",
                                f"here the slope {want:.6f}")
            if abs(got - want) <= 1e-9 * max(1.0, abs(want)):
                continue
            at = f"for f(x) = {name} at x = {x:.3f} with h = {h}"
            if abs(got - 2 * want) <= 1e-9 * max(1.0, abs(want)):
                raise Wrong(f"{at} you got {got:.6f}, twice the slope {want:.6f}. "
                            "The two nudged points are 2h apart, so divide by "
                            "2*h, not h.", "divided-by-h")
            for formula, one_sided in (("(f(x+h) - f(x)) / h", (f(x + h) - f(x)) / h),
                                       ("(f(x) - f(x-h)) / h", (f(x) - f(x - h)) / h)):
                if abs(got - one_sided) <= 1e-9 * max(1.0, abs(one_sided)):
                    raise Wrong(f"{at} you got {got:.6f}, the one-sided slope "
                                f"{formula}; the central one is {want:.6f}. "
                                "Nudge both ways: use f(x + h) and f(x - h).",
                                "one-sided")
            for other in (0.1, 0.01, 0.001, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8):
                theirs = central_slope(f, x, other)
                if other != h and abs(got - theirs) <= 1e-9 * max(1.0, abs(want)):
                    raise Wrong(f"{at} you got {got:.6f}, the central slope for "
                                f"h = {other:g}; expected {want:.6f}. Use the h "
                                "the function is given, not a number of your "
                                "own.", "ignores-h")
            raise Wrong(f"{at} expected {want:.6f} but got {got:.6f}. Compare "
                        "with the formula in the markdown cell above.")


def _one_sided(f, x, h):
    return (f(x + h) - f(x)) / h


def _by_h(f, x, h):
    return (f(x + h) - f(x - h)) / h


ex1 = Exercise(
    "the central-difference slope",
    _check_central_slope,
    hints=["Evaluate f twice: once a little to the right of x, once a little "
           "to the left.",
           "The rise is f(x + h) - f(x - h). How far apart are the two x values?",
           "They are 2h apart: return (f(x + h) - f(x - h)) / (2 * h)."],
    reference=central_slope,
    name="ex1", answer_name="my_slope",
    mistakes={"one-sided": _one_sided, "divided-by-h": _by_h},
    success="Nudging both ways cancels the curvature term, so this estimate "
            "is far more accurate than the one-sided one for the same h.")


# --- Exercise 2: partial derivatives of d = a*b + c ------------------------

def partials(a, b, c):
    """(dd/da, dd/db, dd/dc) for d = a*b + c."""
    return (b, a, 1.0)


def _check_partials(answer):
    rng = attempt_rng(2)
    for _ in range(5):
        a, b, c = (round(rng.uniform(-5, 5), 2) for _ in range(3))
        got = expect_numbers(call(answer, a, b, c, what="my_partials(a, b, c)"), 3, f"my_partials({a}, {b}, {c})",
                             "(dd/da, dd/db, dd/dc)",
                             "Finish with `return` and the three slopes, "
                             "e.g. `return (b, a, 1.0)`.")
        want = partials(a, b, c)
        if all(abs(g - w) < 1e-6 for g, w in zip(got, want)):
            continue
        if abs(got[0] - a) < 1e-6 and abs(got[1] - b) < 1e-6 and a != b:
            raise Wrong(f"at a={a}, b={b}, c={c} you gave dd/da = {got[0]} and "
                        f"dd/db = {got[1]}; expected {want[0]} and {want[1]}: "
                        "the two are swapped. Nudging a "
                        "changes a*b by (nudge) times b.", "swapped")
        if abs(got[2]) < 1e-6:
            raise Wrong(f"at a={a}, b={b}, c={c} you gave dd/dc = {got[2]:g}; "
                        "expected 1. Nudging c "
                        "by h moves d by exactly h, so the slope is 1.",
                        "c-slope-zero")
        raise Wrong(f"at a={a}, b={b}, c={c} expected {want} but got "
                    f"{tuple(got)}. Nudge one input at a time and watch d.")



ex2 = Exercise(
    "the partial derivatives of d = a*b + c",
    _check_partials,
    hints=["Treat the other two inputs as fixed numbers.",
           "If b and c are fixed, d = (a number) * a + (a number): what is the "
           "slope in a?",
           "dd/da = b, dd/db = a, dd/dc = 1."],
    reference=partials,
    name="ex2", answer_name="my_partials",
    mistakes={"swapped": lambda a, b, c: (a, b, 1.0),
              "c-slope-zero": lambda a, b, c: (b, a, 0.0)},
    success="Each partial derivative answers: if I nudge only this input, "
            "how fast does the output move?")

EXERCISES = [ex1, ex2]

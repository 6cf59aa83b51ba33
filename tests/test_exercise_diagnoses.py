"""The checks diagnose right: each wrong answer the learner-test of issue 10
found is rejected with a message naming the actual mistake, and each "blame"
case (a dict, list, string or None returned; None, text or 42 passed) is
named as what it is, not as the checker's own TypeError."""

import io
import linecache
import re
from contextlib import redirect_stdout

import numpy as np
import pytest

import exercises_01
import exercises_02
import exercises_03
import exercises_04
import exercises_05
import exercises_06
import exercises_07
import exercises_08
from autograd_helpers import Value
from exercise_kit import BareValue, Exercise, counting_walks

NOT_ATTEMPTED = ("Not attempted yet: {}. Replace the stub above with your code, "
                 "run that cell, then run this check again.")


def rejected(ex, answer, mistake):
    result = ex.evaluate(answer)
    assert result.status == "wrong", result.message
    assert result.mistake == mistake, result.message
    return result.message


def cell(source, name):
    """Define ``name`` from source the way a notebook cell does: compiled
    under a made-up file name whose lines sit in linecache (as IPython's
    are), so that inspect can read it back."""
    filename = f"/tmp/ipykernel_test/cell_{name}.py"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = {"Value": BareValue, "BareValue": BareValue}
    exec(compile(source, filename, "exec"), namespace)
    return namespace[name]


# ---------------------------------------------------------------------------
# Checks that accepted wrong answers
# ---------------------------------------------------------------------------

def test_count_nodes_deduplicating_by_data_is_rejected():
    message = rejected(exercises_02.ex3, exercises_02._count_by_data, "counted-by-data")
    assert "v, not v.data" in message


def test_count_nodes_blog_walk_testing_edges_is_rejected():
    # the blog post's trace (it tests `edges`, not `nodes`), counting its nodes
    message = rejected(exercises_02.ex3, exercises_02._walk_tests_edges, "revisits-shared-values")
    assert "`edges`" in message


def test_count_nodes_exponential_walk_is_caught_by_counting_reads_not_time():
    # the verdict rests on how often _prev is read: the same number every run
    messages = {exercises_02.ex3.evaluate(exercises_02._walk_tests_edges).message
                for _ in range(3)}
    assert len(messages) == 1
    assert re.search(r"gone through `_prev` \d+ times", messages.pop())


def test_count_nodes_with_a_visited_set_reads_each_value_about_once():
    assert exercises_02.ex3.evaluate(exercises_02.count_nodes).correct
    root = exercises_02._ladder()
    with counting_walks(root, limit=10**6) as reads:
        exercises_02.count_nodes(root)
    assert reads[0] <= 2 * (3 + 2 * exercises_02._LADDER)


def test_reflected_backward_that_assigns_is_rejected():
    message = rejected(exercises_05.ex1, exercises_05._AssigningRsub,
                       "assign-instead-of-accumulate")
    assert "+=" in message


def test_margin_loss_that_passes_gradient_at_its_kink_is_rejected():
    def margin(score, y):
        return 1 - y * score if y * score.data <= 1 else Value(0.0)
    message = rejected(exercises_08.ex2, margin, "wrong-at-the-kink")
    assert "y * score = 1" in message


def test_train_step_that_hard_codes_its_learning_rate_is_rejected():
    def step(model, xs, ys, lr):
        return exercises_07.train_step(model, xs, ys, 0.05)
    message = rejected(exercises_07.ex2, step, "ignores-lr")
    assert re.search(r"with lr = [0-9.]+ your parameters moved exactly as with lr = 0\.05", message)


def test_step_up_that_hard_codes_its_learning_rate_is_rejected():
    def step(leaves, lr):
        for v in leaves:
            v.data += 0.01 * v.grad
    rejected(exercises_03.ex3, step, "ignores-lr")


def test_slope_that_ignores_h_is_rejected():
    def slope(f, x, h):
        return (f(x + 0.1) - f(x - 0.1)) / 0.2
    rejected(exercises_01.ex1, slope, "ignores-h")


def test_topological_sort_visiting_by_data_is_rejected():
    rejected(exercises_04.ex2, exercises_04._sort_visited_by_data, "visited-by-data")


def test_add_mul_with_children_in_a_set_is_caught_for_mul_too():
    class Children(exercises_02.MyValue):
        def __mul__(self, other):
            return exercises_02.MyValue(self.data * other.data, {self, other}, "*")
    rejected(exercises_02.ex1, Children, "children-in-a-set")


def test_accuracy_check_has_a_score_of_exactly_zero_and_takes_either_side():
    assert exercises_08.ex1.evaluate(
        lambda scores, ys: sum(s * y > 0 for s, y in zip(scores, ys)) / len(ys)).correct
    assert exercises_08.ex1.evaluate(
        lambda scores, ys: sum((s >= 0) == (y > 0) for s, y in zip(scores, ys)) / len(ys)).correct


# ---------------------------------------------------------------------------
# Checks that blamed the wrong thing: what was returned
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("returned_value,named", [
    ({"slope": 2.0}, "returned a dict"),
    ([2.0], "returned a list"),
    ("2.0", "returned the string '2.0'"),
    (None, "returned None"),
])
def test_slope_returning_a_non_number_is_named(returned_value, named):
    message = exercises_01.ex1.evaluate(lambda f, x, h: returned_value).message
    assert named in message
    assert "TypeError" not in message


@pytest.mark.parametrize("ex,answer,named", [
    (exercises_02.ex3, lambda root: {"count": 3}, "returned a dict"),
    (exercises_02.ex3, lambda root: {root}, "returned a set"),
    (exercises_06.ex1, lambda nin, nouts: "41", "returned the string '41'"),
    (exercises_06.ex1, lambda nin, nouts: [16, 20, 5], "returned a list"),
    (exercises_07.ex3, lambda: "2.0", "returned the string '2.0'"),
    (exercises_08.ex1, lambda scores, ys: [0.5], "returned a list"),
    (exercises_08.ex3, lambda k, steps: None, "returned None"),
    (exercises_03.ex2, lambda x, t, g: {"grad": 1.0}, "returned a dict"),
], ids=["count-dict", "count-set", "params-str", "params-list", "lr-str",
        "accuracy-list", "schedule-none", "tanh-dict"])
def test_function_returning_a_non_number_is_named(ex, answer, named):
    message = ex.evaluate(answer).message
    assert named in message
    assert "TypeError" not in message and "raised" not in message


@pytest.mark.parametrize("ex,answer,named", [
    (exercises_01.ex2, lambda a, b, c: "b, a, 1", "returned the string"),
    (exercises_01.ex2, lambda a, b, c: {"a": b, "b": a, "c": 1}, "returned a dict"),
    (exercises_01.ex2, lambda a, b, c: (b, a), "not 2"),
    (exercises_03.ex1, lambda a, b, c, d: ("1", "1", "2", "3"), "item 1 is the string '1'"),
], ids=["partials-str", "partials-dict", "partials-short", "grads-strings"])
def test_tuple_of_numbers_checks_type_and_length_first(ex, answer, named):
    message = ex.evaluate(answer).message
    assert named in message


@pytest.mark.parametrize("ex,answer,named", [
    (exercises_04.ex1, lambda a, b: a.data - b.data, "returned the number"),
    (exercises_05.ex2, lambda v: 0.5, "returned the number"),
    (exercises_07.ex1, lambda ypred, ys: {"loss": 1.0}, "returned a dict"),
    (exercises_08.ex2, lambda score, y: [score], "returned a list"),
    (exercises_04.ex2, lambda root: None, "returned None"),
], ids=["sub-number", "sigmoid-number", "loss-dict", "margin-list", "sort-none"])
def test_function_returning_a_non_value_is_named(ex, answer, named):
    message = ex.evaluate(answer).message
    assert named in message
    assert "AttributeError" not in message and "TypeError" not in message


@pytest.mark.parametrize("passed,named", [
    (None, "it got None"),
    ("text", "it got the string 'text'"),
    (42, "it got the number 42"),
])
def test_check_given_no_function_says_what_it_got(passed, named):
    message = exercises_02.ex3.evaluate(passed).message
    assert ("ex3.check expects your function, e.g. ex3.check(count_nodes); "
            + named) in message


@pytest.mark.parametrize("passed,named", [
    (None, "it got None"),
    ("MyValue", "it got the string 'MyValue'"),
    (exercises_02.MyValue(2.0), "it got a MyValue (data=2)"),
])
def test_check_given_no_class_says_what_it_got(passed, named):
    message = exercises_02.ex1.evaluate(passed).message
    assert "ex1.check expects your class, e.g. ex1.check(MyValue); " + named in message


def test_check_names_the_lessons_own_function_name():
    message = exercises_01.ex1.evaluate(None).message
    assert "ex1.check(my_slope)" in message


def test_function_with_the_wrong_arguments_is_named():
    message = rejected(exercises_01.ex1, lambda f, x: 0.0, "wrong-arguments")
    assert "my_slope(f, x, h)" in message


def test_check_given_no_function_does_not_unlock_the_solution():
    fresh = Exercise(exercises_01.ex1.title, exercises_01.ex1.checker,
                     reference=exercises_01.central_slope, name="ex1")
    out = io.StringIO()
    with redirect_stdout(out):
        fresh.check(None)
        fresh.solution()
    assert "solution(force=True)" in out.getvalue()


# ---------------------------------------------------------------------------
# A leftover `raise NotImplementedError`
# ---------------------------------------------------------------------------

def test_leftover_raise_below_finished_code_is_named():
    def step_up(leaves, lr):
        for v in leaves:
            v.data += lr * v.grad
        raise NotImplementedError
    message = rejected(exercises_03.ex3, step_up, "leftover-stub-raise")
    assert "`raise NotImplementedError` is still there below it" in message
    assert "delete that line" in message


def test_leftover_raise_in_a_notebook_cell_is_named():
    sub = cell('def sub(a, b):\n'
               '    out = Value(a.data - b.data, (a, b), "-")\n\n'
               '    def _backward():\n'
               '        # your code here: update a.grad and b.grad using out.grad\n'
               '        a.grad += out.grad\n'
               '        b.grad += -out.grad\n'
               '        raise NotImplementedError\n\n'
               '    out._backward = _backward\n'
               '    return out\n', "sub")
    message = rejected(exercises_04.ex1, sub, "leftover-stub-raise")
    assert "in sub's _backward" in message


def test_untouched_notebook_stub_is_still_not_attempted():
    sub = cell('def sub(a, b):\n'
               '    out = Value(a.data - b.data, (a, b), "-")\n\n'
               '    def _backward():\n'
               '        # your code here: update a.grad and b.grad using out.grad\n'
               '        raise NotImplementedError\n\n'
               '    out._backward = _backward\n'
               '    return out\n', "sub")
    result = exercises_04.ex1.evaluate(sub)
    assert result.status == "not attempted"
    assert result.message == NOT_ATTEMPTED.format(exercises_04.ex1.title)


def test_stub_lines_the_lesson_gave_do_not_count_as_new_code():
    def grads_by_hand(a, b, c, d):
        p = a + b
        q = p * c
        # your code here: work backwards from out = q * d
        raise NotImplementedError
    assert exercises_03.ex1.evaluate(grads_by_hand).status == "not attempted"


def test_leftover_raise_in_one_reflected_method_is_named():
    class Reflected(BareValue):
        def __radd__(self, other):
            return self + other

        def __rmul__(self, other):
            return self * other

        def __rsub__(self, other):
            out = (-self) + other
            raise NotImplementedError

        def __rtruediv__(self, other):
            return self ** -1 * other
    message = rejected(exercises_05.ex1, Reflected, "leftover-stub-raise")
    assert "Reflected.__rsub__" in message


def test_leftover_raise_unlocks_the_solution():
    def my_slope(f, x, h):
        slope = (f(x + h) - f(x - h)) / (2 * h)
        raise NotImplementedError
    ex = exercises_01.ex1
    fresh = Exercise(ex.title, ex.checker, reference=ex.reference, name="ex1")
    out = io.StringIO()
    with redirect_stdout(out):
        fresh.check(my_slope)
        fresh.solution()
    assert "solution(force=True)" not in out.getvalue()
    assert "def central_slope" in out.getvalue()


# ---------------------------------------------------------------------------
# Checks that misdiagnosed
# ---------------------------------------------------------------------------

def test_build_without_return_is_named_a_missing_return():
    def build(x, y, z):
        out = (x + y) * (y * z)
    message = rejected(exercises_02.ex2, build, "returned-none")
    assert "does not remember" not in message


def test_copied_leaf_names_the_copied_input():
    message = rejected(exercises_02.ex2, lambda x, y, z: (Value(x.data) + y) * (y * z),
                       "copied-a-leaf")
    assert "x is not among them" in message


def test_train_step_updating_grad_instead_of_data_is_named():
    # p.grad -= lr * p.grad instead of p.data -= lr * p.grad
    message = rejected(exercises_07.ex2, exercises_07._updated_grad, "updated-grad-not-data")
    assert "zero_grad" not in message


def test_step_up_updating_grad_instead_of_data_is_named():
    def step(leaves, lr):
        for v in leaves:
            v.grad += lr * v.grad
    rejected(exercises_03.ex3, step, "updated-grad-not-data")


def test_margin_loss_with_relu_in_the_wrong_place_is_named():
    message = rejected(exercises_08.ex2, lambda score, y: 1 - (y * score).relu(),
                       "relu-in-wrong-place")
    assert "without relu" not in message


def test_margin_loss_with_relu_on_the_score_is_named():
    rejected(exercises_08.ex2, lambda score, y: 1 - y * score.relu(),
             "relu-in-wrong-place")


def test_margin_loss_without_relu_is_still_named_so():
    rejected(exercises_08.ex2, lambda score, y: 1 - y * score, "missing-relu")


def test_parameters_appending_weight_lists_is_named():
    # params.append(n.w) instead of params.extend(n.w)
    message = rejected(exercises_06.ex3, exercises_06._appended_weight_lists,
                       "appended-weight-lists")
    assert ".data" not in message


def test_parameters_taking_data_is_named():
    rejected(exercises_06.ex3, exercises_06._took_data, "took-data")


def named_mistakes():
    for module in (exercises_01, exercises_02, exercises_03, exercises_04,
                   exercises_05, exercises_06, exercises_07, exercises_08):
        for i, ex in enumerate(module.EXERCISES, 1):
            for mistake, answer in ex.mistakes.items():
                yield pytest.param(ex, answer, id=f"{module.__name__}-{i}-{mistake}")


@pytest.mark.parametrize("ex,answer", list(named_mistakes()))
def test_every_rejection_shows_the_learners_own_result(ex, answer):
    message = ex.evaluate(answer).message
    # a number from the learner's result, or the shape of it, e.g. (b, a)
    assert re.search(r"\d|\(\w+(, \w+)*\)", message), message


# ---------------------------------------------------------------------------
# Lesson 05, exercise 1: the __rsub__ trap
# ---------------------------------------------------------------------------

def test_rsub_written_as_other_minus_self_explains_the_recursion():
    class Reflected(exercises_05.Reflected):
        def __rsub__(self, other):
            return other - self
    message = rejected(exercises_05.ex1, Reflected, "reflected-recursion")
    assert "calls a.__rsub__" in message
    assert "(-self) + other" in message


def test_rsub_through_a_bare_value_is_accepted():
    class Reflected(exercises_05.Reflected):
        def __rsub__(self, other):
            return BareValue(other) - self

        def __rtruediv__(self, other):
            return BareValue(other) / self
    assert exercises_05.ex1.evaluate(Reflected).correct


def test_bare_value_results_keep_the_subclass():
    a = exercises_05.Reflected(3.0)
    assert type(BareValue(2.0) - a) is exercises_05.Reflected
    assert type(BareValue(2.0) * a) is exercises_05.Reflected
    b = 2 - (2 - a)  # the reflected method of a result still works
    assert b.data == 3.0


def test_reflected_method_raising_typeerror_is_not_blamed_as_missing():
    class Reflected(exercises_05.Reflected):
        def __rsub__(self, other):
            return (-self) + other[0]  # other is a number: TypeError
    message = exercises_05.ex1.evaluate(Reflected).message
    assert "Define __rsub__" not in message
    assert "inside your __rsub__" in message


# ---------------------------------------------------------------------------
# Lesson 08, exercise 3: the schedule's convention
# ---------------------------------------------------------------------------

def test_schedule_of_section_5_is_accepted_without_a_note():
    result = exercises_08.ex3.evaluate(lambda k, steps: 1.0 - 0.9 * k / steps)
    assert result.correct
    assert "linspace" not in result.message


def test_schedule_reaching_0_1_at_the_last_step_is_accepted_and_explained():
    result = exercises_08.ex3.evaluate(
        lambda k, steps: float(np.linspace(1.0, 0.1, steps)[k]))
    assert result.correct, result.message
    assert "exactly 0.1 at the last step" in result.message
    assert "1.0 - 0.9 * k / steps" in result.message


# ---------------------------------------------------------------------------
# What stays as it was
# ---------------------------------------------------------------------------

def test_not_attempted_message_is_unchanged():
    def stub(f, x, h):
        raise NotImplementedError  # your code here
    result = exercises_01.ex1.evaluate(stub)
    assert result.message == NOT_ATTEMPTED.format("the central-difference slope")


# ---------------------------------------------------------------------------
# The lessons' own stub and check cells
# ---------------------------------------------------------------------------

def lesson_check_cells():
    """(lesson, exercise name, answer name, the stub cell's source) for every
    `exN.check(answer)` cell of lessons 01-08."""
    import json
    from conftest import NOTEBOOKS
    for path in sorted(NOTEBOOKS.glob("0[1-8]_*.ipynb")):
        cells = [("".join(c["source"]), c["cell_type"])
                 for c in json.loads(path.read_text())["cells"]]
        for i, (source, kind) in enumerate(cells):
            found = re.match(r"(ex\d)\.check\((\w+)\)", source)
            if kind == "code" and found:
                stub = next(s for s, k in reversed(cells[:i]) if k == "code"
                            and re.search(rf"^(def|class) {found[2]}\b", s, re.M))
                yield pytest.param(path.name[:2], found[1], found[2], stub,
                                   id=f"{path.name[:2]}-{found[1]}")


def exercise(lesson, name):
    module = {"01": exercises_01, "02": exercises_02, "03": exercises_03,
              "04": exercises_04, "05": exercises_05, "06": exercises_06,
              "07": exercises_07, "08": exercises_08}[lesson]
    return getattr(module, name)


@pytest.mark.parametrize("lesson,name,answer_name,stub", list(lesson_check_cells()))
def test_check_messages_use_the_lessons_names(lesson, name, answer_name, stub):
    ex = exercise(lesson, name)
    assert (ex.name, ex.answer_name) == (name, answer_name)


@pytest.mark.parametrize("lesson,name,answer_name,stub", list(lesson_check_cells()))
def test_the_lessons_own_stub_counts_as_not_attempted(lesson, name, answer_name, stub):
    ex = exercise(lesson, name)
    result = ex.evaluate(cell(stub, answer_name))
    assert result.message == NOT_ATTEMPTED.format(ex.title)



def test_add_mul_with_only_mul_written_is_not_called_not_attempted():
    class Half(exercises_02.MyValue):
        def __add__(self, other):
            raise NotImplementedError
    result = exercises_02.ex1.evaluate(Half)
    assert result.status == "wrong"
    assert "Now write __add__" in result.message


def test_sigmoid_with_a_wrong_slope_says_both_growths_with_six_decimals():
    # seen in a kernel: "should grow by 0.100703; it grew by 20.044608047347033"
    answer = cell("import math\n"
                  "def sigmoid(v):\n"
                  "    s = 1 / (1 + math.exp(-v.data))\n"
                  "    out = Value(s, (v,), 'sigmoid')\n"
                  "    def _backward():\n"
                  "        v.grad += math.exp(-v.data) * out.grad\n"
                  "    out._backward = _backward\n"
                  "    return out\n", "sigmoid")
    message = exercises_05.ex2.evaluate(answer).message
    growths = re.findall(r"grow by (\S+); it grew by (\S+)\.$", message)
    assert growths, message
    assert all(re.fullmatch(r"-?\d+\.\d{6}", g) for g in growths[0]), message


def test_build_whose_y_times_z_became_a_number_is_not_said_to_have_copied_z():
    # seen in a kernel: y2 * z with a MyValue whose * returned a number; the
    # graph got Value(y.data * z.data) where z belongs, not a copy of z
    answer = cell("def build(x, y, z):\n    return (x + y) * (y.data * z.data)\n", "build")
    message = rejected(exercises_02.ex2, answer, "copied-a-leaf")
    assert "z is not among them" in message
    assert "a new value made from a number (such as Value(z.data))" in message


def test_a_generator_of_the_parameters_is_right_and_told_it_is_not_a_list():
    def parameters_of(mlp):
        for layer in mlp.layers:
            for n in layer.neurons:
                yield from n.w
                yield n.b
    result = exercises_06.ex3.evaluate(parameters_of)
    assert result.correct
    assert "generator, not the list" in result.message

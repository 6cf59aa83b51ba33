"""Lesson 10's three checks, held to "every verdict true": a corpus of learner
answers (right ones in many styles, with the finished Tensor and with the
lesson's own, and the wrong ones a learner writes) gets the right verdict,
the wrong ones named, and no error of the checker's blamed on the learner."""

import ast
import io
import json
import textwrap
from contextlib import redirect_stdout

import numpy as np
import pytest

import autograd_tensor
import exercises_10 as ex10
from autograd_helpers import topological_order
from conftest import NOTEBOOKS
from exercise_kit import Exercise


def lesson_namespace():
    """The lesson's own Tensor, unbroadcast and relu: every definition in the
    lesson's code cells (classes, functions, `Tensor.x = ...`), run as the
    lesson runs them."""
    cells = json.loads((NOTEBOOKS / "10_tensors.ipynb").read_text())["cells"]
    namespace = {"np": np, "topological_order": topological_order}
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse("".join(cell["source"]))
        keep = [node for node in tree.body
                if isinstance(node, (ast.FunctionDef, ast.ClassDef))
                or (isinstance(node, ast.Assign) and all(
                    isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name)
                    and t.value.id == "Tensor" for t in node.targets))]
        exec(compile(ast.Module(keep, []), "<lesson 10>", "exec"), namespace)
    return namespace


LESSON = lesson_namespace()
FINISHED = {"np": np, "Tensor": autograd_tensor.Tensor, "Linear": autograd_tensor.Linear,
            "unbroadcast": autograd_tensor.unbroadcast}


def answer(source, lesson=False):
    """A learner's answer, written in a notebook cell: its globals are the
    lesson's (own Tensor, relu, unbroadcast) or a notebook that imported the
    finished Tensor."""
    namespace = dict(LESSON if lesson else FINISHED)
    exec(compile(textwrap.dedent(source), "/tmp/ipykernel_10/cell.py", "exec"), namespace)
    return next(v for k, v in namespace.items()
                if callable(v) and getattr(v, "__code__", None)
                and v.__code__.co_filename == "/tmp/ipykernel_10/cell.py")


def fresh(ex):
    """The exercise as a fresh kernel has it: attempt 1, whatever ran before."""
    return Exercise(ex.title, ex.checker, ex.hints, ex.reference, name=ex.name)


RIGHT, WRONG = "correct", "wrong"

# (exercise, name, source, lesson namespace?, expected: "correct" or the mistake)
CORPUS = [
    # --- exercise 1: scale_columns_backward(x, s, grad) ---
    (ex10.ex1, "reference", """
        def scale_columns_backward(x, s, grad):
            return grad * s, (grad * x).sum(axis=0)""", False, RIGHT),
    (ex10.ex1, "np.sum", """
        def scale_columns_backward(x, s, grad):
            dx = np.multiply(grad, s)
            ds = np.sum(grad * x, axis=0)
            return dx, ds""", False, RIGHT),
    (ex10.ex1, "np.add.reduce", """
        def scale_columns_backward(x, s, grad):
            return grad * s[None, :], np.add.reduce(x * grad)""", False, RIGHT),
    (ex10.ex1, "einsum", """
        def scale_columns_backward(x, s, grad):
            return np.einsum('ij,j->ij', grad, s), np.einsum('ij,ij->j', grad, x)""", False, RIGHT),
    (ex10.ex1, "loops", """
        def scale_columns_backward(x, s, grad):
            n, m = x.shape
            dx = np.zeros((n, m))
            ds = np.zeros(m)
            for i in range(n):
                for j in range(m):
                    dx[i, j] = grad[i, j] * s[j]
                    ds[j] += grad[i, j] * x[i, j]
            return dx, ds""", False, RIGHT),
    (ex10.ex1, "ones @", """
        def scale_columns_backward(x, s, grad):
            return grad * s, np.ones(len(grad)) @ (grad * x)""", False, RIGHT),
    (ex10.ex1, "transposed sum", """
        def scale_columns_backward(x, s, grad):
            return (grad.T * s[:, None]).T, np.transpose(grad * x).sum(axis=1)""", False, RIGHT),
    (ex10.ex1, "lists", """
        def scale_columns_backward(x, s, grad):
            return [(grad * s).tolist(), list((grad * x).sum(axis=0))]""", False, RIGHT),
    (ex10.ex1, "copy then in place", """
        def scale_columns_backward(x, s, grad):
            dx = grad.copy()
            dx *= s
            return dx, (grad * x).sum(0)""", False, RIGHT),
    (ex10.ex1, "lesson's unbroadcast", """
        def scale_columns_backward(x, s, grad):
            return unbroadcast(grad * s, x.shape), unbroadcast(grad * x, s.shape)""", True, RIGHT),
    (ex10.ex1, "the lesson's Tensor does it", """
        def scale_columns_backward(x, s, grad):
            xt, st = Tensor(x.copy()), Tensor(s.copy())
            (xt * st * grad).sum().backward()
            return xt.grad, st.grad""", True, RIGHT),
    (ex10.ex1, "the finished Tensor does it", """
        def scale_columns_backward(x, s, grad):
            xt, st = Tensor(x), Tensor(s)
            (xt * st * Tensor(grad)).sum().backward()
            return xt.grad, st.grad""", False, RIGHT),
    (ex10.ex1, "not summed", """
        def scale_columns_backward(x, s, grad):
            return grad * s, grad * x""", False, "ds-not-summed"),
    (ex10.ex1, "axis=1", """
        def scale_columns_backward(x, s, grad):
            return grad * s, (grad * x).sum(axis=1)""", False, "ds-wrong-axis"),
    (ex10.ex1, "keepdims", """
        def scale_columns_backward(x, s, grad):
            return grad * s, (grad * x).sum(axis=0, keepdims=True)""", False, "wrong-shape"),
    (ex10.ex1, "mean", """
        def scale_columns_backward(x, s, grad):
            return grad * s, (grad * x).mean(axis=0)""", False, "ds-mean"),
    (ex10.ex1, "ds without x", """
        def scale_columns_backward(x, s, grad):
            return grad * s, grad.sum(axis=0)""", False, "ds-without-x"),
    (ex10.ex1, "dx = grad", """
        def scale_columns_backward(x, s, grad):
            return grad, (grad * x).sum(axis=0)""", False, "dx-without-s"),
    (ex10.ex1, "dx = grad * x", """
        def scale_columns_backward(x, s, grad):
            return grad * x, (grad * x).sum(axis=0)""", False, "dx-times-x"),
    (ex10.ex1, "(ds, dx)", """
        def scale_columns_backward(x, s, grad):
            return (grad * x).sum(axis=0), grad * s""", False, "swapped"),
    (ex10.ex1, "writes into grad", """
        def scale_columns_backward(x, s, grad):
            ds = (grad * x).sum(axis=0)
            grad *= s
            return grad, ds""", False, "changed-input"),
    (ex10.ex1, "Tensors, not arrays", """
        def scale_columns_backward(x, s, grad):
            xt, st = Tensor(x), Tensor(s)
            (xt * st * Tensor(grad)).sum().backward()
            return Tensor(xt.grad), Tensor(st.grad)""", False, "tensor-not-array"),
    (ex10.ex1, "fitted to three columns", """
        def scale_columns_backward(x, s, grad):
            ds = np.array([(grad[:, j] * x[:, j]).sum() for j in range(3)])
            return grad * s, ds""", False, WRONG),
    (ex10.ex1, "only dx", """
        def scale_columns_backward(x, s, grad):
            return grad * s""", False, "not-a-pair"),
    (ex10.ex1, "no return", """
        def scale_columns_backward(x, s, grad):
            dx, ds = grad * s, (grad * x).sum(axis=0)""", False, "returned-none"),
    (ex10.ex1, "dx transposed", """
        def scale_columns_backward(x, s, grad):
            return (grad * s).T, (grad * x).sum(axis=0)""", False, "wrong-shape"),

    # --- exercise 2: matmul_backward(A, B, G) ---
    (ex10.ex2, "reference", """
        def matmul_backward(A, B, G):
            return G @ B.T, A.T @ G""", False, RIGHT),
    (ex10.ex2, "np.dot", """
        def matmul_backward(A, B, G):
            return np.dot(G, B.T), np.dot(A.T, G)""", False, RIGHT),
    (ex10.ex2, "np.matmul and np.transpose", """
        def matmul_backward(A, B, G):
            dA = np.matmul(G, np.transpose(B))
            dB = np.matmul(np.transpose(A), G)
            return [dA, dB]""", False, RIGHT),
    (ex10.ex2, "einsum", """
        def matmul_backward(A, B, G):
            return np.einsum('ij,pj->ip', G, B), np.einsum('ip,ij->pj', A, G)""", False, RIGHT),
    (ex10.ex2, "loops", """
        def matmul_backward(A, B, G):
            k, n = A.shape
            m = B.shape[1]
            dA, dB = np.zeros((k, n)), np.zeros((n, m))
            for i in range(k):
                for j in range(m):
                    for p in range(n):
                        dA[i, p] += G[i, j] * B[p, j]
                        dB[p, j] += A[i, p] * G[i, j]
            return dA, dB""", False, RIGHT),
    (ex10.ex2, "transposes of transposes", """
        def matmul_backward(A, B, G):
            return (B @ G.T).T, (G.T @ A).T""", False, RIGHT),
    (ex10.ex2, ".dot methods", """
        def matmul_backward(A, B, G):
            return G.dot(B.T), A.T.dot(G)""", False, RIGHT),
    (ex10.ex2, "tensordot", """
        def matmul_backward(A, B, G):
            return (np.tensordot(G, B, axes=([1], [1])),
                    np.tensordot(A, G, axes=([0], [0])))""", False, RIGHT),
    (ex10.ex2, "the lesson's Tensor does it", """
        def matmul_backward(A, B, G):
            At, Bt = Tensor(A.copy()), Tensor(B.copy())
            (At @ Bt * G).sum().backward()
            return At.grad, Bt.grad""", True, RIGHT),
    (ex10.ex2, "no transpose", """
        def matmul_backward(A, B, G):
            return G @ B, A @ G""", False, "no-transpose"),
    (ex10.ex2, "swapped", """
        def matmul_backward(A, B, G):
            return A.T @ G, G @ B.T""", False, "swapped"),
    (ex10.ex2, "element by element", """
        def matmul_backward(A, B, G):
            return G * B, A * G""", False, "elementwise"),
    (ex10.ex2, "wrong order", """
        def matmul_backward(A, B, G):
            return B.T @ G, G @ A.T""", False, "wrong-order"),
    (ex10.ex2, "dA wrong order only", """
        def matmul_backward(A, B, G):
            return B.T @ G, A.T @ G""", False, "dA-wrong-order"),
    (ex10.ex2, "dB without transpose only", """
        def matmul_backward(A, B, G):
            return G @ B.T, A @ G""", False, "dB-no-transpose"),
    (ex10.ex2, "dB transposed only", """
        def matmul_backward(A, B, G):
            return G @ B.T, G.T @ A""", False, "dB-transposed"),
    (ex10.ex2, "transpose on G", """
        def matmul_backward(A, B, G):
            return G.T @ B, A.T @ G""", False, "dA-misplaced-transpose"),
    (ex10.ex2, "dA averaged", """
        def matmul_backward(A, B, G):
            return G @ B.T / B.shape[1], A.T @ G""", False, "dA-numbers"),
    (ex10.ex2, "writes into G", """
        def matmul_backward(A, B, G):
            G /= 2
            return 2 * G @ B.T, 2 * A.T @ G""", False, "changed-input"),
    (ex10.ex2, "Tensors, not arrays", """
        def matmul_backward(A, B, G):
            At, Bt = Tensor(A), Tensor(B)
            (At @ Bt * Tensor(G)).sum().backward()
            return Tensor(At.grad), Tensor(Bt.grad)""", False, "tensor-not-array"),
    (ex10.ex2, "fitted to 3 by 3", """
        def matmul_backward(A, B, G):
            dA, dB = np.zeros((3, 3)), np.zeros((3, 3))
            for i in range(3):
                for j in range(3):
                    for p in range(3):
                        dA[i, p] += G[i, j] * B[p, j]
                        dB[p, j] += A[i, p] * G[i, j]
            return dA, dB""", False, WRONG),

    # --- exercise 3: dense_relu(x, W, b) ---
    (ex10.ex3, "reference, finished Tensor", """
        def dense_relu(x, W, b):
            return (x @ W + b).relu()""", False, RIGHT),
    (ex10.ex3, "reference, lesson's Tensor", """
        def dense_relu(x, W, b):
            return (x @ W + b).relu()""", True, RIGHT),
    (ex10.ex3, "the lesson's relu", """
        def dense_relu(x, W, b):
            return relu(x @ W + b)""", True, RIGHT),
    (ex10.ex3, "Tensor.relu, lesson's", """
        def dense_relu(x, W, b):
            return Tensor.relu(b + x @ W)""", True, RIGHT),
    (ex10.ex3, "Tensor.relu, finished", """
        def dense_relu(x, W, b):
            return Tensor.relu(x @ W + b)""", False, RIGHT),
    (ex10.ex3, "the lesson's add, by name", """
        def dense_relu(x, W, b):
            return Tensor.__add__(x.__matmul__(W), b).relu()""", True, RIGHT),
    (ex10.ex3, "a mask", """
        def dense_relu(x, W, b):
            z = x @ W + b
            return z * (z.data > 0)""", True, RIGHT),
    (ex10.ex3, "b as a row (finished Tensor's indexing)", """
        def dense_relu(x, W, b):
            return (x @ W + b[None, :]).relu()""", True, RIGHT),
    (ex10.ex3, "the finished Linear layer", """
        def dense_relu(x, W, b):
            layer = Linear.__new__(Linear)
            layer.W, layer.b, layer.activation = W, b, "relu"
            return layer(x)""", False, RIGHT),
    (ex10.ex3, "no bias", """
        def dense_relu(x, W, b):
            return relu(x @ W)""", True, "no-bias"),
    (ex10.ex3, "no relu", """
        def dense_relu(x, W, b):
            return x @ W + b""", False, "no-relu"),
    (ex10.ex3, "relu before the bias", """
        def dense_relu(x, W, b):
            return (x @ W).relu() + b""", True, "relu-before-bias"),
    (ex10.ex3, "numpy numbers", """
        def dense_relu(x, W, b):
            return np.maximum(x.data @ W.data + b.data, 0)""", False, "array-not-tensor"),
    (ex10.ex3, "a new Tensor from the numbers", """
        def dense_relu(x, W, b):
            return Tensor(np.maximum(x.data @ W.data + b.data, 0))""", True, "detached"),
    (ex10.ex3, "b's numbers", """
        def dense_relu(x, W, b):
            return (x @ W + b.data).relu()""", False, "detached"),
    (ex10.ex3, "np.maximum on a Tensor", """
        def dense_relu(x, W, b):
            return np.maximum(x @ W + b, 0)""", True, "numpy-on-tensor"),
    (ex10.ex3, "W @ x", """
        def dense_relu(x, W, b):
            return (W @ x + b).relu()""", True, "shapes-do-not-fit"),
    (ex10.ex3, "tanh", """
        def dense_relu(x, W, b):
            return (x @ W + b).tanh()""", False, "wrong-numbers"),
    (ex10.ex3, "clips its input in place", """
        def dense_relu(x, W, b):
            x.data[x.data < 0] = 0
            return (x @ W + b).relu()""", False, "changed-input"),
    (ex10.ex3, "runs backward itself", """
        def dense_relu(x, W, b):
            out = (x @ W + b).relu()
            out.sum().backward()
            return out""", False, "ran-backward"),
    (ex10.ex3, "transposed", """
        def dense_relu(x, W, b):
            return (x @ W + b).relu().T""", False, "wrong-shape"),
    (ex10.ex3, "no return", """
        def dense_relu(x, W, b):
            out = (x @ W + b).relu()""", True, "returned-none"),
]


def _ids():
    return [f"{ex.name}-{name}{'-lesson' if lesson else ''}" for ex, name, _, lesson, _ in CORPUS]


@pytest.mark.parametrize("ex,name,source,lesson,expected", CORPUS, ids=_ids())
def test_every_verdict_is_true(ex, name, source, lesson, expected):
    result = fresh(ex).evaluate(answer(source, lesson))
    assert result.status != "check failed", result.message
    if expected == RIGHT:
        assert result.status == "correct", result.message
        return
    assert result.status == "wrong", result.message
    assert "your code raised" not in result.message
    if expected != WRONG:
        assert result.mistake == expected, result.message


def test_the_corpus_is_large_and_has_right_and_wrong_answers_for_each_exercise():
    assert len(CORPUS) >= 60
    for ex in ex10.EXERCISES:
        verdicts = [expected == RIGHT for e, _, _, _, expected in CORPUS if e is ex]
        assert sum(verdicts) >= 5 and verdicts.count(False) >= 5


def corpus(name, ex=None):
    ex_, _, source, lesson, _ = next(c for c in CORPUS
                                     if c[1] == name and (ex is None or c[0] is ex))
    return fresh(ex_).evaluate(answer(source, lesson)).message


# --- each message the issue named ---------------------------------------------

def test_the_lessons_own_relu_is_accepted():
    assert corpus("the lesson's relu").startswith("Correct!")


def test_a_keepdims_answer_is_told_its_shape_not_shown_the_same_numbers():
    message = corpus("keepdims")
    assert "shape (1, " in message and "keepdims=True" in message


def test_a_wrong_axis_answer_is_told_its_shape_and_the_axis():
    message = corpus("axis=1")
    assert "one number per row" in message and "axis=0" in message


def test_matmul_check_says_dB_is_wrong_and_dA_right():
    message = corpus("dB without transpose only")
    assert "dA is right, but dB is not" in message and "A @ G" in message


def test_matmul_check_says_dA_is_wrong_and_dB_right():
    message = corpus("dA wrong order only")
    assert "dB is right, but dA is not" in message and "wrong order" in message


def test_matmul_check_names_both_when_both_are_wrong():
    message = corpus("no transpose")
    assert "both dA and dB are wrong" in message
    assert "B needs a transpose" in message and "A needs a transpose" in message


@pytest.mark.parametrize("ex", [ex10.ex1, ex10.ex2])
def test_tensors_returned_for_arrays_are_named_not_blamed_on_the_learners_code(ex):
    message = corpus("Tensors, not arrays", ex)
    assert "Tensor" in message and ".data" in message
    assert "raised" not in message


@pytest.mark.parametrize("name,argument", [("writes into grad", "grad"),
                                           ("writes into G", "G"),
                                           ("clips its input in place", "x")])
def test_an_answer_that_changes_its_input_is_told_so(name, argument):
    assert f"changed its input {argument}" in corpus(name)


def test_a_gradient_of_the_wrong_shape_is_refused_though_it_broadcasts():
    message = corpus("keepdims")
    assert message.startswith("Not yet")


@pytest.mark.parametrize("name", ["fitted to three columns", "fitted to 3 by 3"])
def test_an_answer_fitted_to_fixed_shapes_fails(name):
    assert corpus(name).startswith("Not yet")


@pytest.mark.parametrize("ex", ex10.EXERCISES, ids=lambda ex: ex.name)
def test_each_attempt_draws_new_shapes(ex):
    shapes = []

    def spy(*args):
        shapes.append(tuple(np.shape(getattr(a, "data", a)) for a in args))
        return ex.reference(*args)
    checked = fresh(ex)
    checked.evaluate(spy)
    first = list(shapes)
    shapes.clear()
    checked.evaluate(spy)
    assert first != shapes


@pytest.mark.parametrize("ex", ex10.EXERCISES, ids=lambda ex: ex.name)
def test_messages_name_the_exercise_as_the_cell_calls_it(ex):
    out = io.StringIO()
    namespace = {"exercise": fresh(ex)}
    with redirect_stdout(out):
        exec("exercise.check('my answer')", namespace)
    assert "exercise.check(" in out.getvalue()
    assert f"{ex.name}.check(" in ex.evaluate("my answer").message


def test_a_broken_lesson_tensor_does_not_fail_a_right_layer():
    # The learner's own Tensor class has a wrong relu; their dense_relu is right
    # and passes with the finished Tensor.
    namespace = dict(LESSON)
    broken = type("Tensor", (namespace["Tensor"],), {"relu": lambda self: self * 1.0})
    namespace["Tensor"] = broken
    source = "def dense_relu(x, W, b):\n    return (x @ W + b).relu()\n"
    exec(compile(source, "/tmp/ipykernel_10/cell.py", "exec"), namespace)
    assert fresh(ex10.ex3).evaluate(namespace["dense_relu"]).status == "correct"


@pytest.mark.parametrize("ex,name,source,lesson,expected", CORPUS, ids=_ids())
def test_the_verdict_holds_on_every_attempt(ex, name, source, lesson, expected):
    # Each attempt draws new shapes and numbers; none may change the verdict.
    checked, learner_answer = fresh(ex), answer(source, lesson)
    for _ in range(12):
        result = checked.evaluate(learner_answer)
        assert result.status == ("correct" if expected == RIGHT else "wrong"), result.message
        if expected not in (RIGHT, WRONG):
            assert result.mistake == expected, result.message


def test_an_input_replaced_by_something_else_is_named_not_a_checker_error():
    source = """
        def dense_relu(x, W, b):
            out = (x @ W + b).relu()
            W.data = None
            return out"""
    result = fresh(ex10.ex3).evaluate(answer(source))
    assert result.mistake == "changed-input", result.message


def test_matmul_backward_with_both_transposes_missing_reads_on_after_not_yet():
    # "Not yet: For A of shape ..." was seen in a kernel; every message goes on in lower case
    result = ex10.ex2.evaluate(lambda A, B, G: (2 * G @ B.T, 2 * A.T @ G))
    assert result.status == "wrong"
    assert result.message.startswith("Not yet: for A of shape"), result.message

"""Every lesson's checked exercises accept their reference answer and name
each common mistake they are meant to catch."""

import importlib
import inspect
import io
from contextlib import redirect_stdout

import pytest

from conftest import NOTEBOOKS
from exercise_kit import Exercise

MODULES = sorted(p.stem for p in NOTEBOOKS.glob("exercises_[0-9][0-9].py"))


def exercises():
    for name in MODULES:
        module = importlib.import_module(name)
        for i, ex in enumerate(module.EXERCISES, 1):
            yield pytest.param(ex, id=f"{name}-{i}")


def mistakes():
    for param in exercises():
        ex = param.values[0]
        for mistake, answer in ex.mistakes.items():
            yield pytest.param(ex, mistake, answer, id=f"{param.id}-{mistake}")


def test_every_lesson_has_an_exercise_module():
    lessons = sorted(p.name[:2] for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    assert [m[-2:] for m in MODULES] == lessons


@pytest.mark.parametrize("ex", list(exercises()))
def test_reference_answer_is_correct(ex):
    assert isinstance(ex, Exercise)
    result = ex.evaluate(ex.reference)
    assert result.status == "correct", result.message


@pytest.mark.parametrize("ex,mistake,answer", list(mistakes()))
def test_named_mistake_is_caught_with_its_own_message(ex, mistake, answer):
    result = ex.evaluate(answer)
    assert result.status == "wrong"
    assert result.mistake == mistake, result.message


@pytest.mark.parametrize("ex", list(exercises()))
def test_mistake_messages_differ_from_each_other(ex):
    messages = [ex.evaluate(a).message for a in ex.mistakes.values()]
    assert len(set(messages)) == len(messages)


def untouched_stub(reference):
    """What the lesson's stub cell defines: a function (or a class whose own
    methods) raising NotImplementedError."""
    def stub(*args, **kwargs):
        raise NotImplementedError
    if not inspect.isclass(reference):
        return stub
    methods = {name: stub for name, member in vars(reference).items()
               if inspect.isfunction(member) and name != "__init__"}
    return type("Stub", reference.__bases__, methods | {
        k: v for k, v in vars(reference).items() if k == "__init__"})


@pytest.mark.parametrize("ex", list(exercises()))
def test_untouched_stub_counts_as_not_attempted(ex):
    assert ex.evaluate(untouched_stub(ex.reference)).status == "not attempted"


@pytest.mark.parametrize("ex", list(exercises()))
def test_solution_is_withheld_until_a_check(ex):
    fresh = Exercise(ex.title, ex.checker, ex.hints, ex.reference, ex.mistakes,
                     solution_text=ex.solution_text)
    out = io.StringIO()
    with redirect_stdout(out):
        fresh.solution()
    assert "solution(force=True)" in out.getvalue()
    with redirect_stdout(out):
        fresh.check(ex.reference)
        fresh.solution()
    assert "solution(force=True)" not in out.getvalue().split("Correct!")[-1]


@pytest.mark.parametrize("ex", list(exercises()))
def test_hints_form_a_ladder_and_then_point_to_the_solution(ex):
    assert ex.hints, "every exercise has at least one hint"
    out = io.StringIO()
    fresh = Exercise(ex.title, ex.checker, ex.hints, ex.reference)
    with redirect_stdout(out):
        for _ in range(len(ex.hints) + 1):
            fresh.hint()
    text = out.getvalue()
    assert f"Hint 1 of {len(ex.hints)}" in text
    assert "solution()" in text.splitlines()[-1]


def test_returned_names_a_missing_return_and_passes_anything_else_through():
    from exercise_kit import returned, Wrong
    assert returned(0.0) == 0.0
    with pytest.raises(Wrong) as caught:
        returned(None, "Finish with `return out`.", what="sub(a, b)")
    assert caught.value.mistake == "returned-none"
    assert caught.value.message == "sub(a, b) returned None. Finish with `return out`."

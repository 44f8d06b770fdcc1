"""The feedback machinery the episodes' checks share."""

import pytest

from helpers.exercises import CheckResult, check_function, close


def reference(w, slope, alpha):
    return w - alpha * slope


def sign_error(w, slope, alpha):
    return w + alpha * slope


CASES = [(2.0, 4.0, 0.25), (-1.0, -3.0, 0.1)]


def test_reference_passes():
    result = check_function(reference, reference, CASES, name="step")
    assert result.passed and "✅" in repr(result) and bool(result)


def test_known_mistake_gets_its_hint():
    result = check_function(
        sign_error, reference, CASES, name="step", mistakes=[(sign_error, "check the sign")]
    )
    assert not result.passed and result.message == "check the sign"
    assert "❌" in repr(result) and "check the sign" in result._repr_html_()


@pytest.mark.parametrize(
    ("candidate", "says"),
    [
        (lambda w, s, a: None, "returned None"),
        (lambda w, s, a: 1 / 0, "ZeroDivisionError"),
        (lambda w, s, a: (_ for _ in ()).throw(NotImplementedError()), "not written yet"),
        (42, "should be a function"),
        (lambda w, s, a: w, "should be"),
    ],
)
def test_other_failures_are_explained(candidate, says):
    result = check_function(candidate, reference, CASES, name="step")
    assert isinstance(result, CheckResult) and not result.passed
    assert says in result.message


def test_close_uses_tolerances_not_equality():
    assert close(0.1 + 0.2, 0.3)
    assert not close(0.3001, 0.3)
    assert not close(float("nan"), float("nan"))
    assert not close([1.0, 2.0], [1.0])
    assert not close("abc", 1.0)


def test_a_function_that_fails_on_a_later_case_gets_a_message_not_a_traceback():
    def fails_later(w, slope, alpha):
        if w < 0:
            raise ValueError("boom")
        return w + alpha * slope

    result = check_function(
        fails_later, reference, CASES, name="step", mistakes=[(sign_error, "check the sign")]
    )
    assert not result.passed and "should be" in result.message

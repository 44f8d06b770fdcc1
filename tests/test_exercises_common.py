"""The machinery every exercise check shares (helpers/exercises/__init__.py and the modules beside it).

Each behaviour is tested here once, on small stand-in exercises; the episode files test that
each real check is wired to it and names its own typical mistakes.
"""

from __future__ import annotations

import importlib
import inspect
import re
import signal
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import numpy as np
import pytest
from exercise_testing import ENDLESS, ENDLESS_SAID, LIMIT, rejects

from helpers import exercises
from helpers.exercises import (
    CheckResult,
    Earlier,
    _running,
    check_function,
    close,
    exercise,
    read_number,
    returned_numbers,
    stop,
)


def endless(*args):
    """A learner's loop that never ends, defined here: the tests read its line from this file."""
    while True:
        pass


def reference(w, dj_dw, alpha):
    return w - alpha * dj_dw


def sign_error(w, dj_dw, alpha):
    return w + alpha * dj_dw


CASES = [(2.0, 4.0, 0.25), (-1.0, -3.0, 0.1)]


def check(candidate, **options):
    options.setdefault("time_limit", LIMIT)
    return check_function(
        candidate, reference, CASES, name="step", returns="the new w, one number", **options
    )


# --- The verdict --------------------------------------------------------------------------------


def test_a_verdict_shows_as_a_green_or_red_line():
    good, bad = exercises.passed("fine"), exercises.failed("check <the sign>")
    assert repr(good) == "✅ Correct. fine" and bool(good)
    assert repr(bad) == "❌ Not yet. check <the sign>" and not bad
    assert "&lt;the sign&gt;" in bad._repr_html_() and 'role="status"' in bad._repr_html_()


def test_close_uses_tolerances_not_equality():
    assert close(0.1 + 0.2, 0.3)
    assert close((1.0, 2.0), [1.0, 2.0 + 1e-12])
    assert not close(0.3001, 0.3)
    assert not close(float("nan"), float("nan"))
    assert not close([1.0, 2.0], [1.0])
    assert not close("0.3", 0.3)
    assert not close(None, 0.3) and close(None, None)


def test_the_exercise_decorator_turns_stop_into_the_checks_result():
    @exercise("9.9")
    def check_something(value):
        """Exercise 9.9: a stand-in."""
        if value < 0:
            stop("make it positive")
        return exercises.passed("ok")

    assert check_something.exercise == "9.9" and check_something.__doc__.startswith("Exercise 9.9")
    assert check_something(1).passed
    assert rejects(check_something(-1)) == "make it positive"


# --- A value the learner picked -----------------------------------------------------------------


@pytest.mark.parametrize("value", [0.5, 2, np.float64(0.5), np.int64(2), np.array(0.5), np.float32(0.5)])
def test_read_number_takes_any_real_number(value):
    assert read_number(value, "my_alpha", example="0.05") == pytest.approx(float(value))


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (None, "my_alpha is not set yet: replace None with a number such as 0.05, then run the cell."),
        (..., "my_alpha is not set yet: replace Ellipsis with a number such as 0.05"),
        ("0.5", "the text '0.5' (in quotes)"),
        (True, "a yes/no value"),
        (np.bool_(False), "a yes/no value"),
        (0.5 + 0j, "complex number"),
        ([0.5], "a list of values, not one number"),
        (np.array([0.5, 0.6]), "not one number"),
        ({"alpha": 0.5}, "a dict"),
        (print, "a function"),
        (float("nan"), "not a finite number"),
        (float("inf"), "not a finite number"),
        (10**400, "not a finite number"),
    ],
)
def test_read_number_says_what_to_write_instead(value, says):
    @exercise("9.9")
    def check_alpha(my_alpha):
        read_number(my_alpha, "my_alpha", example="0.05")
        return exercises.passed("ok")

    rejects(check_alpha(value), says)


# --- What a function returned -------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", [4.6, 4, np.float64(4.6), (1.0, 2.0), [1, 2.5], np.array([1.0, 2.0]), (np.float64(1), 2)]
)
def test_numbers_tuples_and_arrays_of_numbers_are_answers(value):
    assert not isinstance(returned_numbers(value), str)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("4.6", "the text '4.6'"),
        (True, "yes/no"),
        ({"w": 4.6}, "a dict"),
        (["4.6", "1"], "a list holding the text '4.6'"),
        (("4.6", 1.0), "a tuple holding the text"),
        (4.6 + 0j, "complex"),
        (np.array([1 + 1j]), "complex"),
        (np.array([True, False]), "bools"),
        (np.array(["1.0"]), "text"),
        ((x for x in [1.0]), "a generator"),
        (reference, "a function"),
        ([[1.0, 2.0], [3.0]], "different lengths"),
        (10**400, "too large"),
    ],
)
def test_anything_else_is_named_for_what_it_is(value, says):
    assert says in returned_numbers(value)


@pytest.mark.parametrize(
    ("wrong", "says"),
    [
        (
            lambda w, d, a: str(w - a * d),
            "returned the text '1.0' (in quotes), which is not a number. step must return the new w",
        ),
        (
            lambda w, d, a: None,
            "returned None. Did you forget return? step must return the new w, one number",
        ),
        (lambda w, d, a: w - a * d > 0, "yes/no"),
        (lambda w, d, a: {"w": w - a * d}, "a dict"),
        (lambda w, d, a: [str(w - a * d)], "a list holding the text"),
        (lambda w, d, a: complex(w - a * d, 1), "complex"),
    ],
)
def test_a_return_value_that_is_not_numbers_is_rejected_saying_what_to_return(wrong, says):
    # The call is shown with the learner's own parameter names (these lambdas take w, d, a).
    rejects(check(wrong), says, "step(w=2, d=4, a=0.25)", absent=["should be"])


def test_a_string_that_looks_like_the_right_number_does_not_pass():
    rejects(check(lambda w, d, a: f"{w - a * d}"), "the text '1.0'", "is not a number")


def test_the_wrong_number_of_values_is_counted():
    should = "but it should return one number"
    rejects(check(lambda w, d, a: (w - a * d, d)), f"returned a list of 2 numbers, {should}")
    rejects(check(lambda w, d, a: [w - a * d]), f"returned a list of 1 number, {should}")


# --- Fresh copies, and inputs that must not change ----------------------------------------------


def gradient(x, y, w, b):
    errors = w * x + b - y
    return np.mean(errors * x), np.mean(errors)


GRADIENT_CASES = [(np.array([1.0, 2.0]), np.array([300.0, 500.0]), 10.0, 5.0)]


def check_gradient(candidate):
    return check_function(
        candidate, gradient, GRADIENT_CASES, name="compute_gradient", returns="dj_dw, dj_db", time_limit=LIMIT
    )


def test_the_learner_gets_copies_never_the_checks_own_inputs():
    seen = []

    def spy(x, y, w, b):
        seen.append((x, y))
        return gradient(x, y, w, b)

    assert check_gradient(spy).passed
    x, y = seen[0]
    assert x is not GRADIENT_CASES[0][0] and y is not GRADIENT_CASES[0][1]


def changes_x(x, y, w, b):
    x -= x.mean()  # the classic mistake: centring the caller's own array
    return gradient(x, y, w, b)


def changes_y_item(x, y, w, b):
    y[0] = 0.0
    return 0.0, 0.0


def test_a_changed_input_is_said_plainly_and_no_answer_is_computed_from_it():
    message = rejects(check_gradient(changes_x), "changed its input x", "x[0] was 1 and is now -0.5")
    assert "work on a copy, or don't assign into x" in message and "should be" not in message
    np.testing.assert_array_equal(GRADIENT_CASES[0][0], [1.0, 2.0])  # the check's data are intact


def test_the_changed_input_is_named_by_the_learners_own_parameter_name():
    def renamed(sizes, prices, w, b):
        prices[0] = 0.0
        return gradient(sizes, prices, w, b)

    rejects(check_gradient(renamed), "changed its input prices", "prices[0] was 300 and is now 0")
    rejects(check_gradient(changes_y_item), "changed its input y")


# --- A function that never returns --------------------------------------------------------------


def endless_and_stubborn(w, dj_dw, alpha):
    while True:
        try:
            w = w - alpha * dj_dw
        except Exception:  # a learner's catch-all must not swallow the stop
            pass


def test_an_endless_loop_is_stopped_after_the_time_limit_with_its_line():
    started = time.monotonic()
    message = rejects(check(endless, time_limit=ENDLESS), ENDLESS_SAID, "loop that never ends")
    assert time.monotonic() - started < 2.0
    assert re.search(r"test_exercises_common\.py, line \d+: `(while True:|w = w - alpha \* dj_dw)`", message)


def test_a_catch_all_inside_the_loop_does_not_swallow_the_stop():
    rejects(check(endless_and_stubborn, time_limit=ENDLESS), ENDLESS_SAID)


def test_the_default_limit_is_a_few_seconds_and_can_be_changed():
    assert 1 <= exercises.TIME_LIMIT <= 5
    assert inspect.signature(check_function).parameters["time_limit"].default is None


def test_on_the_main_thread_the_limit_is_an_alarm_that_puts_back_the_previous_handler_and_timer():
    assert _running.limit_mechanism() == "alarm"
    fired = []

    def outer_handler(signum, frame):
        fired.append(signum)

    saved_handler = signal.getsignal(signal.SIGALRM)
    saved_timer = signal.getitimer(signal.ITIMER_REAL)
    try:
        signal.signal(signal.SIGALRM, outer_handler)
        signal.setitimer(signal.ITIMER_REAL, 60.0)
        rejects(check(endless, time_limit=ENDLESS), "still running")
        assert signal.getsignal(signal.SIGALRM) is outer_handler
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 58.0 < left <= 60.0
        assert not fired
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, saved_handler)
        if saved_timer[0] > 0:
            signal.setitimer(signal.ITIMER_REAL, *saved_timer)


def test_an_earlier_timer_that_fires_first_keeps_its_meaning():
    class OuterAlarm(BaseException):
        pass

    def outer_handler(signum, frame):
        raise OuterAlarm

    saved_handler = signal.getsignal(signal.SIGALRM)
    saved_timer = signal.getitimer(signal.ITIMER_REAL)
    try:
        signal.signal(signal.SIGALRM, outer_handler)
        signal.setitimer(signal.ITIMER_REAL, 0.1)
        with pytest.raises(OuterAlarm):
            check(endless, time_limit=5.0)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, saved_handler)
        if saved_timer[0] > 0:
            signal.setitimer(signal.ITIMER_REAL, *saved_timer)


def test_off_the_main_thread_a_watchdog_stops_the_loop():
    results = []
    worker = threading.Thread(
        target=lambda: results.append((_running.limit_mechanism(), check(endless, time_limit=ENDLESS))))
    worker.start()
    worker.join(timeout=10)
    assert not worker.is_alive()
    mechanism, result = results[0]
    assert mechanism == "watchdog"
    rejects(result, ENDLESS_SAID, "test_exercises_common.py, line")


def test_without_setitimer_as_on_windows_the_watchdog_is_used(monkeypatch):
    monkeypatch.delattr(signal, "setitimer")
    assert _running.limit_mechanism() == "watchdog"
    rejects(check(endless, time_limit=ENDLESS), ENDLESS_SAID)


def test_a_watchdog_that_fires_as_the_function_returns_leaves_nothing_behind():
    """Many quick calls under a limit that expires at about the time they return: no stray stop."""
    results = []

    def run():
        for _ in range(30):
            results.append(check(lambda w, d, a: time.sleep(0.004) or w - a * d, time_limit=0.004))
        time.sleep(0.05)  # a stop still pending would land here and kill the thread
        results.append("done")

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=10)
    assert results[-1] == "done"
    assert all(isinstance(r, CheckResult) for r in results[:-1])


ROOT = Path(__file__).resolve().parent.parent
WATCHDOG_THEN_PROFILE = """
import sys, threading, time
from helpers.exercises import _running

def slow(w, d, a):
    time.sleep(0.2)  # the watchdog fires while this sleeps
    return w - a * d

worker = threading.Thread(target=lambda: _running.call_learner(slow, (1.0, 1.0, 0.1), ("w", "d", "a"),
                                                               time_limit=0.01))
worker.start()
worker.join()
sys.setprofile(lambda frame, event, arg: None)

def later():
    return 1

print(sum(later() for _ in range(10)))
"""


def test_after_a_watchdog_stop_a_profile_or_trace_function_still_runs():
    """Taking back a watchdog's stop once left CPython's pending-exception flag set: the next call
    made under a trace or profile function (a debugger, coverage, a check) then spun for ever."""
    done = subprocess.run([sys.executable, "-c", WATCHDOG_THEN_PROFILE], cwd=ROOT, capture_output=True,
                          text=True, timeout=20)
    assert done.stdout.strip() == "10", done.stderr


@pytest.mark.parametrize("where", ["main thread", "other thread"])
def test_a_limit_that_is_up_before_the_call_starts_is_a_time_out_not_a_crash(monkeypatch, where):
    """On a busy machine the limit can expire while it is still being set: the check says the
    function ran too long (it may not have started) instead of letting the stop escape."""
    kind = _running._Alarm if where == "main thread" else _running._Watchdog

    def slow_arm(self, arm=kind.arm):
        arm(self)
        time.sleep(self.seconds * 25)  # the stop lands here, before the learner's function runs

    monkeypatch.setattr(kind, "arm", slow_arm)
    results = []

    def run():
        results.append(check(lambda w, d, a: w - a * d, time_limit=0.004))
        results.append("done")

    if where == "main thread":
        run()
    else:
        worker = threading.Thread(target=run)
        worker.start()
        worker.join(timeout=10)
    assert results[-1] == "done"
    rejects(results[0], "still running after 0.004 seconds")


def test_where_no_mechanism_exists_the_function_runs_without_a_limit(monkeypatch):
    monkeypatch.setattr(_running, "limit_mechanism", lambda: "none")
    before = signal.getitimer(signal.ITIMER_REAL)
    assert check(lambda w, d, a: time.sleep(0.3) or w - a * d, time_limit=0.1).passed
    assert signal.getitimer(signal.ITIMER_REAL)[0] <= before[0]


# --- The learner's own error, with their line ---------------------------------------------------


def divides_by_zero(w, dj_dw, alpha):
    change = alpha * dj_dw
    return w / 0 - change


def test_an_error_in_the_learners_code_is_theirs_with_the_line():
    message = rejects(check(divides_by_zero), "raised ZeroDivisionError: float division by zero")
    assert "test_exercises_common.py, line" in message and "`return w / 0 - change`" in message


def test_an_error_raised_inside_a_helper_they_call_shows_their_calling_line():
    import helpers

    def calls_the_package_badly(x, y, w, b):
        return helpers.compute_gradient(x, y[:1], w, b)

    message = rejects(check_gradient(calls_the_package_badly), "raised ValueError", "x has 2 values")
    assert "helpers.compute_gradient(x, y[:1], w, b)" in message


@pytest.mark.parametrize("candidate", [divides_by_zero, endless, changes_x, lambda *a: "4.6", None, 42])
def test_no_message_shows_a_traceback_or_the_inside_of_helpers(candidate):
    checker = check_gradient if candidate is changes_x else check
    message = rejects(checker(candidate))
    for inside in ("Traceback", "helpers/", "_TimeUp", "Verdict", "_running", "_answers", "0x"):
        assert inside not in message


def test_a_stub_is_not_set_yet_in_the_one_vocabulary():
    def stub(w, dj_dw, alpha):
        raise NotImplementedError

    assert rejects(check(stub)) == (
        "step is not set yet: replace the line raise NotImplementedError with your code, then run the cell."
    )
    rejects(check(None), "step is not set yet: replace None with your function, def step(w, dj_dw, alpha)")


def test_a_function_with_the_wrong_arguments_is_told_which_it_needs():
    rejects(
        check(lambda w, alpha: w), "should take 3 arguments, (w, dj_dw, alpha), in that order", "(w, alpha)"
    )
    rejects(check(4.6), "step is 4.6, not a function")


def test_a_known_mistake_gets_its_hint_and_a_later_failure_is_still_explained():
    rejects(check(sign_error, mistakes=[(sign_error, "check the sign")]), "check the sign")

    def fails_later(w, dj_dw, alpha):
        if w < 0:
            raise ValueError("boom")
        return w + alpha * dj_dw

    message = rejects(
        check(fails_later, mistakes=[(sign_error, "check the sign")]), "raised ValueError: boom"
    )
    assert "step(w=-1, dj_dw=-3, alpha=0.1)" in message


def test_a_typical_mistake_that_overflows_on_some_case_prints_no_warning_to_the_learner():
    def overflows(w, dj_dw, alpha):
        return np.float64(w) * 1e308 * 10.0

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rejects(check(lambda w, d, a: w, mistakes=[(overflows, "never this")]), "should be")
    assert not caught, [str(w.message) for w in caught]


def test_an_answer_that_is_simply_wrong_shows_the_call_and_the_expected_value():
    rejects(check(lambda w, d, a: w), "step(w=2, d=4, a=0.25) returned 2, but it should be 1.")
    rejects(check(lambda w, dj_dw, alpha: w), "step(w=2, dj_dw=4, alpha=0.25) returned 2")


# --- A function from an earlier exercise as the cause -------------------------------------------


# These play the learner's notebook: their earlier function, then the one being checked, which
# calls it by its name (as a notebook cell would).
def earlier_update(w, dj_dw, alpha):
    raise NotImplementedError


def walk(w, dj_dw, alpha):
    return earlier_update(w, dj_dw, alpha)


def walk_via_the_package(w, dj_dw, alpha):
    from helpers.exercises import episode1

    return episode1.step_reference(w, dj_dw, alpha)


def check_walk(candidate, earlier_check=None):
    return check(candidate, earlier=[Earlier("earlier_update", "1.1", reference, earlier_check)])


def test_a_stub_in_an_earlier_exercise_is_named_as_the_cause(monkeypatch):
    message = rejects(
        check_walk(walk), "step calls your earlier_update from Exercise 1.1, which is not set yet"
    )
    assert "Finish Exercise 1.1 first" in message


def test_an_error_in_an_earlier_exercise_is_named_with_its_line(monkeypatch):
    monkeypatch.setitem(globals(), "earlier_update", divides_by_zero)
    message = rejects(check_walk(walk), "earlier_update from Exercise 1.1, which raised ZeroDivisionError")
    assert "return w / 0 - change" in message


def test_an_endless_loop_in_an_earlier_exercise_is_named(monkeypatch):
    monkeypatch.setitem(globals(), "earlier_update", endless)
    rejects(check_walk(walk), "earlier_update from Exercise 1.1, which was still running")


def test_a_wrong_earlier_function_is_named_when_a_correct_one_fixes_the_answer(monkeypatch):
    monkeypatch.setitem(globals(), "earlier_update", sign_error)
    earlier_check = lambda fn: check(fn, mistakes=[(sign_error, "it walks uphill")])  # noqa: E731
    message = rejects(check_walk(walk, earlier_check), "itself looks right, but the earlier_update it calls")
    assert "Exercise 1.1" in message and "Its check says: it walks uphill" in message
    assert globals()["earlier_update"] is sign_error  # swapped back after the diagnosis
    as_lambda = rejects(check_walk(lambda w, d, a: earlier_update(w, d, a)), "Your step itself looks right")
    assert "<lambda>" not in as_lambda


def test_an_earlier_function_that_is_not_called_is_never_blamed(monkeypatch):
    monkeypatch.setitem(globals(), "earlier_update", sign_error)
    assert check_walk(walk_via_the_package).passed
    rejects(check_walk(lambda w, d, a: w), "should be", absent=["Exercise 1.1"])


# --- One vocabulary in every episode ------------------------------------------------------------

EPISODES = [importlib.import_module(f"helpers.exercises.episode{n}") for n in range(1, 6)]
CHECKS = [
    (n, name, fn)
    for n, module in enumerate(EPISODES, start=1)
    for name, fn in vars(module).items()
    if name.startswith("check_") and callable(fn) and fn.__module__ == module.__name__
]
FUNCTION_CHECKS = [c for c in CHECKS if "time_limit" in inspect.signature(c[2]).parameters]
VALUE_CHECKS = [c for c in CHECKS if c not in FUNCTION_CHECKS]


@pytest.mark.parametrize(("episode", "name", "fn"), CHECKS, ids=[c[1] for c in CHECKS])
def test_every_check_names_its_exercise_by_episode(episode, name, fn):
    assert re.match(rf"Exercise {episode}\.[1-9]\b", fn.__doc__ or ""), fn.__doc__
    assert getattr(fn, "exercise", "").startswith(f"{episode}."), name


@pytest.mark.parametrize(("episode", "name", "fn"), VALUE_CHECKS, ids=[c[1] for c in VALUE_CHECKS])
@pytest.mark.parametrize("placeholder", [None, ...])
def test_every_picked_value_left_unset_gets_the_one_message(episode, name, fn, placeholder):
    message = rejects(fn(placeholder))
    assert re.fullmatch(
        rf"\w+ is not set yet: replace {placeholder!r} with .+ such as [-\d.]+, then run the cell\.", message
    ), message


@pytest.mark.parametrize(("episode", "name", "fn"), FUNCTION_CHECKS, ids=[c[1] for c in FUNCTION_CHECKS])
def test_every_function_left_as_a_stub_gets_the_one_message(episode, name, fn):
    def stub(*args):
        raise NotImplementedError

    message = rejects(fn(stub, time_limit=LIMIT))
    assert message.endswith(
        "is not set yet: replace the line raise NotImplementedError with your code, then run the cell."
    )


@pytest.mark.parametrize(("episode", "name", "fn"), FUNCTION_CHECKS, ids=[c[1] for c in FUNCTION_CHECKS])
def test_every_function_check_stops_an_endless_loop(episode, name, fn):
    def endless_anything(*args):
        while True:
            pass

    rejects(fn(endless_anything, time_limit=ENDLESS), ENDLESS_SAID)


def test_no_message_numbers_an_exercise_without_its_episode():
    for module in EPISODES:
        source = inspect.getsource(module)
        assert not re.search(r"Exercise \d(?![.\d])", source), module.__name__


# --- In a real kernel ---------------------------------------------------------------------------

KERNEL_CELLS = [
    "import signal\nfrom helpers.exercises import episode1, episode2, limit_mechanism\n"
    "before = signal.getsignal(signal.SIGALRM)\nprint(limit_mechanism())",
    "def update(w, dj_dw, alpha):\n    while True:\n        w = w - alpha * dj_dw\n\n"
    "print(repr(episode1.check_update(update, time_limit=0.3)))\n"
    "print('restored', signal.getsignal(signal.SIGALRM) is before)",
    "def update(w, dj_dw, alpha):\n    return w / 0\n\nprint(repr(episode1.check_update(update)))",
    "def slope_estimate(J, w, h=1e-6):\n    raise NotImplementedError\n\n"
    "def numeric_step(J, w, alpha):\n    return w - alpha * slope_estimate(J, w)\n\n"
    "print(repr(episode2.check_numeric_step(numeric_step)))",
    "def slope_estimate(J, w, h=1e-6):\n    return (J(w) - J(w + h)) / h\n\n"
    "print(repr(episode2.check_numeric_step(numeric_step)))",
]


def test_in_a_jupyter_kernel_the_limit_the_line_and_the_earlier_exercise_all_work(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in KERNEL_CELLS])
    nbclient.NotebookClient(
        notebook, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    out = ["".join(o.get("text", "") for o in cell.outputs) for cell in notebook.cells]
    assert out[0].strip() == "alarm"  # the kernel runs cells on its main thread
    assert "still running after 0.3 seconds" in out[1]
    assert "Cell In[2], line 2: `while True:`" in out[1] or "Cell In[2], line 3" in out[1]
    assert "restored True" in out[1]
    assert "raised ZeroDivisionError" in out[2] and "Cell In[3], line 2: `return w / 0`" in out[2]
    assert "slope_estimate from Exercise 2.1, which is not set yet" in out[3]
    assert "the slope_estimate it calls, from Exercise 2.1, is not" in out[4] and "wrong sign" in out[4]


def endless_and_catching_everything(w, dj_dw, alpha):
    while True:
        try:
            w = float(np.mean(np.asarray([w, w - alpha * dj_dw])))  # the stop mostly lands in NumPy
        except:  # noqa: E722 - a learner's bare except catches the stop too
            pass


def endless_and_sleeping(w, dj_dw, alpha):
    while True:
        try:
            time.sleep(0.001)  # the stop lands in here, inside the try, every time
        except BaseException:
            w = w - alpha * dj_dw


def endless_and_catching_base_exceptions(w, dj_dw, alpha):
    while True:
        try:
            w = float(np.clip(w - alpha * dj_dw, -1e9, 1e9))
        except BaseException:
            continue


@pytest.mark.parametrize("loop", [endless_and_catching_everything, endless_and_sleeping,
                                  endless_and_catching_base_exceptions])
def test_a_loop_that_catches_the_stop_itself_is_stopped_again_until_it_ends(loop):
    handler, interval = signal.getsignal(signal.SIGALRM), signal.getitimer(signal.ITIMER_REAL)[1]
    started = time.monotonic()
    rejects(check(loop, time_limit=ENDLESS), ENDLESS_SAID)
    assert time.monotonic() - started < 1.0
    # Nothing of the limit is left to fire later: the handler and any outer timer are as they were.
    assert signal.getsignal(signal.SIGALRM) is handler
    assert signal.getitimer(signal.ITIMER_REAL)[1] == interval

"""OptimizerExplorer (Episode 8): four descents on one landscape, drawn from the package's own runs,
with the challenge judged as its check judges it."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from live_sharing import fresh
from matplotlib.backend_bases import MouseEvent

import helpers
from helpers import optimizers
from helpers import widgets as gw
from helpers.exercises import episode8
from helpers.live.optimizer import KEYS
from helpers.live.optimizer_runs import Landscape

TWO_HOUSES = helpers.load_houses("two_houses.csv")
HOUSES = helpers.load_houses("houses.csv")
RANGES = {"w_range": (-20, 320), "b_range": (-60, 200)}


@pytest.fixture
def make():
    made = []

    def build(*args, **kwargs):
        kwargs = {**RANGES, **kwargs} if not args else kwargs
        explorer = gw.OptimizerExplorer(*(args or TWO_HOUSES), **kwargs)
        made.append(explorer)
        return explorer

    yield build
    for explorer in made:
        explorer.close()


# ------------------------------------------------------------- one explorer, shared (live_sharing.py)




@pytest.fixture
def share(shared, undrawn):
    """``make``'s explorer, made once for every test of the module built the same way and put back
    to how it opened before each; for tests that neither close it nor count what it made. Made
    ``undrawn``: these tests check numbers, artists' data and words, not pixels."""

    def build(*args, **kwargs):
        key = (tuple(id(a) for a in args), tuple(sorted(kwargs.items())))
        kwargs = {**RANGES, **kwargs} if not args else kwargs
        return fresh(shared, key, lambda: gw.OptimizerExplorer(*(args or TWO_HOUSES), **kwargs))

    return build


def text(explorer) -> str:
    return re.sub(r"\s+", " ", re.sub("<[^>]+>", "", explorer.readout.value.replace("<div>", " ")))


def descend(x, y, key, alpha, beta, batch_size, adam_alpha, start, num_iters):
    """The run called ``key`` by ``optimizers.descend``, for at least ``num_iters`` steps."""
    method, a, b, size = {"gd": ("gd", alpha, 0.0, None), "momentum": ("momentum", alpha, beta, None),
                          "minibatch": ("gd", alpha, 0.0, batch_size),
                          "adam": ("adam", adam_alpha, beta, None)}[key]
    per_epoch = optimizers.steps_per_epoch(len(x), size or len(x))
    return optimizers.descend(x, y, *start, a, epochs=math.ceil(num_iters / per_epoch), batch_size=size,
                              method=method, beta=b, seed=0)


def assert_same_run(shown, reference, num_iters):
    n = min(num_iters, reference.iterations)
    assert shown.iterations == n
    np.testing.assert_allclose(shown.p_history, reference.p_history[: n + 1], rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(shown.J_history, reference.J_history[: n + 1], rtol=1e-9, atol=1e-9)


# --------------------------------------------------------------------------- the runs and the paths


@pytest.mark.parametrize("settings", [
    {},
    {"alpha": 0.5, "beta": 0.3, "batch_size": 2, "adam_alpha": 30.0, "num_iters": 120},
    {"alpha": 0.1, "beta": 0.9, "w0": 50.0, "b0": 150.0, "num_iters": 200},
])
def test_every_path_and_curve_is_the_package_descent_of_its_run(share, settings):
    e = share()
    e.update(**settings)  # what moving those sliders does
    s = e._state
    for key in KEYS:
        reference = descend(*TWO_HOUSES, key, s["alpha"], s["beta"], s["batch_size"], s["adam_alpha"],
                            (s["w0"], s["b0"]), s["num_iters"])
        assert_same_run(e.runs[key], reference, s["num_iters"])
        w, b = e.paths_.lines[key].get_data()
        np.testing.assert_allclose(np.column_stack([w, b]), e.runs[key].p_history)
        k, J = e.curves_.lines[key].get_data()
        assert np.array_equal(k, np.arange(e.runs[key].iterations + 1))
        np.testing.assert_allclose(J, np.maximum(e.runs[key].J_history, 1e-4))
    assert tuple(e.paths_.start.get_data()) == ([s["w0"]], [s["b0"]])


def test_the_fast_runs_match_descend_on_sixty_houses_in_batches_with_a_last_smaller_one():
    land = Landscape(*HOUSES)
    runs = [("gd", 0.03, 0.0, 7), ("momentum", 0.01, 0.8, 13), ("adam", 30.0, 0.9, 60)]
    for method, alpha, beta, size in runs:
        steps = 3 * optimizers.steps_per_epoch(60, size)
        shown = land.result(land.path(method, (0.0, 0.0), alpha, beta, size, steps), alpha, steps)
        reference = optimizers.descend(*HOUSES, 0.0, 0.0, alpha, epochs=3, batch_size=size, method=method,
                                       beta=beta, seed=0)
        assert shown.outcome == reference.outcome
        assert_same_run(shown, reference, steps)


def test_a_slider_moves_only_the_runs_it_belongs_to_and_every_move_is_deterministic(share):
    e = share()
    before = {key: run.p_history.copy() for key, run in e.runs.items()}
    e.update(beta=0.8)
    changed = {key for key in KEYS if not np.array_equal(e.runs[key].p_history, before[key])}
    assert changed == {"momentum", "adam"}  # Adam's β₁ is β
    e.update(batch_size=2)
    assert np.array_equal(e.runs["minibatch"].p_history, e.runs["gd"].p_history), "a batch of all m is GD"
    e.update(batch_size=1)
    once = e.runs["minibatch"].p_history.copy()
    e.update(batch_size=2)
    e.update(batch_size=1)
    assert np.array_equal(e.runs["minibatch"].p_history, once), "seeded: the same batches every time"
    adam = e.runs["adam"].p_history.copy()
    e.update(adam_alpha=10.0)
    assert not np.array_equal(e.runs["adam"].p_history, adam)
    assert np.array_equal(e.runs["gd"].p_history, before["gd"])
    assert "Adam's α = 10" in text(e) and "β = 0.8" in text(e) and "batch 1 of 2" in text(e)


def test_the_readout_gives_each_run_its_step_cost_and_outcome(share):
    e = share(alpha=0.5, beta=0.5, num_iters=300)
    e.go_to(20)
    t = text(e)
    assert "step k = 20 of 300" in t
    for key, name in [("gd", "gradient descent"), ("momentum", "momentum"), ("adam", "Adam")]:
        run = e.runs[key]
        J = gw.fmt(run.J_history[min(20, run.iterations)])
        assert re.search(rf"{name}: J = {re.escape(J)}, ", t), (name, J, t)
    assert "momentum: J = " in t and f"converged after {e.runs['momentum'].stopped_at} steps" in t
    assert e.runs["gd"].out_of_steps and re.search(r"gradient descent: J = [0-9.]+, out of steps ", t)


def test_a_diverging_alpha_says_diverged_and_draws_no_nan(share):
    e = share()
    e.update(alpha=1.5)
    assert e.runs["gd"].diverged and e.runs["momentum"].diverged
    assert f"diverged at step {e.runs['gd'].stopped_at}" in text(e)
    for line in [*e.paths_.lines.values(), *e.curves_.lines.values()]:
        assert np.all(np.isfinite(np.asarray(line.get_data(), float)))
    assert "lower α" in text(e)  # the hint: momentum's α is too large


# --------------------------------------------------------------------------- the challenge


@pytest.mark.parametrize(("alpha", "beta"), [(0.4, 0.5), (0.5, 0.5), (0.75, 0.3), (0.2, 0.9), (1.0, 0.5),
                                             (0.5, 0.1)])
def test_the_challenge_verdict_is_the_check_s_verdict(share, alpha, beta):
    e = share()
    e.update(alpha=alpha, beta=beta)  # what moving the two sliders does
    passed = episode8.check_challenge("momentum", alpha, beta).passed
    assert e.challenge_passes()["momentum"] == passed
    assert ("Challenge met:" in text(e)) == passed and ("Challenge not met yet:" in text(e)) != passed
    assert ("challenge is met" in e.describe()) == passed


def test_a_challenge_not_met_says_how_far_off_and_which_knob_to_turn_which_way(share):
    e = share()  # α = 0.4, β = 0.5
    assert (e._state["alpha"], e._state["beta"]) == (0.4, 0.5)
    t = text(e)
    assert "momentum's J is 1.312 at step 20" in t
    knob, notches = episode8.momentum_move(0.4, 0.5)
    assert (knob, notches > 0) == ("α", True)
    assert "Hint: raise α a little (less than one notch)" in t
    e.update(alpha=0.1, beta=0.5)
    knob, notches = episode8.momentum_move(0.1, 0.5)
    assert f"Hint: {'raise' if notches > 0 else 'lower'} {knob} by about" in text(e)
    e.update(alpha=0.5)
    assert "Challenge met:" in text(e) and "momentum stays below J = 1 from step 19 on" in text(e)
    assert f"needs {episode8.FASTEST} steps" in text(e)


def test_following_the_hints_meets_the_challenge(share):
    e = share()
    e.update(alpha=0.05, beta=0.0)
    notches = [v for _, v in e.alpha_slider.options]
    for _ in range(30):
        if e.challenge_passes()["momentum"]:
            break
        hint = text(e).split("Hint: ")[1]
        if " α " in hint:
            i = notches.index(e._state["alpha"])
            e.update(alpha=notches[i + 1 if hint.startswith("raise") else i - 1])
        else:
            move = 0.05 if hint.startswith("raise") else -0.05
            e.update(beta=round(min(max(e._state["beta"] + move, 0.0), 0.95), 2))
    assert e.challenge_passes()["momentum"], text(e)


def test_the_challenge_starts_at_0_0_wherever_the_learner_starts(share):
    e = share()
    e.update(alpha=0.5, beta=0.5)
    e.click(100.0, 50.0)
    assert e.challenge_passes()["momentum"] and "(It starts at (0, 0).)" in text(e)
    assert e.runs["gd"].p_history[0].tolist() == [100.0, 50.0]


def test_other_data_has_no_challenge_and_plots_the_cost_above_its_lowest(share):
    e = share(*HOUSES, alpha=0.05, batch_size=10, adam_alpha=10.0)
    assert not e.challenge and e.target_ is None and e.budget_ is None
    assert "Challenge" not in text(e) and "above the lowest" in text(e)
    J_star = helpers.compute_cost(*HOUSES, *helpers.least_squares(*HOUSES))
    k, above = e.curves_.lines["gd"].get_data()
    np.testing.assert_allclose(above, np.maximum(e.runs["gd"].J_history - J_star, 1e-4), rtol=1e-6)


# --------------------------------------------------------------------------- the player and the mouse


def test_step_play_and_reset_walk_every_run_together(share):
    e = share()
    e.update(alpha=0.75, beta=0.0, num_iters=60)
    e.reset()
    assert e.current == 0 and all(len(line.get_xdata()) == 1 for line in e.paths_.lines.values())
    e.step()
    assert e.current == 1 and all(len(line.get_xdata()) == 2 for line in e.curves_.lines.values())
    assert e.step_line_.get_xdata()[0] == 1
    e.play()
    assert e.current == e.last_index() == 60
    # gradient descent diverges on the way: its path stops at its last finite point
    assert len(e.paths_.lines["gd"].get_xdata()) == e.runs["gd"].iterations + 1 < 61
    e.reset()
    assert "step k = 0 of 60" in text(e)


def test_a_click_on_the_contours_starts_every_run_there(share):
    e = share()
    px, py = e.ax_paths.transData.transform((150.0, 20.0))
    MouseEvent("button_press_event", e.fig.canvas, px, py, button=1)._process()
    assert abs(e._state["w0"] - 150.0) < 1 and abs(e._state["b0"] - 20.0) < 1
    for run in e.runs.values():
        assert run.p_history[0].tolist() == [e._state["w0"], e._state["b0"]]
    e.click(1e6, -1e6)  # far out: the start lands on the edge of the sliders
    assert e._state["w0"] == e.w0_slider.max and e._state["b0"] == e.b0_slider.min


def test_values_it_cannot_show_are_refused_with_a_message(share, make):
    e = share()
    with pytest.raises(ValueError, match="batch_size = 3 is not one of this explorer's choices"):
        e.update(batch_size=3)
    with pytest.raises(ValueError, match="beta = 1 is outside"):
        e.update(beta=1.0)
    with pytest.raises(ValueError, match="batch_size = 0 is not one of this explorer's choices"):
        make(batch_size=0)
    with pytest.raises(ValueError, match="batch_size = 61 is outside"):
        make(*HOUSES, batch_size=61)
    with pytest.raises(ValueError, match="one feature"):
        gw.OptimizerExplorer(np.ones((4, 2)), np.ones(4))
    assert e._state["batch_size"] == 1 and e.batch_slider.value == 1


def test_it_fits_beside_its_controls_and_its_picture_has_alt_text(share):
    e = share()
    width, height = e.FIGURE_PX
    assert width <= 520 and height <= 360
    bundle = e._repr_mimebundle_()
    assert 'alt="Four descents from (w, b) = (0, 0) with α = 0.4 and β = 0.5' in bundle["text/html"]
    assert e.readout.value.count("<div>") <= 10


def test_the_batch_size_is_a_row_of_buttons_for_a_few_examples_and_a_slider_for_many(share):
    import ipywidgets

    e = share()
    assert isinstance(e.batch_slider, ipywidgets.ToggleButtons)
    assert e.batch_slider.options == (("1", 1), ("2 (all)", 2)) and e.batch_slider.description
    e.batch_slider.value = 2  # a press on "2 (all)"
    assert e._state["batch_size"] == 2 and "batch 2 of 2" in text(e)
    assert np.array_equal(e.runs["minibatch"].p_history, e.runs["gd"].p_history)
    many = share(*HOUSES, alpha=0.05, batch_size=10, adam_alpha=10.0)
    assert isinstance(many.batch_slider, ipywidgets.IntSlider) and many.batch_slider.max == 60
    assert many.batch_sizes == tuple(range(1, 61))

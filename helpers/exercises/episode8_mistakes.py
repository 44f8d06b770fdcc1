"""Exercise 8.1's answers: a momentum descent loop, right and typically wrong.

For ``episode8.check_momentum_descent``: the reference loop (``momentum_reference``), the cases it
is tried on, and the typical wrong loops, each with the hint a learner reads when their answers
match it. ``episode8`` imports them from here.
"""

from __future__ import annotations

import numpy as np

# Small data sets the learner's functions are tried on, as in Episode 5: the two houses and two
# made-up sets with uneven sizes, so that no wrong loop gives the right numbers by luck.
_TWO_X, _TWO_Y = np.array([1.0, 2.0]), np.array([300.0, 500.0])
_THREE_X, _THREE_Y = np.array([0.5, 1.5, 3.0]), np.array([150.0, 420.0, 700.0])
_FIVE_X = np.array([0.8, 1.1, 1.9, 2.4, 3.3])
_FIVE_Y = np.array([240.0, 310.0, 460.0, 530.0, 790.0])


# ---------------------------------------------------------------- Exercise 8.1: momentum descent


def _gradient(x, y, p):
    """(dJ/dw, dJ/db) at p = (w, b), as an array."""
    errors = p[0] * x + p[1] - y
    return np.array([errors @ x, errors.sum()]) / x.size


def _momentum_loop(rule, *, gradient_at=None, first_v=None, steps=None):
    """A momentum loop with one knob per typical mistake; the reference is the default setting.

    ``rule(v, g, alpha, beta)`` returns (the step to subtract from p, the new v); ``gradient_at``
    picks the point where the gradient is taken; ``first_v`` the velocity at the start; ``steps``
    how many times the loop runs for a given num_iters.
    """

    def loop(x, y, w, b, alpha, beta, num_iters):
        p = np.array([w, b], dtype=float)
        v = np.zeros(2) if first_v is None else first_v(x, y, p)
        for _ in range(num_iters if steps is None else steps(num_iters)):
            g = _gradient(x, y, p if gradient_at is None else gradient_at(p, v, alpha, beta))
            step, v = rule(v, g, alpha, beta)
            p = p - step
        return float(p[0]), float(p[1])

    return loop


def _course_rule(v, g, alpha, beta):
    v = beta * v + g
    return alpha * v, v


_reference_momentum = _momentum_loop(_course_rule)


def momentum_reference(x, y, w, b, alpha, beta, num_iters):
    """(w, b) after ``num_iters`` momentum steps from (w, b): v ← β·v + ∇J, w ← w − α·v, v = 0 first."""
    return _reference_momentum(
        np.asarray(x, dtype=float), np.asarray(y, dtype=float), w, b, alpha, beta, num_iters
    )


def _stale_velocity(x, y, w, b, alpha, beta, num_iters):
    """w moves with the old velocity, and v is updated after, from the gradient at the new w."""
    p, v = np.array([w, b], dtype=float), np.zeros(2)
    for _ in range(num_iters):
        p = p - alpha * v
        v = beta * v + _gradient(x, y, p)
    return float(p[0]), float(p[1])


def _b_without_momentum(x, y, w, b, alpha, beta, num_iters):
    p, v_w = np.array([w, b], dtype=float), 0.0
    for _ in range(num_iters):
        g = _gradient(x, y, p)
        v_w = beta * v_w + g[0]
        p = p - alpha * np.array([v_w, g[1]])
    return float(p[0]), float(p[1])


def _w_before_b(x, y, w, b, alpha, beta, num_iters):
    """w takes its whole step first; b's gradient is then taken at the new w."""
    v_w = v_b = 0.0
    for _ in range(num_iters):
        v_w = beta * v_w + _gradient(x, y, np.array([w, b]))[0]
        w = w - alpha * v_w
        v_b = beta * v_b + _gradient(x, y, np.array([w, b]))[1]
        b = b - alpha * v_b
    return float(w), float(b)


def _sum_gradient_loop(x, y, w, b, alpha, beta, num_iters):
    """The course's loop with the gradient summed over the examples instead of averaged."""
    p, v = np.array([w, b], dtype=float), np.zeros(2)
    for _ in range(num_iters):
        v = beta * v + _gradient(x, y, p) * x.size
        p = p - alpha * v
    return float(p[0]), float(p[1])


def _one_velocity(x, y, w, b, alpha, beta, num_iters):
    """One velocity for both: it takes w's slope, moves w, then takes b's slope on top and moves b."""
    v = 0.0
    for _ in range(num_iters):
        dj_dw, dj_db = _gradient(x, y, np.array([w, b]))
        v = beta * v + dj_dw
        w = w - alpha * v
        v = beta * v + dj_db
        b = b - alpha * v
    return float(w), float(b)


def _unchanged(x, y, w, b, alpha, beta, num_iters):
    return float(w), float(b)


_STEPS = "the loop must run exactly num_iters times, for _ in range(num_iters)"
_ONE_BEHIND = (
    "Your w and b are exactly one momentum step behind. Either w moves with the old velocity before v "
    "is updated (then the first step does not move at all): in each step update v first, "
    "v ← β·v + ∇J, then w ← w − α·v with that new v. Or the loop runs once too few: it must run "
    "exactly num_iters times, for _ in range(num_iters)."
)

MOMENTUM_MISTAKES = [
    (
        # v ← β·v − ∇J with w ← w − α·v, or v ← β·v + ∇J with w ← w + α·v: the same steps, uphill.
        _momentum_loop(lambda v, g, a, be: (a * (be * v - g), be * v - g)),
        "Your run climbs uphill: one sign is wrong. Either the velocity adds minus the gradient and the "
        "step subtracts it again, or the step adds a velocity that holds the gradient. Keep "
        "v ← β·v + ∇J with w ← w − α·v (the course's form).",
    ),
    # Moving w with the old velocity before updating v (with the gradient taken before or after the
    # move) lands exactly one step behind: the same numbers as a loop that runs num_iters - 1 times.
    (_momentum_loop(lambda v, g, a, be: (a * v, be * v + g)), _ONE_BEHIND),
    (_stale_velocity, _ONE_BEHIND),
    (
        _momentum_loop(lambda v, g, a, be: (a * (v + g), v + g)),
        "Your velocity never forgets: v ← v + ∇J adds up every gradient so far at full weight. Multiply "
        "the old velocity by β first: v ← β·v + ∇J.",
    ),
    (
        _momentum_loop(lambda v, g, a, be: (a * g, g)),
        "Your steps are plain gradient descent: the velocity does not carry anything over from one step "
        "to the next. Set v = 0 once, before the loop; inside it, v ← β·v + ∇J and w ← w − α·v.",
    ),
    (
        _momentum_loop(lambda v, g, a, be: (a * (be * v + (1 - be) * g), be * v + (1 - be) * g)),
        "You average the gradient, v ← β·v + (1 − β)·∇J. Some courses write momentum that way, but at "
        "the same α its steps are (1 − β) times as long, so it is not the same run. This course uses "
        "v ← β·v + ∇J: drop the (1 − β).",
    ),
    (
        _momentum_loop(lambda v, g, a, be: (a * ((1 - be) * v + be * g), (1 - be) * v + be * g)),
        "β multiplies the old velocity, not the gradient: v ← β·v + ∇J.",
    ),
    (
        _momentum_loop(lambda v, g, a, be: (a * be * (v + g), be * (v + g))),
        "Check the brackets: β multiplies only the old velocity, v ← β·v + ∇J, not β·(v + ∇J).",
    ),
    (
        _momentum_loop(lambda v, g, a, be: (a * (be * v + a * g), be * v + a * g)),
        "α appears twice: once inside the velocity and again in the step. Write v ← β·v + ∇J and "
        "w ← w − α·v (or put α inside v and step w ← w − v, but not both).",
    ),
    (
        _momentum_loop(_course_rule, gradient_at=lambda p, v, a, be: p - a * be * v),
        "You take the gradient at the look-ahead point w − α·β·v: that is Nesterov's momentum, a "
        "related method. Here take the gradient at the current (w, b).",
    ),
    (
        _momentum_loop(lambda v, g, a, be: _course_rule(v, g[::-1], a, be)),
        "w moves with b's slope and b with w's: helpers.compute_gradient returns dj_dw first, then dj_db. "
        "Unpack them in that order, dj_dw, dj_db = helpers.compute_gradient(x, y, w, b).",
    ),
    (
        _one_velocity,
        "w and b share one velocity, so each step of b carries w's slope too. Give each its own: "
        "v_w ← β·v_w + ∂J/∂w and v_b ← β·v_b + ∂J/∂b (or one array v holding both).",
    ),
    (_b_without_momentum, "w has a velocity but b does not: b must keep one too, v_b ← β·v_b + ∂J/∂b."),
    (
        _w_before_b,
        "You move w before you take b's slope, so b's slope comes from the new w (the sequential "
        "update of Episode 5). Take both slopes at the same (w, b) first, then update both velocities "
        "and both parameters.",
    ),
    (
        _momentum_loop(_course_rule, first_v=lambda x, y, p: _gradient(x, y, p)),
        "Start the velocity at 0. Starting it at the first gradient counts that gradient twice: "
        "v ← β·v + ∇J adds it again in the first step.",
    ),
    (
        _sum_gradient_loop,
        "Your gradient is m times too large: the derivatives are averages, (1/m) Σ …, not sums.",
    ),
    (
        _momentum_loop(_course_rule, steps=lambda n: min(n, 1)),
        "Your loop takes only one step: is the return indented inside the for loop?",
    ),
    (_momentum_loop(_course_rule, steps=lambda n: n + 1), f"One step too many: {_STEPS}."),
    (
        _unchanged,
        "w and b never change: assign the new values back inside the loop (w = w − α·v_w, b = b − α·v_b) "
        "and return them.",
    ),
]


def _momentum_cases():
    return [
        (_TWO_X.copy(), _TWO_Y.copy(), 0.0, 0.0, 0.1, 0.5, 5),
        (_THREE_X.copy(), _THREE_Y.copy(), 50.0, 10.0, 0.05, 0.9, 6),
        (_FIVE_X.copy(), _FIVE_Y.copy(), 120.0, -20.0, 0.02, 0.7, 8),
        (_TWO_X.copy(), _TWO_Y.copy(), 180.0, 140.0, 0.2, 0.3, 3),
    ]

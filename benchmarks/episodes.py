"""Time the long computations the episodes quote: run with `.venv/bin/python benchmarks/episodes.py`.

- Episode 7: a million steps of descent on polynomial features (closed form).
- Episode 8: one epoch of mini-batch descent over 10**6 examples (batches of 1000), and
  20,000 single-example steps (from which a full epoch of them is estimated).
Each figure is the best of a few repeats, in seconds.
"""

from __future__ import annotations

import timeit

import numpy as np

import helpers
from helpers import optimizers
from helpers.fastpath import QuadraticDescent
from helpers.scaling import polynomial_features


def best(fn, repeat=3) -> float:
    return min(timeit.repeat(fn, number=1, repeat=repeat))


def main() -> None:
    x, y = helpers.load_houses()
    X3 = polynomial_features(x, 3)
    alpha = helpers.max_stable_alpha(X3) / 2
    descent = QuadraticDescent(X3, y)
    million = best(lambda: descent.run(np.zeros(3), 0.0, alpha, 1_000_000))
    print(f"Episode 7, a million steps on x, x², x³ (closed form): {million:.2f} s")

    rng = np.random.default_rng(2024)
    xs = rng.uniform(0.5, 4.0, size=1_000_000)
    ys = 100 + 200 * xs + rng.normal(0, 40, size=xs.size)
    epoch = best(lambda: optimizers.descend(xs, ys, 0.0, 0.0, 0.1, epochs=1, batch_size=1000, seed=0))
    print(f"Episode 8, one epoch over 10^6 examples in batches of 1000: {epoch:.2f} s")
    single = best(lambda: optimizers.descend(xs[:20_000], ys[:20_000], 0.0, 0.0, 0.01, epochs=1,
                                             batch_size=1, seed=0), repeat=2)
    print(f"Episode 8, 20,000 single-example steps: {single:.2f} s "
          f"({single / 20_000 * 1e6:.1f} µs a step; a full epoch of 10^6: about {single * 50:.0f} s)")


if __name__ == "__main__":
    main()

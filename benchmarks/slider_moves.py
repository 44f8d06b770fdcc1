"""What one slider move costs in the kernel, for each live explorer, against rebuilding the figure.

A move is ``explorer.update(...)``: the descent is recomputed, the moving artists are set, then
they are painted over the saved background, and the figure's view (helpers/live/view.py) packs
the whole figure as the PNG frame it sends to the browser with the readout and alt text (every
frame is a full frame: see helpers/live/canvas.py). That is everything the kernel does between a
slider message and the frame. The moves cycle α,
the start and the iterations (which changes the cost panel's axis limits).

The baseline does what the Coursera labs do on every move: a new figure, everything plotted
again (with the course's vectorised helpers, so it is not slowed by Python loops) and the whole
figure rendered to a PNG, as the inline backend does for each new figure, at the explorer's size.

Usage: python benchmarks/slider_moves.py [--moves 200] [--baseline-moves 60]
Prints a table and writes benchmarks/results/latest.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import ipywidgets  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import helpers  # noqa: E402
from helpers import plots  # noqa: E402
from helpers import widgets as gw  # noqa: E402
from helpers.exercises import episode7  # noqa: E402
from helpers.live import controls  # noqa: E402
from helpers.live.layout import DPI  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_MEDIAN_MS = 10.0
TARGET_P95_MS = 25.0
TARGET_SPEEDUP = 10.0


# --------------------------------------------------------------------------- the moves


def slider_moves(explorer, n, rng):
    """``n`` slider moves cycling α, the start and the iterations, as a learner drags one after another.

    An iterations move changes the cost panel's axis limits (its axis is redrawn), the slowest move.
    """
    if isinstance(explorer, (gw.LadderExplorer, gw.PolynomialExplorer)):
        return episode7_moves(explorer, n, rng)
    if isinstance(explorer, gw.OptimizerExplorer):
        return optimizer_moves(explorer, n, rng)
    notches = [value for _, value in explorer.alpha_slider.options]
    start = getattr(explorer, "w0_slider", None) or getattr(explorer, "w1_slider", None)
    iters = getattr(explorer, "iters_slider", None)
    moves = []
    for i in range(n):
        kind = i % 3 if iters is not None else i % 2
        if kind == 0:
            moves.append({"alpha": float(rng.choice(notches))})
        elif kind == 2:
            moves.append({"num_iters": int(rng.integers(1, iters.max // iters.step + 1)) * iters.step})
        elif isinstance(explorer, gw.ScalingExplorer):
            w2 = explorer.w2_slider
            moves.append({"w1": float(rng.uniform(start.min, start.max)),
                          "w2": float(rng.uniform(w2.min, w2.max))})
        elif isinstance(explorer, gw.RegressionExplorer):
            b = explorer.b0_slider
            moves.append({"w0": float(rng.uniform(start.min, start.max)),
                          "b0": float(rng.uniform(b.min, b.max))})
        else:
            name = "w" if isinstance(explorer, gw.TangentExplorer) else "w0"
            moves.append({name: float(rng.uniform(start.min, start.max))})
    return moves


def episode7_moves(explorer, n, rng):
    """Moves of Episode 7's explorers, cycling their controls: the ladder's shift, its features and the
    steps; the polynomial's α (a notch of the design's range at that point), its degree or scaling,
    and the steps."""
    iters = explorer.iters_slider
    if isinstance(explorer, gw.LadderExplorer):
        lo, hi = explorer.SHIFTS
        kinds = [lambda: {"shift": int(rng.integers(lo, hi + 1))},
                 lambda: {"features": str(rng.choice(["raw", "z-scored"]))}]
    else:
        design = dict(degree=explorer.degree_slider.value, scaling=explorer.scaling_toggle.value)

        def alpha():
            notches = controls.alpha_notches(*explorer.alpha_range_for(design["degree"], design["scaling"]))
            return {"alpha": float(rng.choice(notches))}

        def degree_or_scaling():
            if rng.random() < 0.7:
                design["degree"] = int(rng.integers(1, 11))
                return {"degree": design["degree"]}
            design["scaling"] = "off" if design["scaling"] == "on" else "on"
            return {"scaling": design["scaling"]}

        kinds = [alpha, degree_or_scaling]
    kinds.append(lambda: {"num_iters": int(rng.integers(1, iters.max // iters.step + 1)) * iters.step})
    return [kinds[i % 3]() for i in range(n)]


def optimizer_moves(explorer, n, rng):
    """Moves of Episode 8's explorer, cycling α, β, the batch size, Adam's α, the start and the steps."""
    e = explorer
    kinds = [
        lambda: {"alpha": float(rng.choice([value for _, value in e.alpha_slider.options]))},
        lambda: {"beta": round(0.05 * int(rng.integers(0, 20)), 2)},
        lambda: {"batch_size": int(rng.choice(e.batch_sizes))},
        lambda: {"adam_alpha": float(rng.choice([value for _, value in e.adam_slider.options]))},
        lambda: {"w0": float(rng.uniform(e.w0_slider.min, e.w0_slider.max)),
                 "b0": float(rng.uniform(e.b0_slider.min, e.b0_slider.max))},
        lambda: {"num_iters": int(rng.integers(1, e.iters_slider.max // e.iters_slider.step + 1))
                 * e.iters_slider.step},
    ]
    return [kinds[i % len(kinds)]() for i in range(n)]


def rebuild_optimizer(x, y, alpha, beta, batch_size, adam_alpha, w0, b0, num_iters):
    """The four runs by ``optimizers.descend``, drawn on a new figure, and the challenge checked."""
    from helpers import optimizers
    from helpers import plots_optimizers as paths
    from helpers.exercises import episode8

    fig = _new_figure(gw.OptimizerExplorer)
    ax, cx = fig.subplots(1, 2, width_ratios=[1.25, 1])
    settings = {"gd": ("gd", alpha, 0.0, None), "momentum": ("momentum", alpha, beta, None),
                "minibatch": ("gd", alpha, 0.0, batch_size), "adam": ("adam", adam_alpha, beta, None)}
    runs = {}
    for key, (method, a, b, size) in settings.items():
        epochs = -(-num_iters // optimizers.steps_per_epoch(x.size, size or x.size))
        run = optimizers.descend(x, y, w0, b0, a, epochs=epochs, batch_size=size, method=method, beta=b)
        runs[key] = run.J_history[: num_iters + 1], run.p_history[: num_iters + 1]
    plots.plot_cost_contour(ax, x, y, w_range=(-20, 320), b_range=(-60, 200), resolution=90)
    paths.plot_paths(ax, {key: p for key, (_, p) in runs.items()})
    paths.plot_learning_curves(cx, {key: J for key, (J, _) in runs.items()})
    paths.plot_target(cx, 1.0)
    met = episode8.check_challenge("momentum", alpha, beta).passed
    cx.set_title("challenge met" if met else "challenge not met yet")
    fig.legend(loc="outside lower center", ncols=4)
    return _png(fig)


def time_explorer(explorer, moves, warmup=20):
    """Milliseconds per ``update`` (descent + setters + blit + frame), and bytes per frame."""
    frames = []
    explorer.view_.send = lambda content, buffers=None: frames.append(sum(len(b) for b in buffers or ()))
    descent_ms = []
    recompute = explorer.recompute

    def timed_recompute(changed):
        start = time.perf_counter()
        try:
            return recompute(changed)
        finally:
            descent_ms.append(1e3 * (time.perf_counter() - start))

    explorer.recompute = timed_recompute
    for values in moves[:warmup]:
        explorer.update(**values)
    frames.clear()
    descent_ms.clear()
    times = []
    for values in moves[warmup:]:
        start = time.perf_counter()
        explorer.update(**values)
        times.append(1e3 * (time.perf_counter() - start))
    del explorer.recompute
    return times, descent_ms, frames


# --------------------------------------------------------------------------- the baseline


def _new_figure(explorer_class):
    """A new figure of the same size in pixels as the explorer's, so both draw as many pixels."""
    width, height = explorer_class.FIGURE_PX
    fig = Figure(figsize=(width / DPI, height / DPI), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _png(fig) -> int:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return len(buffer.getvalue())


def rebuild_descent(cost, alpha, w0, num_iters):
    fig = _new_figure(gw.DescentExplorer)
    ax, hx = fig.subplots(1, 2, width_ratios=[1.6, 1])
    result = cost.descend(w0, alpha, num_iters)
    plots.plot_cost_curve(ax, cost)
    plots.plot_path_1d(ax, cost, result)
    ax.plot([result.w], [result.J], "o", color=plots.PALETTE["current"], markersize=12, label="current w")
    plots.plot_tangent(ax, cost, result.w)
    plots.plot_cost_history(hx, result.J_history)
    ax.set_xlim(cost.w_range)
    fig.legend(loc="outside lower center", ncols=4)
    return _png(fig)


def rebuild_tangent(cost, alpha, w):
    fig = _new_figure(gw.TangentExplorer)
    ax = fig.subplots()
    plots.plot_cost_curve(ax, cost)
    plots.plot_tangent(ax, cost, w)
    plots.plot_slope_triangle(ax, cost, w, labels=False)
    new_w = w - alpha * cost.dJ_dw(w)
    ax.plot([w, new_w], [cost.J(w), cost.J(new_w)], "o-", color=plots.PALETTE["path"])
    ax.set_xlim(cost.w_range)
    fig.legend(loc="outside lower center", ncols=3)
    return _png(fig)


def rebuild_basins(cost, alpha, num_iters, w0, n_starts):
    fig = _new_figure(gw.BasinsExplorer)
    ax, sx = fig.subplots(2, 1, height_ratios=[3.3, 1], sharex=True)
    starts = np.linspace(*cost.w_range, n_starts)
    w_final, diverged = helpers.descend_many(cost.dJ_dw, starts, alpha, num_iters)
    codes = np.full(starts.shape, 2)
    for i, minimum in enumerate(cost.minima):
        codes[np.abs(w_final - minimum) < 1e-3] = i
    codes[diverged] = 3
    plots.plot_cost_curve(ax, cost)
    plots.plot_path_1d(ax, cost, cost.descend(w0, alpha, num_iters))
    sx.imshow(codes[None, :], extent=(*cost.w_range, 0, 1), aspect="auto", vmin=-0.5, vmax=3.5)
    fig.legend(loc="outside lower center", ncols=4)
    return _png(fig)


def rebuild_regression(x, y, alpha, w0, b0, num_iters):
    fig = _new_figure(gw.RegressionExplorer)
    grid = fig.add_gridspec(2, 2)
    ax_data, ax_contour = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1])
    ax_history, ax_surface = fig.add_subplot(grid[1, 0]), fig.add_subplot(grid[1, 1], projection="3d")
    result = helpers.gradient_descent(x, y, w0, b0, alpha, num_iters)
    plots.plot_data(ax_data, x, y)
    plots.plot_fit_line(ax_data, x, result.w, result.b)
    plots.plot_cost_contour(ax_contour, x, y)
    plots.plot_path_2d(ax_contour, result)
    plots.plot_cost_history(ax_history, result.J_history)
    ax_history.set_yscale("log")
    plots.plot_cost_surface(ax_surface, x, y, resolution=36)
    plots.plot_path_3d(ax_surface, x, y, result)
    fig.legend(loc="outside lower center", ncols=4)
    return _png(fig)


def rebuild_scaling(X, y, scaling, alpha, w1, w2, num_iters):
    from helpers import plots_features
    from helpers.fastpath import QuadraticDescent
    from helpers.scaling import fit_scaler

    fig = _new_figure(gw.ScalingExplorer)
    ax, hx = fig.subplots(1, 2, width_ratios=[1.3, 1])
    Xs = (X - X.mean(axis=0)) / fit_scaler(X, scaling).spread
    descent = QuadraticDescent(Xs, y)
    result = descent.run(np.array([w1, w2]), y.mean(), alpha, num_iters)
    plots_features.plot_weight_view(ax, Xs, y, result, b=y.mean(), w_star=descent.p_star[:2], resolution=120)
    hx.loglog(np.arange(1, result.J_history.size), result.J_history[1:] - descent.J_star)
    fig.legend(loc="outside lower center", ncols=4)
    return _png(fig)


def rebuild_ladder(X, y, X_scaled, features, shift, num_iters):
    from helpers import diagnostics, plots_features
    from helpers.fastpath import QuadraticDescent

    fig = _new_figure(gw.LadderExplorer)
    ax = fig.subplots()
    alphas = [float(f"{a!r}e{shift}") for a in diagnostics.ALPHA_LADDER]
    runs = diagnostics.run_ladder(X if features == "raw" else X_scaled, y, alphas, num_iters)
    plots_features.plot_ladder(ax, runs, J_star=QuadraticDescent(X_scaled, y).J_star)
    fig.legend(loc="outside lower center", ncols=3, fontsize=8)
    return _png(fig)


def rebuild_polynomial(x, y, x_held, y_held, alpha, degree, scaling, num_iters):
    from helpers import plots_features
    from helpers.exercises import episode7
    from helpers.fastpath import QuadraticDescent
    from helpers.scaling import polynomial_features

    fig = _new_figure(gw.PolynomialExplorer)
    ax, hx = fig.subplots(1, 2, width_ratios=[1.2, 1])
    if scaling == "on":
        train = episode7.scaled_powers(x, x, degree)[0]
    else:
        train = polynomial_features(x, degree)
    result = QuadraticDescent(train, y).run(np.zeros(degree), 0.0, alpha, num_iters)
    grid = np.linspace(0, 100, 200)
    on = scaling == "on"
    powers = episode7.scaled_powers(x, grid, degree)[1] if on else polynomial_features(grid, degree)
    with np.errstate(all="ignore"):
        curve = np.clip(powers @ result.w + result.b, -1e6, 1e6)
    plots_features.plot_curve_fit(ax, x, y, grid, curve, x_held=x_held, y_held=y_held)
    ax.set_ylim(0, 400)
    plots.plot_cost_history(hx, result.J_history)
    hx.set_yscale("log")
    fig.legend(loc="outside lower center", ncols=3)
    return _png(fig)


def time_baseline(rebuild, moves):
    rebuild(moves[0])  # warm-up
    times = []
    for values in moves:
        start = time.perf_counter()
        rebuild(values)
        times.append(1e3 * (time.perf_counter() - start))
    return times


# --------------------------------------------------------------------------- the run


def summary(times):
    ordered = sorted(times)
    return {
        "moves": len(times),
        "median_ms": statistics.median(ordered),
        "p95_ms": ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))],
        "mean_ms": statistics.fmean(ordered),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=200, help="slider moves per explorer (at least 200)")
    parser.add_argument("--baseline-moves", type=int, default=60, help="moves for each rebuild baseline")
    parser.add_argument("--only", default="", help="time only the explorers whose name contains this")
    args = parser.parse_args(argv)
    if args.moves < 200:
        parser.error("--moves must be at least 200 so the median and p95 mean something")
    x, y = helpers.load_houses("houses.csv")
    bowl, valleys = helpers.bowl(), helpers.two_valleys()
    features, prices, _ = helpers.load_house_features()
    size_age = features[:, [0, 3]]

    def now(explorer, values, name):  # the value a move sets, or the slider's current one
        return values.get(name, explorer.sliders[name].value)

    cases = [
        ("DescentExplorer (bowl, 30 iterations)",
         lambda: gw.DescentExplorer(bowl, alpha=0.1, w0=0.2, num_iters=30),
         lambda m, e: rebuild_descent(bowl, now(e, m, "alpha"), now(e, m, "w0"), now(e, m, "num_iters"))),
        ("TangentExplorer (two valleys)",
         lambda: gw.TangentExplorer(valleys, w=0.5, alpha=0.05),
         lambda m, e: rebuild_tangent(valleys, now(e, m, "alpha"), now(e, m, "w"))),
        ("BasinsExplorer (2000 starts, 200 iterations)",
         lambda: gw.BasinsExplorer(valleys, alpha=0.05, num_iters=200, n_starts=2000),
         lambda m, e: rebuild_basins(valleys, *(now(e, m, k) for k in ("alpha", "num_iters", "w0")), 2000)),
        ("RegressionExplorer (60 houses, 500 iterations, 3-D)",
         lambda: gw.RegressionExplorer(x, y, alpha=0.01, num_iters=500),
         lambda m, e: rebuild_regression(x, y, *(now(e, m, k) for k in ("alpha", "w0", "b0", "num_iters")))),
        ("ScalingExplorer (100 houses, size and age, no scaling)",
         lambda: gw.ScalingExplorer(size_age, prices, names=("size", "age")),
         lambda m, e: rebuild_scaling(size_age, prices, *(now(e, m, k) for k in gw.ScalingExplorer.SLIDERS))),
    ]
    x7, y7, x7_held, y7_held = episode7.curve_data()
    scaled_features = (features - features.mean(axis=0)) / features.std(axis=0)
    cases += [
        ("LadderExplorer (100 houses, 7 rungs, 1000 steps)",
         lambda: gw.LadderExplorer(features, prices, num_iters=1000),
         lambda m, e: rebuild_ladder(features, prices, scaled_features,
                                     *(now(e, m, k) for k in ("features", "shift", "num_iters")))),
        ("PolynomialExplorer (15 houses, degree 3, 5000 steps)",
         lambda: gw.PolynomialExplorer(x7, y7, x7_held, y7_held, num_iters=5000),
         lambda m, e: rebuild_polynomial(x7, y7, x7_held, y7_held,
                                         *(now(e, m, k) for k in gw.PolynomialExplorer.SLIDERS))),
    ]
    two_houses = helpers.load_houses("two_houses.csv")
    cases.append(
        ("OptimizerExplorer (two houses, 4 runs, 40 steps, challenge)",
         lambda: gw.OptimizerExplorer(*two_houses, alpha=0.4, beta=0.5, batch_size=1, adam_alpha=100.0,
                                      num_iters=40, w_range=(-20, 320), b_range=(-60, 200)),
         lambda m, e: rebuild_optimizer(*two_houses, *(now(e, m, k) for k in gw.OptimizerExplorer.SLIDERS))))
    rows = []
    for number, (name, make, rebuild) in enumerate(cases):
        if args.only not in name:
            continue
        explorer = make()
        rng = np.random.default_rng([2024, number])  # each explorer's own moves, the same with --only
        moves = slider_moves(explorer, args.moves + 20, rng)
        times, descent_ms, frames = time_explorer(explorer, moves, warmup=20)
        baseline = time_baseline(lambda m, e=explorer, r=rebuild: r(m, e), moves[: args.baseline_moves])
        live, base = summary(times), summary(baseline)
        rows.append({
            "explorer": name,
            "canvas": f"{type(explorer.fig.canvas).__name__} + {type(explorer.view_).__name__}",
            "live": live,
            "descent_median_ms": statistics.median(descent_ms),
            "frame_kb_median": statistics.median(frames) / 1024 if frames else None,
            "baseline": base,
            "speedup_median": base["median_ms"] / live["median_ms"],
            "meets_targets": live["median_ms"] <= TARGET_MEDIAN_MS and live["p95_ms"] <= TARGET_P95_MS
            and base["median_ms"] / live["median_ms"] >= TARGET_SPEEDUP,
        })
        explorer.close()

    header = (f"{'explorer':<52} {'median':>7} {'p95':>7} {'descent':>8} {'frame':>7}   "
              f"{'rebuild median':>14} {'p95':>7} {'speed-up':>9}")
    print(header)
    print("-" * len(header))
    for r in rows:
        frame = f"{r['frame_kb_median']:.1f}kB" if r["frame_kb_median"] is not None else "-"
        print(f"{r['explorer']:<52} {r['live']['median_ms']:>5.1f}ms {r['live']['p95_ms']:>5.1f}ms "
              f"{r['descent_median_ms']:>6.2f}ms {frame:>7}   {r['baseline']['median_ms']:>12.1f}ms "
              f"{r['baseline']['p95_ms']:>5.0f}ms {r['speedup_median']:>8.1f}x"
              f"{'' if r['meets_targets'] else '   (misses a target)'}")
    print(f"\ntargets: median <= {TARGET_MEDIAN_MS:g} ms and p95 <= {TARGET_P95_MS:g} ms per move, "
          f">= {TARGET_SPEEDUP:g}x faster than "
          f"rebuilding; {args.moves} moves per explorer, {args.baseline_moves} per baseline")

    RESULTS.mkdir(exist_ok=True)
    report = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "targets": {"median_ms": TARGET_MEDIAN_MS, "p95_ms": TARGET_P95_MS, "speedup": TARGET_SPEEDUP},
        "environment": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "matplotlib": matplotlib.__version__,
            "ipywidgets": ipywidgets.__version__,
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
        },
        "results": rows,
    }
    if args.only:  # a partial run does not replace the full results
        return 0 if all(r["meets_targets"] for r in rows) else 1
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print("written: benchmarks/results/latest.json")
    return 0 if all(r["meets_targets"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

"""How long helpers.load_houses takes on a large file, against np.loadtxt on the same file.

Writes a house file of --rows rows (default 10**6) to a temporary folder, in the course's format,
plus copies whose last cell is bad ('x', a number too large for a float), then times, interleaved
and --repeats times each: np.loadtxt on the good file (the baseline), load_houses on the good file,
and load_houses on each bad file until it raises its ValueError. Prints the fastest and the
median time of each and the ratio of the medians to the baseline's median. The machine's other
work makes single runs noisy; compare the ratios, not the seconds.

Usage: python benchmarks/load_houses.py [--rows 1000000] [--repeats 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import helpers


def write_files(folder: Path, rows: int) -> dict[str, Path]:
    """A good house file of ``rows`` rows and copies whose last cell is bad."""
    rng = np.random.default_rng(2023)
    x = rng.uniform(0.6, 3.6, rows).round(3)
    y = (100 + 200 * x + rng.normal(0, 40, rows)).round(1)
    header = ",".join(helpers.data.HOUSE_COLUMNS)
    body = "\n".join(f"{a:g},{b:g}" for a, b in zip(x[:-1], y[:-1], strict=True))
    last = f"{x[-1]:g}"
    files = {
        "good": f"{header}\n{body}\n{last},{y[-1]:g}\n",
        "bad last cell 'x'": f"{header}\n{body}\n{last},x\n",
        "bad last cell '1e999'": f"{header}\n{body}\n{last},1e999\n",
    }
    paths = {}
    for label, text in files.items():
        paths[label] = folder / f"{len(paths)}.csv"
        paths[label].write_text(text, encoding="utf-8")
    return paths


def timed(call) -> float:
    """Seconds one call takes; a ValueError (the bad files) ends the call."""
    start = time.perf_counter()
    try:
        call()
    except ValueError:
        pass
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10**6)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        paths = write_files(Path(folder), args.rows)
        calls = {"np.loadtxt, good file": lambda: np.loadtxt(paths["good"], delimiter=",", skiprows=1)}
        for label, path in paths.items():
            calls[f"load_houses, {label}"] = lambda path=path: helpers.load_houses(path)
        times = {label: [] for label in calls}
        for _ in range(args.repeats):
            for label, call in calls.items():
                times[label].append(timed(call))

    baseline = statistics.median(times["np.loadtxt, good file"])
    print(f"{args.rows:,} rows, {args.repeats} runs each (seconds)")
    print(f"{'':34} {'fastest':>8} {'median':>8} {'vs loadtxt':>11}")
    for label, runs in times.items():
        median = statistics.median(runs)
        print(f"{label:34} {min(runs):8.3f} {median:8.3f} {median / baseline:10.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""One ruff configuration over the package, the tests, the scripts and the notebooks."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing():
    folders = [
        p for p in ("helpers", "tests", "notebooks", "scripts", "benchmarks", "data") if (ROOT / p).exists()
    ]
    run = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", *folders],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr

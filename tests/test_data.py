"""The data files and the loader that guards them."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import helpers
from helpers import load_houses


def test_two_houses_are_the_course_example():
    x, y = load_houses("two_houses.csv")
    np.testing.assert_array_equal(x, [1.0, 2.0])
    np.testing.assert_array_equal(y, [300.0, 500.0])


def test_houses_data_set_is_large_enough_and_plausible():
    x, y = load_houses()
    assert x.size >= 50 and x.shape == y.shape
    assert np.all(x > 0) and np.all(y > 0)
    assert np.corrcoef(x, y)[0, 1] > 0.8


def test_houses_file_is_what_the_generator_writes(tmp_path):
    script = helpers.data_path("make_houses.py")
    copy = tmp_path / "make_houses.py"
    copy.write_text(script.read_text())
    subprocess.run([sys.executable, str(copy)], check=True)
    assert (tmp_path / "houses.csv").read_bytes() == helpers.data_path("houses.csv").read_bytes()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("", "is empty"),
        ("size,price\n1,2\n", "expected"),
        ("size_1000sqft,price_1000usd\n", "no houses"),
        ("size_1000sqft,price_1000usd\n1.0,300\n2.0,\n", "line 3, column price_1000usd"),
        ("size_1000sqft,price_1000usd\n1.0,300\nbig,500\n", "'big' is not a finite number"),
        ("size_1000sqft,price_1000usd\n1.0,nan\n", "line 2"),
        ("size_1000sqft,price_1000usd\n1.0,300,7\n", "exactly 2 cells"),
    ],
)
def test_bad_files_are_explained(tmp_path, content, says):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    with pytest.raises(ValueError, match=says):
        load_houses(path)


def test_missing_file_is_explained(tmp_path):
    with pytest.raises(ValueError, match="no data file"):
        load_houses(tmp_path / "nowhere.csv")

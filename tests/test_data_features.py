"""The many-feature house data: rebuilt byte for byte by its script, with the spread Episode 6 needs."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

import helpers


def test_house_features_file_is_what_the_generator_writes(tmp_path):
    script = helpers.data_path("make_house_features.py")
    copy = tmp_path / script.name
    copy.write_text(script.read_text())
    subprocess.run([sys.executable, str(copy)], check=True)
    committed = helpers.data_path("house_features.csv").read_bytes()
    assert (tmp_path / "house_features.csv").read_bytes() == committed


def test_features_span_orders_of_magnitude_and_stretch_the_bowl():
    data = np.loadtxt(helpers.data_path("house_features.csv"), delimiter=",", skiprows=1)
    X = data[:, :4]
    assert data.shape == (100, 5)
    ranges = X.max(axis=0) - X.min(axis=0)
    assert ranges.max() / ranges.min() > 1000  # size in sqft against floors
    assert helpers.condition_number(X) > 1e6

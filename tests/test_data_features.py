"""The many-feature house data: rebuilt byte for byte by its script, with the spread Episode 6 needs."""

from __future__ import annotations

import subprocess
import sys

import pytest

import helpers


def test_house_features_file_is_what_the_generator_writes(tmp_path):
    script = helpers.data_path("make_house_features.py")
    copy = tmp_path / script.name
    copy.write_text(script.read_text())
    subprocess.run([sys.executable, str(copy)], check=True)
    committed = helpers.data_path("house_features.csv").read_bytes()
    assert (tmp_path / "house_features.csv").read_bytes() == committed


def test_features_span_orders_of_magnitude_and_stretch_the_bowl():
    X, y, names = helpers.load_house_features()
    assert X.shape == (100, 4) and y.shape == (100,)
    assert names == ("size_sqft", "bedrooms", "floors", "age_years")
    ranges = X.max(axis=0) - X.min(axis=0)
    assert ranges.max() / ranges.min() > 1000  # size in sqft against floors
    assert helpers.condition_number(X) > 1e6


def test_a_bad_feature_file_is_explained(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("size_sqft,bedrooms,floors,age_years,price_1000usd\n1000,2,1,x,300\n")
    with pytest.raises(ValueError, match="5 finite numbers"):
        helpers.load_house_features(bad)
    bad.write_text("size,price\n1,2\n")
    with pytest.raises(ValueError, match="expected"):
        helpers.load_house_features(bad)

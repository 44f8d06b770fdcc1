"""The data files and the loader that guards them."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


HEADER = "size_1000sqft,price_1000usd"
BOM = "\ufeff"


def _write(folder, text, encoding="utf-8", name="houses_mine.csv"):
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f"{BOM}{HEADER}\r\n1,300\r\n2,500\r\n", id="csv-utf8-from-a-spreadsheet: BOM, CRLF"),
        pytest.param(f"{BOM}{HEADER}\n1,300\n2,500", id="BOM, no final newline"),
        pytest.param(f"{BOM}{HEADER}\r1,300\r2,500\r", id="BOM, old Mac CR line endings"),
        pytest.param(
            f"# Houses I looked at\n# prices in $1000s\n\n{HEADER}\n1,300\n\n# the bigger one\n2,500\n\n",
            id="comment and blank lines before the header and between rows",
        ),
        pytest.param(
            f"{HEADER}\r\n1,300\r\n   # checked twice\r\n \t \r\n2,500 # a note\r\n",
            id="indented comment, a line of spaces, a note after a row, CRLF",
        ),
    ],
)
def test_files_saved_by_spreadsheet_programs_are_read(tmp_path, text):
    x, y = load_houses(_write(tmp_path, text))
    np.testing.assert_array_equal(x, [1.0, 2.0])
    np.testing.assert_array_equal(y, [300.0, 500.0])


@pytest.mark.parametrize(
    ("encoding", "text", "says"),
    [
        ("utf-16", f"{HEADER}\n1,300\n", "saved as UTF-16"),  # with a byte-order mark
        ("utf-16-le", f"{HEADER}\n1,300\n", "saved as UTF-16"),  # without one
        ("latin-1", f"# Maisons\n# près de Montréal\n{HEADER}\n1,300\n", "line 2 has the byte 0xE8"),
        ("cp1252", f"{HEADER}\n1,300 # 300 000 €\n", "line 2 has the byte 0x80"),
        ("latin-1", f"{HEADER}\r1,300\r# près\r", "line 3 has the byte 0xE8"),  # old Mac line endings
    ],
)
def test_other_encodings_are_refused_with_the_encoding_to_use(tmp_path, encoding, text, says):
    path = _write(tmp_path, text, encoding=encoding)
    with pytest.raises(ValueError, match=says) as error:
        load_houses(path)
    assert "houses_mine.csv" in str(error.value)
    assert "save it as UTF-8" in str(error.value) and "CSV UTF-8" in str(error.value)


def test_line_numbers_are_the_files_counting_blank_and_comment_lines(tmp_path):
    text = f"{BOM}# my houses\r\n\r\n{HEADER}\r\n1,300\r\n\r\n# the next one is unfinished\r\n2,\r\n"
    with pytest.raises(ValueError, match=r"line 7, column price_1000usd: '' is not a finite number"):
        load_houses(_write(tmp_path, text))


@pytest.mark.parametrize(
    ("row", "says"),
    [
        ("2,500,7", r"line 5 has 3 cells \('2,500,7'\); every row needs exactly 2 cells"),
        ("2", r"line 5 has 1 cell \('2'\); every row needs exactly 2 cells"),
        ("2;500", r"line 5 has 1 cell .*separated by semicolons"),
        ("2,500,", r"line 5 has 3 cells"),
    ],
)
def test_rows_of_the_wrong_width_are_explained_in_the_loaders_words(tmp_path, row, says):
    text = f"{HEADER}\n1,300\n\n# second house\n{row}\n3,700\n"
    with pytest.raises(ValueError, match=says) as error:
        load_houses(_write(tmp_path, text))
    for numpy_words in ("usecols", "number of columns changed", "row 1", "float64"):
        assert numpy_words not in str(error.value)


@pytest.mark.parametrize("body", ["# no houses yet\n", "\n# none\n\n", "   \n# nothing\n"])
def test_a_file_without_rows_raises_no_numpy_warning(tmp_path, body):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="has a header but no houses"):
            load_houses(_write(tmp_path, f"{HEADER}\n{body}"))


@pytest.mark.parametrize(
    ("cell", "shown", "hint"),
    [
        ("1_0", "1_0", "without '_'"),
        ("3_00", "3_00", "without '_'"),
        ("\u0663\u0660\u0660", "\u0663\u0660\u0660", "digits 0-9"),  # Arabic-Indic 300; float() reads it
        ("0x10", "0x10", "decimal"),
        ("infinity", "infinity", ""),
        ("-inf", "-inf", ""),
        ("nan", "nan", ""),
        ("NaN", "NaN", ""),
        ("1e999", "1e999", "too large"),
        (" ", "", "empty"),
        ("", "", "empty"),
        ("big", "big", ""),
        ('"500"', '"500"', "quotation marks"),
        ("1.2.3", "1.2.3", ""),
        ("5e", "5e", ""),
    ],
)
def test_cells_that_are_not_finite_numbers_are_refused_with_line_and_column(tmp_path, cell, shown, hint):
    text = f"{HEADER}\n# first house\n1,300\n\n2,{cell}\n3,700\n"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError) as error:
            load_houses(_write(tmp_path, text))
    message = str(error.value)
    assert f"line 5, column price_1000usd: {shown!r} is not a finite number" in message
    assert hint in message


def test_the_first_bad_cell_is_reported_even_in_the_size_column(tmp_path):
    text = f"{HEADER}\n1,300\n2_0,500\n3,nan\n"
    with pytest.raises(ValueError, match=r"line 3, column size_1000sqft: '2_0'"):
        load_houses(_write(tmp_path, text))
    text = f"{HEADER}\n1,nan\n2_0,500\n"
    with pytest.raises(ValueError, match=r"line 2, column price_1000usd: 'nan'"):
        load_houses(_write(tmp_path, text))
    text = f"{HEADER}\n1,300\n  # a note\n2,1e400\n3,x\n"  # too large for a float, then not a number
    with pytest.raises(ValueError, match=r"line 4, column price_1000usd: '1e400' .* too large"):
        load_houses(_write(tmp_path, text))
    text = f"{HEADER}\n1,300\n2,5e"  # the last line has no newline
    with pytest.raises(ValueError, match=r"line 3, column price_1000usd: '5e'"):
        load_houses(_write(tmp_path, text))


@pytest.mark.parametrize("cell", ["x", "1e999", "nan"])
def test_a_bad_last_cell_of_a_large_file_is_found_on_its_line(tmp_path, cell):
    rows = [f"{1 + i % 30 / 10:g},{200 + i % 50}" for i in range(100_000)]
    rows[40_000:40_000] = ["# halfway", ""]
    rows[-1] = f"3.5,{cell}"
    text = HEADER + "\n" + "\n".join(rows) + "\n"
    with pytest.raises(ValueError, match=rf"line {len(rows) + 1}, column price_1000usd: '{cell}'"):
        load_houses(_write(tmp_path, text))


def test_a_number_too_large_for_a_float_is_found_past_unusual_blank_lines(tmp_path):
    text = f"{HEADER}\n1,300\n  # indented note\n\u00a0\u3000\n\n  -1e400 , 500 # huge\n2,500\n"
    with pytest.raises(ValueError, match=r"line 6, column size_1000sqft: '-1e400' .* too large"):
        load_houses(_write(tmp_path, text))


@given(cell=st.text(alphabet="0123456789.+-eE_x, #\t\u00a0", max_size=7))
@settings(max_examples=150, deadline=None)
def test_any_cell_is_either_read_as_its_number_or_explained(tmp_path_factory, cell):
    path = _write(tmp_path_factory.mktemp("cell"), f"{HEADER}\n1,300\n\n2,{cell}\n")
    try:
        x, y = load_houses(path)
    except ValueError as error:
        message = str(error)
        assert message.startswith("houses_mine.csv: line 4")
        assert "could not be read" not in message
        assert not any(words in message for words in ("usecols", "float64", "row 1", "column 2"))
    else:
        number = cell.split("#")[0].strip()
        assert "_" not in number and "," not in number
        np.testing.assert_array_equal(x, [1.0, 2.0])
        np.testing.assert_array_equal(y, [300.0, float(number)])


def test_a_learners_houses_csv_in_the_current_folder_never_replaces_the_course_data(tmp_path, monkeypatch):
    course = load_houses(helpers.data_path("houses.csv"))
    course_two = load_houses(helpers.data_path("two_houses.csv"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "houses.csv").write_text(f"{HEADER}\n9,99\n")
    (tmp_path / "two_houses.csv").write_text(f"{HEADER}\n8,88\n")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "houses.csv").write_text(f"{HEADER}\n7,77\n")

    for by_name in (load_houses("houses.csv"), load_houses()):
        np.testing.assert_array_equal(by_name, course)
    np.testing.assert_array_equal(load_houses("two_houses.csv"), course_two)

    learners = ([9.0], [99.0])
    np.testing.assert_array_equal(load_houses("./houses.csv"), learners)
    np.testing.assert_array_equal(load_houses(str(tmp_path / "houses.csv")), learners)
    np.testing.assert_array_equal(load_houses(Path("houses.csv")), learners)
    np.testing.assert_array_equal(load_houses("mine/houses.csv"), ([7.0], [77.0]))


def test_a_bare_name_that_is_not_course_data_says_how_to_load_your_own_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my_houses.csv").write_text(f"{HEADER}\n9,99\n")
    with pytest.raises(ValueError, match=r"no data file named 'my_houses.csv'.*'\./my_houses\.csv'"):
        load_houses("my_houses.csv")
    np.testing.assert_array_equal(load_houses("./my_houses.csv"), ([9.0], [99.0]))


def test_a_bare_path_object_that_does_not_exist_means_the_course_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    np.testing.assert_array_equal(load_houses(Path("two_houses.csv")), ([1.0, 2.0], [300.0, 500.0]))


def test_a_path_that_is_not_text_or_a_path_is_a_type_error():
    with pytest.raises(TypeError, match="a file name such as 'houses.csv'"):
        load_houses(3)

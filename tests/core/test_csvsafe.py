"""core.csvsafe: formula-leading cells are neutralised, everything else kept."""

import csv
import io

import pytest

from core import csvsafe


@pytest.mark.parametrize("text", ['=HYPERLINK("x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_leading_cells_get_an_apostrophe(text):
    assert csvsafe.safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value,expected", [("نص عادي", "نص عادي"), (None, ""), (12, "12"), ("a=b", "a=b")]
)
def test_other_cells_are_written_as_they_are(value, expected):
    assert csvsafe.safe_cell(value) == expected


def test_to_csv_and_iter_csv_agree_and_read_back():
    rows = [["id", "comment"], [1, "=1+1"], [2, "سطر\nثانٍ, وفاصلة"]]
    whole = csvsafe.to_csv(rows)
    streamed = "".join(csvsafe.iter_csv(rows))
    assert streamed == csvsafe.BOM + whole
    assert list(csv.reader(io.StringIO(whole))) == [
        ["id", "comment"],
        ["1", "'=1+1"],
        ["2", "سطر\nثانٍ, وفاصلة"],
    ]

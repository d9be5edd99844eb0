"""Problems worded for the analyst: place named, values quoted at most 80 characters."""

from __future__ import annotations

import pytest

from pmf_core.ingest.problems import MAX_QUOTED, FileRefused, Problem, excerpt, refused


def test_excerpt_keeps_a_short_value_whole():
    assert excerpt("Homes delivered") == "Homes delivered"
    assert excerpt(12.5) == "12.5"


def test_excerpt_of_exactly_80_characters_is_not_cut():
    assert excerpt("x" * 80) == "x" * 80


def test_excerpt_cuts_a_long_value_to_80_characters_with_an_ellipsis():
    text = excerpt("abcdefghij" * 1000)
    assert MAX_QUOTED == 80
    assert len(text) == 80
    assert text == ("abcdefghij" * 8)[:79] + "\u2026"


def test_excerpt_makes_control_characters_visible():
    assert excerpt("a\x00b\nc\x7f\u2028") == "a\\x00b\\x0ac\\x7f\\x2028"


def test_problem_truncates_column_and_value_but_not_message():
    long = "v" * 50_000
    problem = Problem(7, "h" * 200, long, "is not a number")
    assert problem.value == "v" * 79 + "\u2026"
    assert problem.column == "h" * 79 + "\u2026"
    assert problem.message == "is not a number"
    assert len(str(problem)) < 200


def test_problem_words_name_row_and_column():
    assert str(Problem(4, "target", "abc", "is not a number")) == (
        "row 4, column target: is not a number"
    )
    assert str(Problem(1, None, None, "is empty")) == "row 1: is empty"
    assert str(Problem(None, "unit", None, "is missing")) == "column unit: is missing"
    assert str(Problem(None, None, None, "the file is empty")) == "the file is empty"


def test_problem_as_dict_uses_the_problem_key():
    assert Problem(3, "unit", "kg", "unknown unit").as_dict() == {
        "row": 3,
        "column": "unit",
        "value": "kg",
        "problem": "unknown unit",
    }


def test_problem_keeps_none_value_as_none():
    assert Problem(2, "unit", None, "is blank").value is None


def test_file_refused_carries_every_problem_but_names_three():
    problems = [Problem(row, "target", str(row), "is wrong") for row in range(2, 8)]
    error = FileRefused(problems)
    assert error.problems == problems
    assert str(error) == (
        "row 2, column target: is wrong; row 3, column target: is wrong; "
        "row 4, column target: is wrong"
    )


def test_refused_is_one_file_level_problem():
    with pytest.raises(FileRefused) as caught:
        raise refused("the header is empty", 1)
    assert caught.value.problems == [Problem(1, None, None, "the header is empty")]
    assert refused("the file is empty").problems[0].row is None

"""The markdown escaper: missing text, autolinks and code blocks (the browser test shows it)."""

import math

import pandas as pd

from ui.text import WORD_JOINER, escape_markdown, is_blank


def test_missing_text_gives_the_callers_word():
    for missing in (None, math.nan, pd.NA, "", "   "):
        assert is_blank(missing)
        assert escape_markdown(missing, "not set") == "not set"
    assert not is_blank("x") and not is_blank(0)


def test_every_ascii_punctuation_mark_is_escaped():
    assert escape_markdown("**a** $x$ <b>") == "\\*\\*a\\*\\* \\$x\\$ \\<b\\>"
    assert escape_markdown("&amp; :red[x]") == "\\&amp\\; \\:red\\[x\\]"


def test_bare_urls_and_addresses_are_broken_with_an_invisible_joiner():
    escaped = escape_markdown("https://a.org HTTP://b.org www.c.org WWW.d.org e@f.org")
    assert escaped.count(WORD_JOINER) == 5
    assert f"https\\:{WORD_JOINER}\\/\\/" in escaped and f"www{WORD_JOINER}\\." in escaped
    assert f"e\\@{WORD_JOINER}f" in escaped


def test_leading_spaces_cannot_start_a_code_block():
    assert escape_markdown("    indented\n\tline") == "indented\nline"

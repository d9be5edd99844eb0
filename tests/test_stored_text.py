"""Text as it is stored: control characters out of free text and out of a file's name."""

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from conftest import csv_bytes
from pmf_core.ingest import load_bytes
from pmf_core.rules.stored_text import clean_name, clean_text
from pmf_core.store import reads

CONTROLS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))] + ["\ufffe", "\uffff"]


def test_word_breaks_become_line_breaks_and_other_controls_go_but_tab_and_newline():
    texts = pd.Series(
        [
            "line\x0bnext\x0cpage",
            "bell\x07 and\x1b[31m escape",
            "tab\tkept\r\n",
            "\x9bC1",
            "fine",
            None,
        ],
        dtype="string",
    )
    assert clean_text(texts).tolist() == [
        "line\nnext\npage",
        "bell and[31m escape",
        "tab\tkept\r\n",
        "C1",
        "fine",
        pd.NA,
    ]


def test_a_file_name_is_one_line_without_controls():
    assert clean_name("jan\x1b[31m\n2026\t extract.csv") == "jan [31m 2026 extract.csv"
    assert clean_name("\x00\n\t") == "(no name)"
    assert clean_name("  Oct 2026.csv ") == "Oct 2026.csv"


@given(st.text(alphabet=st.sampled_from(CONTROLS + list("ab .csv\u00e9\u2013"))))
def test_no_name_keeps_a_control_or_an_edge_space(name):
    cleaned = clean_name(name)
    assert cleaned and cleaned == cleaned.strip()
    assert not any(c in cleaned for c in CONTROLS)
    assert "  " not in cleaned
    assert clean_name(cleaned) == cleaned


def test_a_loaded_files_name_is_stored_clean(small_store):
    report = load_bytes(
        small_store,
        "observations",
        csv_bytes("indicator_id,period,value\nCIC,2020-10,70\n"),
        "oct\x1b]0;owned\x07\r\nreport.csv",
        "tester",
    )
    assert report.ok and report.file_name == "oct ]0;owned report.csv"
    assert reads.batches(small_store)["file_name"].tolist()[0] == "oct ]0;owned report.csv"


def cleaned_by_hand(text):
    """The rule of the module's docstring, one character at a time."""
    if text is None:
        return None
    kept = []
    for c in text:
        if c in "\x0b\x0c":
            kept.append("\n")
        elif c in "\t\n\r" or c not in CONTROLS:
            kept.append(c)
    changed = "".join(kept)
    return changed.strip() if changed != text else text


@given(
    st.lists(
        st.none() | st.text(alphabet=st.sampled_from([*CONTROLS, *"ab \u00e9\u2013\t\n\r"])),
        max_size=6,
    ),
    st.sampled_from(["str", "string", "object"]),
)
def test_a_column_is_cleaned_as_each_text_by_hand(texts, dtype):
    """Whichever way pandas holds the column (Arrow strings or Python objects, with or without
    empty cells, all empty), it comes back as each text cleaned one by one."""
    column = pd.Series(texts, dtype=dtype)
    cleaned = clean_text(column)
    assert [None if pd.isna(t) else t for t in cleaned] == [cleaned_by_hand(t) for t in texts]

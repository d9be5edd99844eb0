"""The council's settings in the store: the order of its perspectives."""

from __future__ import annotations

import pytest

from pmf_core.store import settings


def test_perspectives_are_kept_in_order_cleaned_and_without_repeats(store):
    assert settings.perspectives(store) == []
    kept = settings.set_perspectives(
        store, " Customer ; Financial;;Internal  Process;customer;Internal process;Learning", "me"
    )
    # Trimmed, otherwise as typed; a name again in another case or spacing is left out.
    assert kept == ["Customer", "Financial", "Internal  Process", "Learning"]
    assert settings.perspectives(store) == kept
    settings.set_perspectives(store, "Finance;HR", "me")  # replaces the order, not adds to it
    assert settings.perspectives(store) == ["Finance", "HR"]


@pytest.mark.parametrize("text", ["", " ; ;", "\t"])
def test_no_perspective_is_refused_and_nothing_is_written(store, text):
    settings.set_perspectives(store, "Customer", "me")
    with pytest.raises(settings.SettingError, match="at least one perspective"):
        settings.set_perspectives(store, text, "me")
    assert settings.perspectives(store) == ["Customer"]


def test_an_older_store_gains_the_settings_table(tmp_path):
    from pmf_core.store import Store

    store = Store(tmp_path / "old.duckdb", wait_seconds=2)
    store.create()
    with store.transaction() as con:
        con.execute("DROP TABLE settings")
    store.create()
    assert settings.perspectives(store) == []

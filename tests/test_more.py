"""Long lists a step at a time (ui/more.py): the exceptions' details and the phone cards."""

from pmf_core.analysis.status import status_as_at
from pmf_core.rules.periods import month_index
from tests.test_pages import open_page


def _cards(at) -> int:
    """Cards sent in the one HTML block of a card list: each card links its measure."""
    return sum(h.proto.body.count('<a href="drilldown?') for h in at.get("html"))


def test_the_exceptions_show_fifteen_details_then_fifteen_more(demo_read):
    at = open_page("views/exceptions.py", demo_read)
    at.multiselect(key="rags").select("Blue").run()
    total = len(status_as_at(demo_read, month_index(2026, 10), rags=["Red", "Amber", "Blue"]))
    assert total > 30
    assert len(at.expander) == 15
    assert f"The first 15 of {total} exceptions in this order." in [c.value for c in at.caption]
    first = [e.label for e in at.expander]
    at.button(key="more_button_details").click().run()
    assert len(at.expander) == 30 and [e.label for e in at.expander][:15] == first
    assert f"The first 30 of {total} exceptions in this order." in [c.value for c in at.caption]


def test_another_filter_or_order_starts_again_at_the_first_fifteen(demo_read):
    at = open_page("views/exceptions.py", demo_read)
    at.multiselect(key="rags").select("Blue").run()
    at.button(key="more_button_details").click().run()
    assert len(at.expander) == 30
    at.selectbox(key="sort_by").select("Measure").run()  # the same rows, a new order
    by_name = sorted(e.label.split(" · ")[-2] for e in at.expander)
    assert len(at.expander) == 15 and by_name == [e.label.split(" · ")[-2] for e in at.expander]
    at.button(key="more_button_details").click().run()
    assert len(at.expander) == 30
    at.selectbox(key="sort_by").select("Measure").run()  # a rerun of the same list
    assert len(at.expander) == 30
    at.multiselect(key="rags").unselect("Blue").run()  # another list
    assert len(at.expander) == 15


def test_the_phone_cards_come_twenty_at_a_time_and_stop_at_the_last(demo_read):
    at = open_page("views/exceptions.py", demo_read)
    at.multiselect(key="rags").select("Blue").run()
    total = len(at.dataframe[0].value)
    assert _cards(at) == 20 and total > 40
    for shown in range(40, total + 20, 20):
        at.button(key="more_button_cards_exceptions").click().run()
        assert _cards(at) == min(shown, total)
    assert not [b for b in at.button if b.key == "more_button_cards_exceptions"]
    assert not [c for c in at.caption if c.value.startswith("The first") and "measures" in c.value]

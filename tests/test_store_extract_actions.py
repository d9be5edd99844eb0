"""Actions driven by extracts (pmf_core/store/extract_actions.py): an extract's action text opens
an action, or updates the live one; each load records what it did and the text before, which is
what a rollback puts back."""

from datetime import date

from test_rollback import TODAY, load

from pmf_core.analysis import actions
from pmf_core.store import reads
from pmf_core.store.writes import add_action, rollback_batch, update_action

HEAD = "indicator_id,period,value,commentary,action\n"
OWNED = (
    "indicator_id,name,directorate,service,unit,frequency,polarity,owner\n"
    "CIC,Rates of children in care per 10000,People - Children's,Care & Protection,No.,"
    "monthly,lower_is_better,Ann Owner\n"
)


def the_action(store):
    frame = reads.actions(store, "CIC")
    assert len(frame) == 1
    return frame.iloc[0]


def recorded(store, batch_id: int) -> list:
    """What a load recorded doing to actions: (action, did, explanation, plan before)."""
    return store.query(
        "SELECT action_id, did, explanation_before, action_plan_before "
        "FROM batch_actions WHERE batch_id = ? ORDER BY action_id",
        [batch_id],
    ).values.tolist()


def update_notes(store, action_id: int) -> list[str]:
    return reads.action_updates(store, action_id)["note"].tolist()


def test_an_opened_action_is_the_owners_from_the_extract_and_recorded(small_store):
    load(small_store, OWNED, kind="indicators")
    batch = load(
        small_store,
        HEAD + "CIC,2020-10,70,Rising,Review entries\nFOST,2020-10,206,Fine,\n",
        name="oct.csv",
    )
    opened = the_action(small_store)
    # Only CIC has action text; its owner is the officer, the loader the creator.
    assert reads.actions(small_store)["indicator_id"].tolist() == ["CIC"]
    assert (
        opened["explanation"],
        opened["action_plan"],
        opened["officer"],
        opened["status"],
        opened["created_by"],
    ) == ("Rising", "Review entries", "Ann Owner", "open", "jo")
    assert small_store.scalar("SELECT source FROM actions") == "extract"
    assert recorded(small_store, batch) == [[int(opened["action_id"]), "opened", None, None]]
    assert update_notes(small_store, int(opened["action_id"])) == []


def test_the_latest_period_with_action_text_wins_and_blank_text_opens_nothing(small_store):
    # CIC's October row has no action, so September's text and commentary stand; FOST's text is
    # only spaces, which is no text.
    load(
        small_store,
        HEAD + "CIC,2020-09,71,Rising,Review entries\nCIC,2020-10,70,Later,\n"
        'FOST,2020-10,206,Fine,"   "\n',
    )
    action = the_action(small_store)
    assert (action["explanation"], action["action_plan"]) == ("Rising", "Review entries")
    assert reads.actions(small_store, "FOST").empty


def test_the_same_text_again_opens_no_second_action_and_logs_no_change(small_store):
    load(small_store, HEAD + "CIC,2020-10,70,Rising,Review entries\n")
    action_id = int(the_action(small_store)["action_id"])
    again = load(small_store, HEAD + "CIC,2020-11,69,Rising,Review entries\n")
    assert int(the_action(small_store)["action_id"]) == action_id
    assert update_notes(small_store, action_id) == []  # the plan did not change
    # Recorded all the same, with the text it found, so a rollback has nothing to put back.
    assert recorded(small_store, again) == [[action_id, "updated", "Rising", "Review entries"]]
    result = rollback_batch(small_store, again, "ann")
    assert (result.actions_restored, result.actions_withdrawn) == (0, 0)
    assert update_notes(small_store, action_id) == []


def test_a_changed_text_updates_the_plan_and_keeps_an_explanation_not_given(small_store):
    load(small_store, HEAD + "CIC,2020-10,70,Rising,Review entries\n")
    action_id = int(the_action(small_store)["action_id"])
    changed = load(
        small_store, "indicator_id,period,value,action\nCIC,2020-11,69,Recruit\n", name="nov.csv"
    )
    action = the_action(small_store)
    assert (action["explanation"], action["action_plan"]) == ("Rising", "Recruit")
    log = reads.action_updates(small_store, action_id)
    assert (log["note"].tolist(), log["updated_by"].tolist(), log["status"].tolist()) == (
        ["Action plan updated from nov.csv"],
        ["jo"],
        ["open"],
    )
    assert recorded(small_store, changed) == [[action_id, "updated", "Rising", "Review entries"]]


def test_a_new_explanation_alone_is_put_back_by_a_rollback(small_store):
    load(small_store, HEAD + "CIC,2020-10,70,Rising,Review entries\n")
    action_id = int(the_action(small_store)["action_id"])
    later = load(small_store, HEAD + "CIC,2020-11,69,Still rising,Review entries\n")
    assert the_action(small_store)["explanation"] == "Still rising"
    assert update_notes(small_store, action_id) == []  # the same plan: no note
    result = rollback_batch(small_store, later, "ann")
    assert (result.actions_restored, the_action(small_store)["explanation"]) == (1, "Rising")
    assert update_notes(small_store, action_id) == [
        f"Explanation and action plan restored by the rollback of batch {later}"
    ]


def test_a_withdrawn_action_is_not_updated_a_new_one_opens(small_store):
    first = load(small_store, HEAD + "CIC,2020-10,70,Rising,Review entries\n")
    rollback_batch(small_store, first, "ann")
    withdrawn = small_store.scalar("SELECT action_id FROM actions")
    second = load(small_store, HEAD + "CIC,2020-11,69,Still high,Recruit two IROs\n")
    action = the_action(small_store)
    assert int(action["action_id"]) != withdrawn and action["action_plan"] == "Recruit two IROs"
    assert small_store.query(
        "SELECT action_plan, withdrawn_by_batch FROM actions WHERE action_id = ?", [withdrawn]
    ).values.tolist() == [["Review entries", first]]  # the withdrawn one is left as it was
    assert recorded(small_store, second) == [[int(action["action_id"]), "opened", None, None]]


def test_an_extract_opens_its_own_action_beside_a_manual_one(small_store):
    manual = add_action(
        small_store,
        "CIC",
        explanation="By hand",
        action_plan="Hand plan",
        officer="X",
        path_to_green=None,
        status="open",
        user="jo",
    )
    load(small_store, HEAD + "CIC,2020-10,70,Rising,Review entries\n")
    frame = reads.actions(small_store, "CIC").sort_values("action_id")
    assert frame[["explanation", "action_plan"]].values.tolist() == [
        ["By hand", "Hand plan"],
        ["Rising", "Review entries"],
    ]
    assert update_notes(small_store, manual) == []


# Moved from tests/test_actions.py: opening and updating from extracts.
def test_an_extract_action_opens_an_action_and_a_later_one_updates_it(small_store):
    load(
        small_store,
        "indicator_id,period,value,commentary,action\n"
        "CIC,2020-09,71,Rising,Review entries\nCIC,2020-10,70,Still high,"
        "Embed tracking\nFOST,2020-10,206,,\n",
        name="oct.csv",
    )
    opened = reads.actions(small_store)
    assert opened[["indicator_id", "action_plan", "explanation", "status"]].values.tolist() == [
        ["CIC", "Embed tracking", "Still high", "open"]
    ]  # the latest period's text wins
    load(
        small_store,
        "indicator_id,period,value,action\nCIC,2020-11,69,Recruit two IROs\n",
        name="oct.csv",
    )
    again = reads.actions(small_store)
    assert again["action_plan"].tolist() == ["Recruit two IROs"] and len(again) == 1
    notes = reads.action_updates(small_store, int(again["action_id"].iloc[0]))["note"].tolist()
    assert notes == ["Action plan updated from oct.csv"]


def test_a_completed_action_is_not_reopened_by_a_new_extract(small_store):
    load(small_store, "indicator_id,period,value,action\nCIC,2020-10,70,Embed tracking\n")
    first = int(reads.actions(small_store)["action_id"].iloc[0])
    update_action(small_store, first, status="complete", note="Done", user="jo")
    load(small_store, "indicator_id,period,value,action\nCIC,2020-11,75,New plan\n")
    frame = reads.actions(small_store).sort_values("action_id")
    assert frame[["status", "action_plan"]].values.tolist() == [
        ["complete", "Embed tracking"],
        ["open", "New plan"],
    ]


# Moved from tests/test_rollback.py: what a rollback does to the actions its load touched.
def test_rollback_restores_action_text_and_withdraws_the_action_it_opened(small_store):
    opened = load(small_store, HEAD + "CIC,2020-10,70,Rising,Review entries\n", name="oct.csv")
    updated = load(small_store, HEAD + "CIC,2020-11,69,Still high,Recruit two IROs\n")
    action_id = int(the_action(small_store)["action_id"])
    result = rollback_batch(small_store, updated, "ann")
    action = the_action(small_store)
    assert (action["explanation"], action["action_plan"]) == ("Rising", "Review entries")
    assert (result.actions_restored, result.actions_withdrawn) == (1, 0)
    assert "1 action plan restored" in result.summary
    log = reads.action_updates(small_store, action_id)
    assert (log["note"].iloc[0], log["updated_by"].iloc[0]) == (
        f"Explanation and action plan restored by the rollback of batch {updated}",
        "ann",
    )
    result = rollback_batch(small_store, opened, "ann")
    assert result.actions_withdrawn == 1
    assert reads.actions(small_store).empty
    assert actions.changes_since(small_store, date(2000, 1, 1)).empty
    assert actions.open_plans(small_store, TODAY).empty  # what the appendix shows


def test_rolling_back_the_opening_load_keeps_an_action_a_later_load_still_states(small_store):
    opened = load(small_store, HEAD + "CIC,2020-10,70,Rising,Review entries\n")
    later = load(small_store, HEAD + "CIC,2020-11,69,Still high,Recruit two IROs\n")
    rollback_batch(small_store, opened, "ann")
    assert the_action(small_store)["action_plan"] == "Recruit two IROs"
    rollback_batch(small_store, later, "ann")  # now no load in force states an action
    assert reads.actions(small_store).empty


def test_rolling_back_a_middle_load_hands_its_earlier_text_to_the_later_one(small_store):
    load(small_store, HEAD + "CIC,2020-09,71,Rising,Review entries\n")
    middle = load(small_store, HEAD + "CIC,2020-10,70,Steady,Embed tracking\n")
    last = load(small_store, HEAD + "CIC,2020-11,69,Still high,Recruit two IROs\n")
    rollback_batch(small_store, middle, "ann")
    assert the_action(small_store)["action_plan"] == "Recruit two IROs"
    rollback_batch(small_store, last, "ann")
    action = the_action(small_store)
    assert (action["explanation"], action["action_plan"]) == ("Rising", "Review entries")


def test_a_manual_action_updated_by_a_load_is_not_touched(small_store):
    """Only actions from extracts follow extracts; a hand-made action keeps its text."""
    add_action(
        small_store,
        "CIC",
        explanation="By hand",
        action_plan="Hand plan",
        officer="X",
        path_to_green=None,
        status="open",
        user="jo",
    )
    batch = load(small_store, HEAD + "CIC,2020-10,70,Rising,Review entries\n")
    rollback_batch(small_store, batch, "ann")
    assert reads.actions(small_store)["action_plan"].tolist() == ["Hand plan"]

"""Help: what each status, symbol and icon on the pages means, in plain words.

Every word, symbol and colour here comes from pmf_core.rules.presentation and every worked
figure from the rules themselves, so the Help page cannot drift from the pages it explains.
"""

import pandas as pd
import streamlit as st

from pmf_core.rules import rag
from pmf_core.rules.presentation import (
    ASSURANCE,
    NEW_MARK,
    STATUS,
    STATUS_LABEL,
    VARIATION,
    dot_badge,
    dot_colour,
    spc_badge,
    status_badge,
)
from pmf_core.rules.projection import HORIZON_WORDS, MIN_POINTS
from pmf_core.rules.spc import RUN, TRIAL_BELOW, too_few_words
from ui import layout, selection
from ui.cell_styles import coloured

MEANING = {
    rag.RED: "Off target by more than the amber tolerance.",
    rag.AMBER: "Off target, but within the amber tolerance.",
    rag.GREEN: "On or better than target.",
    rag.BLUE: "Exceeding: better than target by at least the stretch threshold (only measures "
    "with a stretch threshold can be Blue).",
    rag.NOT_RATED: "Tracked but not judged: a contextual or place measure, a measure with no good "
    "direction, or no target for the year.",
    rag.NO_DATA: "The period has no value; its note says why.",
}
# The worked example: a lower-is-better measure with a target of 60 and a 5 % amber tolerance.
EXAMPLE_TARGET, EXAMPLE_TOLERANCE, EXAMPLE_POLARITY = 60.0, 5.0, "lower_is_better"


def status_table() -> None:
    words = [STATUS_LABEL.get(s, s) for s in STATUS]
    frame = pd.DataFrame(
        {
            "Status": [status_badge(s) for s in STATUS],
            "Word": words,
            "Colour": [STATUS[s].colour for s in STATUS],
            "What it means": [MEANING[s] for s in STATUS],
        }
    )
    styles = [
        f"background-color: {STATUS[s].colour}; color: {STATUS[s].text_colour}" for s in STATUS
    ]
    with layout.wrapped("help_status"):
        st.table(coloured(frame, "Status", styles))


def worked_example() -> None:
    band = EXAMPLE_TOLERANCE / 100 * EXAMPLE_TARGET
    rows = []
    for value in (57.0, 60.0, 62.5, 63.0, 64.0):
        status = rag.rag_status(
            value,
            EXAMPLE_TARGET,
            EXAMPLE_POLARITY,
            tolerance=EXAMPLE_TOLERANCE,
            tolerance_type="percent",
        )
        rows.append(
            {
                "Value": f"{value:g}",
                "Gap (positive is good)": f"{60 - value:+g}",
                "Status": status_badge(status),
            }
        )
    st.markdown(
        f"**Worked example.** Children in care per 10,000, where lower is better: target "
        f"{EXAMPLE_TARGET:g}, amber tolerance {EXAMPLE_TOLERANCE:g}% of the target, "
        f"so the band is {band:g}. The gap is target minus value (value minus target when "
        "higher is better); values and target are first rounded to the measure's "
        "decimals."
    )
    with layout.wrapped("help_example"):
        st.table(pd.DataFrame(rows))


def direction_table() -> None:
    cases = [
        (rag.IMPROVING, "higher_is_better", "Moved the good way (up when higher is better)."),
        (rag.IMPROVING, "lower_is_better", "Moved the good way (down when lower is better)."),
        (rag.WORSENING, "higher_is_better", "Moved the bad way."),
        (rag.SAME, "higher_is_better", "No change at the measure's decimals."),
        (rag.UP, "none", "Rose; the measure has no good direction."),
        (rag.DOWN, "none", "Fell; the measure has no good direction."),
        (rag.NOT_COMPARABLE, "none", "This period or the one before has no value."),
    ]
    frame = pd.DataFrame(
        {
            "Shown as": [dot_badge(d, p) for d, p, _ in cases],
            "What it means": [m for _, _, m in cases],
        }
    )
    colours = [f"color: {dot_colour(d)}; font-weight: 600" for d, _, _ in cases]
    with layout.wrapped("help_direction"):
        st.table(coloured(frame, "Shown as", colours))


def spc_tables() -> None:
    variation = {
        "Common cause": "Ordinary variation: no sign of real change.",
        "Improvement (high)": "A real change for the better, above the mean (higher is better).",
        "Improvement (low)": "A real change for the better, below the mean (lower is better).",
        "Concern (high)": "A real change for the worse, above the mean (lower is better).",
        "Concern (low)": "A real change for the worse, below the mean (higher is better).",
        "Neither (high)": "A real rise on a measure with no good direction.",
        "Neither (low)": "A real fall on a measure with no good direction.",
    }
    with layout.wrapped("help_variation"):
        frame = pd.DataFrame(
            {
                "Variation icon": [spc_badge(w, None) for w in VARIATION],
                "What it means": [variation[k] for k in VARIATION],
            }
        )
        icons = [f"color: {c}; font-weight: 600" for _, c in VARIATION.values()]
        st.table(coloured(frame, "Variation icon", icons))
    assurance = {
        "Consistently passing": "The target lies outside the limits on the good side: "
        "the process will meet it month after month.",
        "Consistently failing": "The target lies outside the limits on the bad side: "
        "it will not be met without changing the process.",
        "Hit and miss": "The target lies between the limits: it will be met some "
        "months and missed in others, by chance.",
    }
    with layout.wrapped("help_assurance"):
        frame = pd.DataFrame(
            {
                "Assurance icon": [spc_badge(None, a) for a in ASSURANCE],
                "What it means": [assurance[k] for k in ASSURANCE],
            }
        )
        icons = [f"color: {c}; font-weight: 600" for _, c in ASSURANCE.values()]
        st.table(coloured(frame, "Assurance icon", icons))


st.title("Help")
selection.show_notes()
st.caption(
    "What each status, symbol and icon on the pages means. The `?` beside a control "
    "names the section here that explains it."
)

st.header("Where the data comes from")
st.markdown(
    "Analysts in the performance team upload each month's extract from the services' "
    "systems (a CSV or Excel file), with the measures' definitions and annual targets. "
    "Every load is checked row by row and kept as a batch that can be rolled back; a "
    "reloaded figure keeps its earlier revisions (the drill-down's *Revisions* tab)."
)
st.markdown(
    "Officers can also enter their own measures' figures on **My returns**; a checker "
    "approves each on **Sign-off**. A return is a *draft*, *submitted* (waiting for sign-off), "
    "*returned* (sent back with a reason) or *approved*. Only an approved figure, or one "
    "loaded from a file, counts on any page, report or the public view. A period's return "
    "opens the day after it ends and is due on a set day of the next month (the 10th unless "
    "the council sets another); it is *overdue* when not in by then, and *late* when "
    "submitted after it. The *Revisions* tab says who entered and who approved each figure."
)

st.header("The default month")
st.markdown(
    "Every page shows each measure **as at** a month: its latest return for a period "
    "ending on or before the end of that month. Pages open on the latest month in "
    "which at least half the monthly measures with any data have a return, so two "
    "early returns for next month do not make the whole council look late. Choose "
    "another month in the sidebar; it stays chosen as you move between pages."
)

st.header("RAG status")
st.markdown(
    "Every status has its word and its symbol as well as its colour, so none relies on "
    "colour alone."
)
status_table()
st.markdown(
    "**Tolerance.** A measure off target by no more than its amber tolerance is Amber; "
    "beyond it, Red. The tolerance is a percentage of the target (5% unless the "
    "measure says otherwise) or an absolute amount in the measure's unit."
)
worked_example()
st.markdown(
    "**Blue.** Blue (exceeding) is escalated like Red and Amber: an exception worth "
    "explaining because it is exceptionally good."
)
st.markdown(
    "**Override.** A service can report "
    "its own RAG with a reason; the table says *(override)* and the drill-down shows "
    "the computed status beside it."
)

st.header("Direction of travel")
st.markdown(
    "The value against the previous period of the same frequency (week, month, quarter, "
    "half-year or year; a week also against the week 52 weeks before); a year-to-date "
    "figure against the same period last year instead. A measure may set a threshold in "
    "its unit: a change no bigger than it reads Same. The arrow shows which way the figure "
    "moved; the word and its colour say whether that is good. For a target range, "
    "*Improving* means nearer the range."
)
direction_table()

st.header("Late")
st.markdown(
    "A measure is **late** when its latest return is older than its frequency allows "
    "as at the month: a weekly or monthly measure with no return in the month itself (a "
    "week belongs to the month of its last day, the Sunday), a quarterly one more than "
    "three months behind, a six-monthly one more than six, an annual one more than twelve. "
    "A measure a national body publishes long after its period (an area's emissions) "
    "carries a publication lag in months, added to that allowance. "
    "Late rows say *· late* beside their period."
)

st.header("Changes since last month")
st.markdown(
    "The scorecard puts each count's change since the month before under it, and "
    "lists the measures that **turned Red**, **recovered** (moved up out of Red or "
    "Amber, on the order Red < Amber < Green < Blue) and are **new to exception** (Red, "
    f"Amber or Blue now, and not the month before). On the exceptions page, **{NEW_MARK} "
    "new** marks the exceptions that were not exceptions the month before."
)

st.header("SPC variation and assurance")
st.markdown(
    "Statistical process control (NHS *Making Data Count*) asks two questions of each "
    "measure's run of values. **Variation**: is the latest point real change or the "
    "ordinary noise of the process, and is it high or low (H or L, above or below the "
    "mean)? **Assurance**: will the process meet its target (P pass, F fail, ? hit and "
    "miss)? The icons are letters, never the RAG symbols or the direction arrows. "
    "The process limits are the mean plus and minus 2.66 times the average "
    "month-to-month change; a point beyond them, a run of 7 rising or falling, 7 in a "
    "row on one side of the mean, or two of three near a limit is special cause."
)
spc_tables()
st.markdown(
    f"**Trial limits.** With fewer than {TRIAL_BELOW} points the limits are trial "
    "limits: a first estimate that will move as data arrive. The drill-down draws them "
    "and says so; everywhere else the icons are left out and the table reads, for "
    f"example, *{too_few_words(8)}*. A measure with no good direction has no assurance; "
    "neither has a contextual or place measure."
)
st.markdown(
    "**Fix the limits after N points.** The drill-down can compute the limits from "
    "the first N points only, so later points are judged against how the process ran "
    "then, and a change shows as special cause instead of widening the limits."
)
st.markdown(
    "**Rebase.** When the process really changed (a new system, a changed "
    "definition), an analyst can recalculate the limits from that period; each rebase "
    "is logged with its reason on the drill-down's *SPC rebases* tab. When the latest "
    f"{RUN} or more points all lie on one side of the mean, the drill-down says the "
    "process may have shifted and names the period to rebase from."
)

st.header("Path to green")
st.markdown(
    f"A straight line fitted to the last values (at least {MIN_POINTS}) is projected "
    "to where it meets the target, with an 80% interval: *On course* with the period "
    "it would meet it (always after the month shown, and inside its own interval), "
    "*Not on course at the current trend* when the trend moves away, is too slow to get "
    f"there within {HORIZON_WORDS}, or gives no such date, *On target* when it is "
    "there already. "
    "Beside it, the action plan's own path-to-green date. A contextual or place measure has "
    "no target, so no RAG, no path to green and no assurance, even if a target was "
    "loaded for it (the load warns that it is ignored)."
)

st.header("Year to date, ranges and rates")
st.markdown(
    "**Year to date.** A running total since 1 April (council tax collected in year) is "
    "judged against the target for its month or quarter: the one **profiled** for it, else "
    "the year's target times the share of the year gone (*profiled evenly*: June is 3/12 of "
    "the year). Its direction is against the same period last year, it has no SPC (*SPC does "
    "not apply to cumulative figures*), its path to green is a **year-end forecast** (this "
    "year's value scaled by last year's shape, else by the share of the year gone) against "
    "the year's target, and its chart draws each financial year as its own line.\n\n"
    "**A target range** (e.g. 8% to 12%) is Green anywhere inside it; outside, Amber or Red "
    "by how far the value is from the nearer end, with the tolerance worked out on that end. "
    "Its direction is *Improving* when the value gets closer to the range.\n\n"
    "**A rate from its counts** shows them beside it, as in *78.33% (47 of 60)*: the value is "
    "worked out from the numerator and denominator, or checked against them when loaded."
)

st.header("Benchmarking")
st.markdown(
    "A measure linked to a comparator metric is ranked among a group's other "
    "councils with a value: rank 1 is the best, and the quartile is the quarter of "
    "the group it falls in. **Reference areas** such as England and the region are "
    "not peers: they are drawn as dotted lines and listed apart, never ranked or "
    "counted in the quartiles. The sentence about a measure names the benchmark's "
    "period when it is not the measure's own, as in *top quarter of CIPFA nearest "
    "neighbours (2025/26)*."
)

st.header("Overdue actions")
st.markdown(
    "An action that is not complete is **overdue** once its path-to-green date has "
    "passed. The same rule, and the same action, are used beside each exception, in "
    "the action tracker and in the committee appendix: the measure's open action "
    "plans, else the action written in its latest return."
)

st.header("Packs as presented")
st.markdown(
    "When a committee's papers go out, an analyst **freezes a pack** on the exceptions page: "
    "every Red, Amber and Blue exception of the committee as at the month, with its figures, "
    "status, direction, commentary, action plan, officer and path to green exactly as the "
    "appendix shows them. A pack never changes; freezing again makes a new one. Opening a pack "
    "shows it as presented, its appendix and print view, and **changed since this pack**: "
    "values revised, later or withdrawn returns, statuses changed and new exceptions since, "
    "for the same committee and month. The quarterly report is frozen the same way when it "
    "goes to Cabinet or scrutiny (by an analyst, on the command line): its pack gives the "
    "report's Word and HTML files exactly as presented, whatever is revised since."
)

st.header("Links")
st.markdown(
    "Each page's address holds what it shows, so a view can be bookmarked or linked "
    "from a committee paper: `month` (as `2026-10`), `directorate`, `committee`, "
    "`service` and `indicator`, names in any case, e.g. "
    "`exceptions?month=2026-09&committee=People+and+Health`. A link naming something "
    "that does not exist says so at the top of the page, with what is shown instead."
)

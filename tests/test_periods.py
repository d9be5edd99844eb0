import calendar
import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pmf_core.rules.periods import (
    Period,
    PeriodError,
    is_late,
    month_index,
    months_late,
    parse_month,
    parse_period,
    quarter_of,
)

OCT_2020 = month_index(2020, 10)


@pytest.mark.parametrize(
    "text",
    [
        "2020-10",
        "2020-10-31",
        "2020-10-01",
        "31/10/2020",
        "1/10/2020",
        "Oct-20",
        "Oct 2020",
        "October 2020",
        "  oct 2020 ",
        "OCTOBER 2020",
        "Oct-2020",
        "oct-2020",
        "OCT-20",
    ],
)
def test_every_monthly_form_means_october_2020(text):
    period = parse_period(text, "monthly")
    assert (period.key, period.label, period.financial_year) == ("2020-10", "Oct 2020", "2020/21")


@pytest.mark.parametrize(
    "text",
    [
        "2020/21 Q2",
        "Q2 2020/21",
        "q2 2020/21",
        "Sep-20",
        "2020-09",
        "30/09/2020",
        "September 2020",
        "Sept 2020",
        "Sept-20",
        "SEPT-20",
        "sept 2020",
        "Sep-2020",
        "Q2 2020-21",
        "2020-21 Q2",
        "Quarter 2 2020/21",
        "quarter 2 2020/21",
        "Qtr 2 2020/21",
        "QTR 2 2020-21",
        "2020/2021 Q2",
        "Q2 2020/2021",
    ],
)
def test_quarterly_forms_and_the_month_that_ends_the_quarter(text):
    period = parse_period(text, "quarterly")
    assert (period.key, period.label) == ("2020/21 Q2", "Q2 2020/21")


@pytest.mark.parametrize(
    "text,key",
    [
        ("Jun-20", "2020/21 Q1"),
        ("Dec-20", "2020/21 Q3"),
        ("Mar-21", "2020/21 Q4"),
        ("Mar-20", "2019/20 Q4"),
    ],
)
def test_quarter_ends(text, key):
    assert parse_period(text, "quarterly").key == key


@pytest.mark.parametrize(
    "text",
    ["2020/21", "2020-21", "Mar-21", "2021-03", "31/03/2021", "2020/2021", "2020-2021", "Mar-2021"],
)
def test_annual_forms(text):
    period = parse_period(text, "annual")
    assert (period.key, period.label) == ("2020/21", "2020/21")


def test_yyyy_yy_that_is_also_a_month_reads_by_frequency():
    assert parse_period("2011-12", "monthly").key == "2011-12"
    assert parse_period("2011-12", "annual").key == "2011/12"
    assert parse_period("2011-12", "quarterly").key == "2011/12 Q3"


@pytest.mark.parametrize(
    "text,frequency,words",
    [
        ("Septem 2020", "monthly", '"Septem 2020" is not a period; use 2020-09 or Sep-20'),
        ("2020/2022", "annual", "is not a period"),
        ("Quarter 5 2020/21", "quarterly", "is not a period"),
        ("Qtr 2 2020/22", "quarterly", "is not a period"),
        ("Sept-2020", "annual", "is not March"),
        ("Oct-20", "quarterly", "does not end a quarter"),
        ("Oct-20", "annual", "is not March"),
        ("2020/21 Q2", "monthly", "is a quarter, but this measure is monthly"),
        ("2020/21", "quarterly", "is a financial year, but this measure is quarterly"),
        ("2020/22", "annual", "is not a period"),
        ("2020-13", "monthly", "is not a period"),
        ("31/02/2020", "monthly", "is not a period"),
        ("10/2020", "monthly", "is not a period"),
        ("", "monthly", "is not a period"),
        ("Q5 2020/21", "quarterly", "is not a period"),
    ],
)
def test_refusals_say_what_is_wrong(text, frequency, words):
    with pytest.raises(PeriodError) as err:
        parse_period(text, frequency)
    assert words in str(err.value)


def test_previous_and_last_year():
    quarter = parse_period("2020/21 Q1", "quarterly")
    assert quarter.previous().key == "2019/20 Q4"
    assert quarter.same_period_last_year().key == "2019/20 Q1"
    assert parse_period("2020-01", "monthly").previous().key == "2019-12"
    assert parse_period("2020/21", "annual").previous().key == "2019/20"


def test_quarter_of_each_month():
    assert [quarter_of(month_index(2020, m)) for m in range(1, 13)] == [
        4,
        4,
        4,
        1,
        1,
        1,
        2,
        2,
        2,
        3,
        3,
        3,
    ]


def test_lateness_by_frequency_as_spec_section_3():
    assert not is_late(OCT_2020, "monthly", OCT_2020)
    assert is_late(month_index(2020, 9), "monthly", OCT_2020)
    sep = parse_period("2020/21 Q2", "quarterly").end
    assert not is_late(sep, "quarterly", month_index(2020, 12))  # exactly 3 months on
    assert is_late(sep, "quarterly", month_index(2021, 1))
    year = parse_period("2019/20", "annual").end  # ends March 2020
    assert not is_late(year, "annual", month_index(2021, 3))
    assert months_late(year, "annual", month_index(2021, 5)) == 2


def test_as_at_month_accepts_monthly_forms():
    assert parse_month("2020-10") == parse_month("Oct-20") == OCT_2020


# From Apr 1991: the period of each frequency ending by then starts in 1990 or later.
months = st.integers(min_value=month_index(1991, 4), max_value=month_index(2090, 12))


@given(months, st.sampled_from(["monthly", "quarterly", "annual"]))
def test_key_and_label_parse_back_to_the_same_period(end, frequency):
    step = {"monthly": 1, "quarterly": 3, "annual": 12}[frequency]
    end = end - (end - 2) % step  # a month that ends a period of this frequency
    period = Period(end, frequency)
    assert parse_period(period.key, frequency) == period
    assert parse_period(period.label, frequency) == period


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
def test_any_day_means_its_month(day):
    expected = month_index(day.year, day.month)
    assert parse_period(day.isoformat(), "monthly").end == expected
    assert parse_period(day.strftime("%d/%m/%Y"), "monthly").end == expected
    assert parse_period(day.strftime("%b-%y"), "monthly").end == expected or day.year < 2000


def _cased(text: str, pattern: list[bool]) -> str:
    """The text with each letter in upper or lower case as the pattern says (any case)."""
    return "".join(
        c.upper() if pattern[i % len(pattern)] else c.lower() for i, c in enumerate(text)
    )


cases = st.lists(st.booleans(), min_size=1, max_size=8)


@given(
    months,
    cases,
    st.sampled_from(
        ["Sept {y}", "Sept-{yy}", "{mon}-{y}", "{mon} {y}", "{mon}-{yy}", "{month} {y}"]
    ),
)
def test_every_month_spelling_in_any_case_means_its_month(end, pattern, template):
    year, month = divmod(end, 12)
    month += 1
    if template.startswith("Sept") and month != 9:
        template = template.replace("Sept", "{mon}")
    names = (calendar.month_abbr, calendar.month_name)
    text = template.format(
        y=year, yy=f"{year % 100:02d}", mon=names[0][month], month=names[1][month]
    )
    if "{yy}" in template and year < 2000:
        return  # a two-digit year is read as 20yy
    assert parse_period(_cased(text, pattern), "monthly").end == end


@given(
    st.integers(min_value=1990, max_value=2098),
    st.integers(min_value=1, max_value=4),
    cases,
    st.sampled_from(["Q", "Qtr ", "Quarter ", "q", "QTR"]),
    st.sampled_from(["/", "-"]),
    st.booleans(),
    st.booleans(),
)
def test_every_quarter_spelling_means_its_quarter(
    start, quarter, pattern, word, sep, long_year, quarter_first
):
    second = f"{start + 1}" if long_year else f"{(start + 1) % 100:02d}"
    year = f"{start}{sep}{second}"
    text = f"{word}{quarter} {year}" if quarter_first else f"{year} {word}{quarter}"
    # Worked by hand: Q1 ends in June of the first year, Q4 in March of the second.
    expected = month_index(start, 3) + 3 * quarter
    period = parse_period(_cased(text, pattern), "quarterly")
    assert period.end == expected
    assert period.key == f"{start}/{(start + 1) % 100:02d} Q{quarter}"


@given(st.integers(min_value=1990, max_value=2098), st.sampled_from(["/", "-"]), st.booleans())
def test_every_financial_year_spelling_means_its_year(start, sep, long_year):
    second = f"{start + 1}" if long_year else f"{(start + 1) % 100:02d}"
    period = parse_period(f"{start}{sep}{second}", "annual")
    assert period.key == f"{start}/{(start + 1) % 100:02d}"
    assert period.end == month_index(start + 1, 3)


@given(st.text(max_size=12))
def test_parser_never_fails_other_than_with_a_period_error(text):
    with contextlib.suppress(PeriodError):
        parse_period(text, "monthly")


@pytest.mark.parametrize(
    "key,frequency,label",
    [
        ("2025-10", "monthly", "Oct 2025"),
        ("2011-12", "monthly", "Dec 2011"),
        ("2025/26 Q2", "quarterly", "Q2 2025/26"),
        ("2025/26", "annual", "2025/26"),
        ("2025-W42", "weekly", "w/e 19 Oct 2025"),
        ("2025/26 H2", "six_monthly", "H2 2025/26"),
    ],
)
def test_a_key_tells_its_frequency(key, frequency, label):
    from pmf_core.rules.periods import key_frequency, label_for_key

    assert key_frequency(key) == frequency
    assert label_for_key(key, key_frequency(key)) == label


# Weeks and half-years. Worked by hand from a calendar: ISO weeks run Monday to Sunday, week 1
# holds the year's first Thursday; 2020 has 53 weeks (31 Dec 2020 was a Thursday), so its
# week 53 ends on Sunday 3 Jan 2021.
@pytest.mark.parametrize(
    "text,key,label,month,financial_year",
    [
        ("2020-W42", "2020-W42", "w/e 18 Oct 2020", (2020, 10), "2020/21"),
        ("2020w42", "2020-W42", "w/e 18 Oct 2020", (2020, 10), "2020/21"),
        ("w/e 18 Oct 2020", "2020-W42", "w/e 18 Oct 2020", (2020, 10), "2020/21"),
        ("12/10/2020", "2020-W42", "w/e 18 Oct 2020", (2020, 10), "2020/21"),  # a Monday
        ("2020-10-18", "2020-W42", "w/e 18 Oct 2020", (2020, 10), "2020/21"),
        ("2020-W53", "2020-W53", "w/e 3 Jan 2021", (2021, 1), "2020/21"),
        ("31/12/2020", "2020-W53", "w/e 3 Jan 2021", (2021, 1), "2020/21"),
        ("2021-W01", "2021-W01", "w/e 10 Jan 2021", (2021, 1), "2020/21"),
        ("2019-W01", "2019-W01", "w/e 6 Jan 2019", (2019, 1), "2018/19"),
        ("30/12/2019", "2020-W01", "w/e 5 Jan 2020", (2020, 1), "2019/20"),
        # Mon 29 Mar to Sun 4 Apr 2021: it ends in April, so it belongs to 2021/22.
        ("31/03/2021", "2021-W13", "w/e 4 Apr 2021", (2021, 4), "2021/22"),
        ("2021-W12", "2021-W12", "w/e 28 Mar 2021", (2021, 3), "2020/21"),
        # Mon 27 Jun to Sun 3 Jul 2022: across a month end, it is July's.
        ("w/e 3 Jul 2022", "2022-W26", "w/e 3 Jul 2022", (2022, 7), "2022/23"),
    ],
)
def test_week_keys_labels_month_and_financial_year(text, key, label, month, financial_year):
    week = parse_period(text, "weekly")
    assert (week.key, week.label, week.financial_year) == (key, label, financial_year)
    assert week.end == month_index(*month)


def test_previous_week_and_same_week_last_year_cross_year_ends():
    week = parse_period("2021-W01", "weekly")
    assert week.previous().key == "2020-W53"
    assert week.previous().previous().key == "2020-W52"
    assert parse_period("2020-W01", "weekly").previous().key == "2019-W52"
    # 52 weeks before w/e 18 Oct 2020 is w/e 20 Oct 2019.
    assert parse_period("2020-W42", "weekly").same_period_last_year().label == "w/e 20 Oct 2019"


@pytest.mark.parametrize(
    "text,key,label,ends",
    [
        ("2020/21 H1", "2020/21 H1", "H1 2020/21", (2020, 9)),
        ("H1 2020/21", "2020/21 H1", "H1 2020/21", (2020, 9)),
        ("h2 2020-21", "2020/21 H2", "H2 2020/21", (2021, 3)),
        ("Half 2 2020/2021", "2020/21 H2", "H2 2020/21", (2021, 3)),
        ("Sep-20", "2020/21 H1", "H1 2020/21", (2020, 9)),
        ("30/09/2020", "2020/21 H1", "H1 2020/21", (2020, 9)),
        ("Mar-21", "2020/21 H2", "H2 2020/21", (2021, 3)),
    ],
)
def test_half_years(text, key, label, ends):
    half = parse_period(text, "six_monthly")
    assert (half.key, half.label, half.financial_year) == (key, label, "2020/21")
    assert half.end == month_index(*ends)


def test_previous_half_and_same_half_last_year():
    half = parse_period("2020/21 H1", "six_monthly")
    assert half.previous().key == "2019/20 H2"
    assert half.previous().previous().key == "2019/20 H1"
    assert half.same_period_last_year().key == "2019/20 H1"


@pytest.mark.parametrize(
    "text,frequency,words",
    [
        ("2020-W54", "weekly", "is not a period"),
        ("2021-W53", "weekly", "is not a period"),  # 2021 has 52 weeks
        ("2020-W00", "weekly", "is not a period"),
        ("2020-10", "weekly", "is a month with no day, but this measure is weekly"),
        ("2020/21 Q2", "weekly", "is a quarter, but this measure is weekly"),
        ("2020-W42", "monthly", "is a week, but this measure is monthly"),
        ("2020/21 H1", "quarterly", "is a half-year, but this measure is quarterly"),
        ("2020/21 Q2", "six_monthly", "is a quarter, but this measure is six-monthly"),
        ("Dec-20", "six_monthly", "does not end a half-year"),
        ("2020/21 H3", "six_monthly", "is not a period"),
        ("w/e Oct 2020", "weekly", "is not a period"),
    ],
)
def test_week_and_half_refusals(text, frequency, words):
    with pytest.raises(PeriodError) as err:
        parse_period(text, frequency)
    assert words in str(err.value)


def test_lateness_of_weeks_halves_and_with_a_lag():
    # A week is late once its month has ended (as monthly), a half-year 6 months after it ends.
    week = parse_period("2020-W44", "weekly")  # w/e 1 Nov 2020: November's
    assert not is_late(week.end, "weekly", month_index(2020, 11))
    assert is_late(week.end, "weekly", month_index(2020, 12))
    half = parse_period("2020/21 H1", "six_monthly")  # ends Sep 2020
    assert not is_late(half.end, "six_monthly", month_index(2021, 3))
    assert months_late(half.end, "six_monthly", month_index(2021, 5)) == 2
    # 2019/20 ends Mar 2020; annual grace 12 months plus an 18-month lag: on time to Sep 2022.
    year = parse_period("2019/20", "annual").end
    assert is_late(year, "annual", month_index(2021, 4))
    assert not is_late(year, "annual", month_index(2022, 9), 18)
    assert months_late(year, "annual", month_index(2022, 12), 18) == 3
    lags = months_late(
        [year, year], ["annual", "annual"], month_index(2022, 12), [18, float("nan")]
    )
    assert lags.tolist() == [3, 21]


def _sunday(day: date) -> date:
    """A second, plain reckoning of the Sunday ending a day's ISO week."""
    while day.weekday() != 6:
        day = date.fromordinal(day.toordinal() + 1)
    return day


@given(st.dates(min_value=date(1990, 1, 8), max_value=date(2099, 12, 20)))
def test_any_day_means_the_week_ending_the_sunday_after_it(day):
    sunday = _sunday(day)
    week = parse_period(day.strftime("%d/%m/%Y"), "weekly")
    iso_year, iso_week, _ = sunday.isocalendar()
    assert week.key == f"{iso_year}-W{iso_week:02d}"
    assert week.label == f"w/e {sunday.day} {sunday.strftime('%b %Y')}"
    assert week.end == month_index(sunday.year, sunday.month)
    fy = sunday.year if sunday.month >= 4 else sunday.year - 1
    assert week.financial_year == f"{fy}/{(fy + 1) % 100:02d}"
    assert parse_period(week.key, "weekly") == week == parse_period(week.label, "weekly")
    assert week.previous().label == f"w/e {_label_day(date.fromordinal(sunday.toordinal() - 7))}"


def _label_day(day: date) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"


@given(months, st.sampled_from(["weekly", "monthly", "quarterly", "six_monthly", "annual"]))
def test_every_frequency_round_trips_and_steps_back_one_period(end, frequency):
    from pmf_core.rules.periods import at_position

    step = {"monthly": 1, "quarterly": 3, "six_monthly": 6, "annual": 12, "weekly": 1}[frequency]
    if frequency == "weekly":
        year, month = divmod(end, 12)
        period = at_position(date(year, month + 1, 15).toordinal() // 7, frequency)  # mid-month
    else:
        period = Period(end - (end - 2) % step, frequency)
    assert parse_period(period.key, frequency) == period
    assert parse_period(period.label, frequency) == period
    assert period.previous() < period
    assert period.previous().position == period.position - step


@given(
    st.integers(min_value=1990, max_value=2098),
    st.integers(min_value=1, max_value=2),
    cases,
    st.sampled_from(["H", "Half ", "h"]),
    st.sampled_from(["/", "-"]),
    st.booleans(),
    st.booleans(),
)
def test_every_half_spelling_means_its_half(start, half, pattern, word, sep, long_year, first):
    second = f"{start + 1}" if long_year else f"{(start + 1) % 100:02d}"
    year = f"{start}{sep}{second}"
    text = f"{word}{half} {year}" if first else f"{year} {word}{half}"
    # Worked by hand: H1 ends in September of the first year, H2 in March of the second.
    expected = month_index(start, 9) if half == 1 else month_index(start + 1, 3)
    period = parse_period(_cased(text, pattern), "six_monthly")
    assert (period.end, period.key) == (expected, f"{start}/{(start + 1) % 100:02d} H{half}")


@given(st.text(max_size=14), st.sampled_from(["weekly", "six_monthly"]))
def test_week_and_half_parsers_fail_only_with_a_period_error(text, frequency):
    with contextlib.suppress(PeriodError):
        parse_period(text, frequency)

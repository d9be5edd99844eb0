"""What a page's address holds, what follows the user from page to page, and how a selection
is named in captions, titles and file names.

Plain rules, no Streamlit: the app's pages only read and render them. The month, directorate
and committee follow the user to every page that uses them; every other parameter belongs to
one page (a service chosen on the drill-down never narrows the exceptions).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from pmf_core.rules import cover
from pmf_core.rules.periods import month_key, month_label

FOLLOW = ("month", "directorate", "committee")
# Each page's address, by its path, and the parameters it uses, in the order it writes them.
PAGE_PARAMS: dict[str, tuple[str, ...]] = {
    "": ("month", "directorate", "committee"),
    "drilldown": ("month", "directorate", "service", "indicator"),
    "exceptions": ("month", "directorate", "committee", "rag", "service", "pack"),
    "actions": ("directorate", "committee"),
    "upload": (),
    "data_quality": ("month", "directorate", "committee"),
    "benchmarking": ("metric", "group"),
    "public": ("month", "indicator"),
    "help": (),
}
# The exceptions' print view (``print=1``) reads its filters from its address as well.
PRINT_PARAMS = ("print", "sort", "late", "concerning", *cover.ADDRESS_NAMES.values())
PRINTED_ON = "exceptions"


def page_params(path: str, printing: bool = False) -> tuple[str, ...]:
    """The parameters the page at ``path`` uses (none for a path the app does not have)."""
    used = PAGE_PARAMS.get(path, ())
    return used + PRINT_PARAMS if printing and path == PRINTED_ON else used


def address(
    path: str, follow: Mapping[str, str | None], own: Mapping[str, str | None]
) -> dict[str, str]:
    """The query of the page at ``path``: the followed values it uses, then its own chosen
    ones, in the page's order; a value not chosen (None or "") is left out."""
    query: dict[str, str] = {}
    for param in PAGE_PARAMS.get(path, ()):
        value = follow.get(param) if param in FOLLOW else own.get(param)
        if value:
            query[param] = value
    return query


def unused(path: str, asked: Iterable[str], printing: bool = False) -> list[str]:
    """The parameters of an address that the page at ``path`` does not use, as written."""
    used = {p.casefold() for p in page_params(path, printing)}
    return [name for name in asked if name.casefold() not in used]


def page_asked(url_path: str, base: str = "") -> str:
    """The page part of an address's path (``/exceptons`` -> ``exceptons``), without the app's
    base path."""
    path = url_path.strip("/")
    base = base.strip("/")
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base) :].strip("/")
    return path


def closest_page(asked: str, titles: Mapping[str, str]) -> str | None:
    """The path of the page whose path or title is nearest to a misspelt ``asked``, if any."""
    by_name = {**{p: p for p in titles if p}, **{t.casefold(): p for p, t in titles.items()}}
    near = difflib.get_close_matches(asked.casefold(), list(by_name), n=1, cutoff=0.6)
    return by_name[near[0]] if near else None


@dataclass(frozen=True)
class Filters:
    """Every filter a view or a download may have in force (None or False: not in force)."""

    month: int | None = None
    directorate: str | None = None
    committee: str | None = None
    service: str | None = None
    rags: tuple[str, ...] = ()
    late_only: bool = False
    concerning_only: bool = False
    officer: str | None = None
    overdue_only: bool = False
    include_complete: bool = False


def and_list(words: Iterable[str]) -> str:
    """ "Red", "Red and Amber", "Red, Amber and Blue"."""
    items = list(words)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def narrowing(f: Filters) -> list[str]:
    """The filters beyond month, directorate and committee, each in words, in one order."""
    words = [f.service] if f.service else []
    words += [and_list(f.rags)] if f.rags else []
    words += ["late returns only"] if f.late_only else []
    words += ["special cause concerning only"] if f.concerning_only else []
    words += [f"officer {f.officer}"] if f.officer else []
    words += ["overdue only"] if f.overdue_only else []
    words += ["complete actions included"] if f.include_complete else []
    return words


def caption_parts(f: Filters, committee: bool = True) -> list[str]:
    """What a page's caption says is in force: "As at Oct 2026", the directorate (or "All
    directorates"), the committee (or "All committees") and every narrowing filter."""
    parts = [f"As at {month_label(f.month)}"] if f.month is not None else []
    parts.append(f.directorate or "All directorates")
    if committee:
        parts.append(f.committee or "All committees")
    return parts + narrowing(f)


def appendix_title(f: Filters) -> str:
    """The appendix's and print view's title, naming every filter in force."""
    rags = f"{and_list(f.rags)} " if f.rags else ""
    head = (
        f"{f.committee or 'All committees'}: {rags}performance exceptions as at "
        f"{month_label(f.month)}"
        if f.month is not None
        else f"{f.committee or 'All committees'}: {rags}performance exceptions"
    )
    rest = [f.directorate] if f.directorate else []
    rest += narrowing(
        Filters(service=f.service, late_only=f.late_only, concerning_only=f.concerning_only)
    )
    return " · ".join([head, *rest])


def slug(text: str) -> str:
    """Lower-case words joined by hyphens, nothing else: "People - Children's" ->
    "people-children-s"."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "x"


def file_stem(kind: str, f: Filters, day: date | None = None) -> str:
    """A download's file name without its extension, naming every filter in force, e.g.
    ``appendix-people-and-health-red-2026-10``."""
    parts = [kind]
    if kind == "appendix":
        parts.append(f.committee or "all committees")
    elif f.committee:
        parts.append(f.committee)
    parts += [p for p in (f.directorate, f.service) if p]
    parts += list(f.rags)
    parts += [
        word
        for word, on in (
            ("late", f.late_only),
            ("concerning", f.concerning_only),
            ("overdue", f.overdue_only),
            ("with complete", f.include_complete),
        )
        if on
    ]
    if f.officer:
        parts.append(f.officer)
    if f.month is not None:
        parts.append(month_key(f.month))
    if day is not None:
        parts.append(day.isoformat())
    return "-".join(slug(p) for p in parts)

"""Dates as reports write them, and working days in England and Wales.

Reports mix "14/10/2026", "14 October 2026" and "October 14th"; the
consistency checks need to read all of them, and the share-by date needs
bank holidays. No library is used: the rules are short and change rarely,
and a dependency would be one more thing to pin and vet.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

MONTHS = {name: i for i, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")), start=1) for name in names}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_PATTERNS = (
    ("numeric", re.compile(r"(?<![\d/.-])(?P<d>[0-3]?\d)([/.-])(?P<m>[01]?\d)\2(?P<y>\d{4}|\d{2})(?![\d/.-]*\d)")),
    ("iso", re.compile(r"(?<![\d/-])(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d-])")),
    ("words", re.compile(_DAY + r"(?:\s+of)?\s+" + _MONTH + r"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b", re.I)),
    ("words", re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b", re.I)),
)


_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    date: dt.date | None  # None when the numbers are not a real date
    style: str  # numeric | iso | words
    ambiguous: bool = False  # 03/04/2019: 3 April here, 4 March in the US
    has_year: bool = True


def find_dates(text: str, start: int = 0, end: int | None = None,
               default_year: int | None = None) -> Iterator[DateMention]:
    """Every date in text[start:end], in order, with what it means (UK day-month order)."""
    end = len(text) if end is None else end
    if not _DIGIT.search(text, start, end):
        return  # every date has a number in it
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for style, pattern in _PATTERNS:
        for m in pattern.finditer(text, start, end):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            mention = _mention(style, m, default_year)
            if mention is not None:
                found.append(mention)
                taken.append((m.start(), m.end()))
    yield from sorted(found, key=lambda d: d.start)


def _mention(style: str, m: re.Match, default_year: int | None) -> DateMention | None:
    if style in ("numeric", "iso"):
        day, month, year = int(m.group("d")), int(m.group("m")), int(m.group("y"))
        if year < 100:
            year += 2000 if year <= 50 else 1900
        ambiguous = style == "numeric" and day <= 12 and month <= 12 and day != month
        return DateMention(m.start(), m.end(), _date(year, month, day), style, ambiguous)
    month = MONTHS[m.group("month").lower().rstrip(".")]
    day = int(m.group("day"))
    if m.group("month").lower() == "may" and not m.group("year") and m.re.pattern.startswith(r"\b"):
        return None  # "may 3 people" is not a date
    year = m.group("year")
    has_year = year is not None
    when = _date(int(year) if year else (default_year or 2000), month, day)
    if when is None:
        return None
    return DateMention(m.start(), m.end(), when, style, False, has_year)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def in_words(when: dt.date, year: bool = True) -> str:
    """'3 April 2019': the GOV.UK style, which nobody misreads."""
    text = f"{when.day} {MONTH_NAMES[when.month - 1]}"
    return f"{text} {when.year}" if year else text


def weekday_in_words(when: dt.date) -> str:
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    return f"{days[when.weekday()]} {in_words(when)}"


def age_on(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


# --- working days ----------------------------------------------------------------------

# One-off bank holidays and moved ones, from the proclamations (GOV.UK bank holidays).
_SPECIAL: dict[int, tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]] = {
    # year: (days added, usual days removed)
    1995: (((5, 8),), ((5, 1),)),
    1999: (((12, 31),), ()),
    2002: (((6, 3), (6, 4)), ((5, 27),)),
    2011: (((4, 29),), ()),
    2012: (((6, 4), (6, 5)), ((5, 28),)),
    2020: (((5, 8),), ((5, 4),)),
    2022: (((6, 2), (6, 3), (9, 19)), ((5, 30),)),
    2023: (((5, 8),), ()),
}


def easter_sunday(year: int) -> dt.date:
    """The Gregorian Easter (the anonymous algorithm, as in Meeus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's own name)
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def _monday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> dt.date:
    day = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return day - dt.timedelta(days=day.weekday())


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[dt.date]:
    """England and Wales bank holidays of a year, substitute days included.

    One-off days are known up to the last proclaimed one; a future one-off
    (a coronation, say) needs adding to _SPECIAL."""
    easter = easter_sunday(year)
    days = {
        easter - dt.timedelta(days=2),  # Good Friday
        easter + dt.timedelta(days=1),  # Easter Monday
        _monday_on_or_after(dt.date(year, 5, 1)),  # early May
        _last_monday(year, 5),  # spring
        _last_monday(year, 8),  # summer
    }
    added, removed = _SPECIAL.get(year, ((), ()))
    days -= {dt.date(year, m, d) for m, d in removed}
    days |= {dt.date(year, m, d) for m, d in added}
    # New Year's Day, Christmas Day and Boxing Day move to the next free weekday.
    for fixed in (dt.date(year, 1, 1), dt.date(year, 12, 25), dt.date(year, 12, 26)):
        day = fixed
        while day.weekday() >= 5 or day in days:
            day += dt.timedelta(days=1)
        days.add(day)
    return frozenset(d for d in days if d.year == year)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def working_days_before(day: dt.date, n: int) -> dt.date:
    """The date n working days before `day`: 2 before Thursday 3 December is Tuesday 1 December."""
    while n > 0:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def parse_date(value: object) -> dt.date | None:
    """A settings value: a YAML date, or a string such as 2026-12-03 or 3 December 2026."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    for mention in find_dates(value):
        if mention.date is not None and mention.has_year and not mention.ambiguous:
            return mention.date
    return None

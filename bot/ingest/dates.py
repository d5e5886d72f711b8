"""Dates as reviews write them, to ISO: "June 7, 2024", "7 June 2024", "7th of June, 2024",
"2024-06-07", and numeric dates read day first ("07/06/2024", "7.6.2024").

A hand-written parser over month names rather than python-dateutil or
dateparser: it must find a date *inside* a sentence and say where it is (for
the claim's span), refuse "24/7" and "2h 3min", and cost microseconds
(dateparser costs milliseconds per call). A numeric date is read month first
only when day first is impossible ("12/31/2024").
"""

from __future__ import annotations

import datetime as dt
import re

SP = r"[ \u00a0]"

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}


def _either_case(word: str) -> str:
    return f"[{word[0].upper()}{word[0]}]{word[1:]}"


_MONTH = r"(?:" + "|".join(sorted((_either_case(k) for k in MONTHS), key=len, reverse=True)) + r")\.?"
DATE = (
    rf"(?:(?P<m1>{_MONTH}){SP}+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?{SP}+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?{SP}+(?:of{SP}+)?(?P<m2>{_MONTH}),?{SP}+(?P<y2>\d{{4}})"
    rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}})"
    rf"|(?P<a4>\d{{1,2}})(?P<sep>[./])(?P<b4>\d{{1,2}})(?P=sep)(?P<y4>(?:18|19|20)\d\d))"
)
DATE_RE = re.compile(rf"(?<![\w./-]){DATE}(?![\w-]|[./]\d)")


def date_from_match(match: re.Match[str]) -> str | None:
    """ISO date from a `DATE` match, or None if it is not a real date."""
    groups = match.groupdict()
    if groups.get("y3"):
        year, month, day = int(groups["y3"]), int(groups["m3"]), int(groups["d3"])
    elif groups.get("y4"):
        year, day, month = int(groups["y4"]), int(groups["a4"]), int(groups["b4"])
        if month > 12 >= day:  # "12/31/2024": only month first is possible
            day, month = month, day
    else:
        year = int(groups.get("y1") or groups["y2"])
        month = MONTHS[(groups.get("m1") or groups["m2"]).rstrip(".").lower()]
        day = int(groups.get("d1") or groups["d2"])
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> tuple[str, int, int] | None:
    """(ISO date, start, end) of the first real date in `text`."""
    for match in DATE_RE.finditer(text):
        iso = date_from_match(match)
        if iso:
            return iso, match.start(), match.end()
    return None

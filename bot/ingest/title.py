"""The film's title: a headline stripped of what a headline adds to it.

Headlines carry decorations around the title: review prefixes and suffixes
("Review: X", "X — film review"), list numbering ("3. X"), a site name after
a bar ("X | The Film Desk"), a year and whatever follows it
("X (2019) review: the quiet one"), quotes and emphasis. `strip_title`
removes them and returns the year it saw. A subtitle after a colon or dash is
kept only when the body uses it (`settle_subtitle`): "X: why it still
matters" is X, "Dune: Part Two" named so in the body stays whole.

Bylines ("Posted by ... · Grade: A-", "By Ana Lopez, 2 March 2024") are
never taglines or titles (`is_byline`).
"""

from __future__ import annotations

import re

from bot.ingest.values import fold_key

_EDGE = "\"'“”‘’«»„`*_#> \t\u00a0"
_NUMBERING = re.compile(r"(?:#|No\.?[ \t]*)?\d{1,3}[.):]?[ \t]+[-–—:]?[ \t]*(?=\S)|#\d{1,3}[ \t]*[-–—:]?[ \t]*")
_PREFIX = re.compile(
    r"(?i)(?:(?:capsule|mini|quick|short|full|spoiler[- ]free|new|classic|retro|festival|tiff|cannes|sundance|venice"
    r"|berlinale|lff|nyff|sxsw)[ \t]+)*(?:(?:movie|film)[ \t]+)?(?:review|reviews|reviewed|recap|verdict|dispatch"
    r"|first look|rewatch|revisited|in review|capsule|watched)[ \t]*(?:[:|\-–—]|of\b)[ \t]*"
)
_SUFFIX = re.compile(
    r"(?i)[ \t]*(?:[-–—:|,][ \t]*)?(?:(?:an?|the|my|our)[ \t]+)?(?:(?:full|spoiler[- ]free|quick|capsule|short)[ \t]+)?"
    r"(?:(?:movie|film)[ \t]+)?(?:review|reviewed|recap|rewatch|revisited)$"
)
_SITE = re.compile(r"[ \t]+[|•·][ \t]+")
_YEAR = re.compile(r"[ \t]*[(\[](?P<year>(?:18|19|20)\d\d)(?:[)\]]|[;,][^)\]]*[)\]]?)")
_SUBTITLE = re.compile(r"[ \t]*(?::|[ \t][–—-][ \t])[ \t]*")
_BYLINE = re.compile(
    r"(?i)^(?:posted|published|filed|written|reviewed|updated|words|review)\b[^\n]{0,40}\bby\b|^by[ \t]+[A-Z]"
    r"|^(?:posted|published|updated)[ \t]+(?:on[ \t]+)?\d|\b(?:posted|published)[ \t]+(?:on|in)\b|·[^\n]*·"
    r"|\b\d+[ \t]+min(?:ute)?s?[ \t]+read\b"
)


def strip_title(text: str, start: int, end: int) -> tuple[int, int, tuple[int, int] | None]:
    """The title's span inside a headline at [start, end), and the span of the year it gives, if any."""
    start, end = _strip(text, start, end)
    year: tuple[int, int] | None = None
    for _ in range(3):
        before = (start, end)
        numbering = _NUMBERING.match(text, start, end)
        if numbering and numbering.end() < end and not text[start:end].rstrip().isdigit():
            start = numbering.end()
        prefix = _PREFIX.match(text, start, end)
        if prefix and prefix.end() < end:
            start = prefix.end()
        site = _SITE.search(text, start, end)
        if site and site.start() > start:
            end = site.start()
        found = _YEAR.search(text, start, end)
        if found and found.start() > start:
            year = found.span("year")
            end = found.start()
        suffix = _SUFFIX.search(text, start, end)
        if suffix and suffix.start() > start:
            end = suffix.start()
        start, end = _strip(text, start, end)
        if (start, end) == before:
            break
    return start, end, year


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def settle_subtitle(text: str, start: int, end: int, body: str) -> int:
    """The end of the title: before a subtitle the body never uses, when it uses the part before.

    `body` is the document's text after the headline, folded.
    """
    title = text[start:end]
    cut = _SUBTITLE.search(title)
    if cut is None or cut.start() == 0:
        return end
    full, base = fold_key(title), fold_key(title[: cut.start()])
    body = f" {body} "
    if not base or f" {full} " in body:
        return end
    if f" {base} " in body:
        return start + cut.start()
    return end


def is_byline(line: str) -> bool:
    """A byline or post metadata line ("Posted by A · 2 March 2024 · Grade: B")."""
    return bool(_BYLINE.search(line.strip(_EDGE)))

"""Extraction precision and recall on the evaluation corpus (bench/eval, see its README).

    .venv/bin/python bench/extraction.py [--half tune|test|all] [--quiet] [--show-held-out] [FOLDER ...]

For each half, every document goes through the real ingest pipeline
(`ingest_texts`, the whole half at once, as the bot reads its data folder, so a
surname may be completed from another document about the same film); the
claims each document produced are compared with its gold file. Prints
precision and recall per field and per style, then every wrong fact with the
text it was read from and every missed fact (skipped with --quiet). For the
held-out test half only the scores are printed unless --show-held-out: its
wrong facts quote its documents, which nobody tuning the extractor reads.

Matching: the title is the film's main title after case and punctuation
folding; cast pairs actor and character (a gold actor without a character
matches the actor with any character, and a predicted actor without a
character counts as right when the actor is in the gold); crew is (job, name);
names are folded (case, accents, punctuation). Crew jobs outside the README's
list are shown as unjudged, not counted.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import model as m
from bot.ingest.pipeline import ingest_texts
from bot.text import fold as _fold

EVAL = Path(__file__).resolve().parent / "eval"
FIELDS = (
    m.TITLE,
    m.YEAR,
    m.RELEASE_DATE,
    m.RUNTIME,
    m.GENRE,
    m.COUNTRY,
    m.DIRECTOR,
    m.CAST,
    m.CREW,
    m.TAGLINE,
    m.RATING,
)
JOBS = frozenset(
    {
        "writer",
        "cinematographer",
        "composer",
        "editor",
        "producer",
        "production designer",
        "costume designer",
        "stunt coordinator",
        "visual effects supervisor",
        "casting director",
    }
)


def fold(text: object) -> str:
    return _fold(str(text)).strip()


_RANKS = tuple(
    f"{rank} "
    for rank in "dr doctor professor prof captain capt major sheriff detective mr mrs lieutenant lt agent sergeant"
    " sgt colonel inspector officer signor".split()
)


def fold_role(text: str | None) -> str:
    """A character folded; a leading title ("Dr. Alan Grant") is part of how it is written, not who it is."""
    role = fold(text or "").removeprefix("the ")
    for rank in _RANKS:
        if role.startswith(rank) and len(role) > len(rank):
            return role[len(rank) :]
    return role


def fold_rating(text: object) -> str:
    return str(text).replace(" ", "").lower()


def same_cast(gold: tuple[str, ...], predicted: tuple[str, ...]) -> bool:
    """One actor, and characters of which one is the other's first or last words ("Deckard", "Rick Deckard")."""
    if gold[0] != predicted[0] or not gold[1] or not predicted[1]:
        return False
    a, b = sorted((gold[1].split(), predicted[1].split()), key=len)
    return a == b[: len(a)] or a == b[-len(a) :]


@dataclass(frozen=True, slots=True)
class Fact:
    field: str
    key: tuple[str, ...]  # folded, for matching
    shown: str  # as written, for the report


@dataclass(slots=True)
class Tally:
    right: int = 0  # predicted and in the gold
    wrong: int = 0  # predicted, not in the gold
    found: int = 0  # gold facts found
    gold: int = 0

    def add(self, other: Tally) -> None:
        self.right += other.right
        self.wrong += other.wrong
        self.found += other.found
        self.gold += other.gold

    @property
    def precision(self) -> float | None:
        return self.right / (self.right + self.wrong) if self.right + self.wrong else None

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None


@dataclass(slots=True)
class Report:
    fields: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    styles: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    unjudged: list[str] = field(default_factory=list)
    documents: int = 0
    seconds: float = 0.0

    @property
    def total(self) -> Tally:
        total = Tally()
        for tally in self.fields.values():
            total.add(tally)
        return total


def gold_facts(facts: dict, film: str) -> list[Fact]:
    """The gold file's facts, one `Fact` each."""
    out = [Fact(m.TITLE, (fold(film),), film)]
    for name in (m.YEAR, m.RELEASE_DATE, m.RUNTIME):
        if facts.get(name) is not None:
            out.append(Fact(name, (fold(facts[name]),), str(facts[name])))
    for name in (m.GENRE, m.COUNTRY, m.DIRECTOR, m.TAGLINE):
        for value in facts.get(name) or []:
            out.append(Fact(name, (fold(value),), str(value)))
    for value in facts.get(m.RATING) or []:
        out.append(Fact(m.RATING, (fold_rating(value),), str(value)))
    for entry in facts.get(m.CAST) or []:
        character = entry.get("character")
        shown = f"{entry['actor']} as {character}" if character else str(entry["actor"])
        out.append(Fact(m.CAST, (fold(entry["actor"]), fold_role(character)), shown))
    for entry in facts.get(m.CREW) or []:
        out.append(Fact(m.CREW, (entry["job"], fold(entry["name"])), f"{entry['job']}: {entry['name']}"))
    return out


def predicted_facts(claims: list[m.Claim], title: str | None) -> list[tuple[Fact, m.Claim | None]]:
    out: list[tuple[Fact, m.Claim | None]] = []
    seen: set[Fact] = set()

    def put(fact: Fact, claim: m.Claim | None) -> None:
        if fact not in seen:
            seen.add(fact)
            out.append((fact, claim))

    if title:
        source = next((c for c in claims if c.field == m.TITLE), None)
        put(Fact(m.TITLE, (fold(title),), title), source)
    for claim in claims:
        if claim.field in (m.YEAR, m.RELEASE_DATE, m.RUNTIME, m.GENRE, m.COUNTRY, m.TAGLINE):
            put(Fact(claim.field, (fold(claim.value),), claim.value), claim)
        elif claim.field == m.RATING:
            put(Fact(m.RATING, (fold_rating(claim.value),), claim.value), claim)
        elif claim.field == m.DIRECTOR:
            put(Fact(m.DIRECTOR, (fold(claim.person or claim.value),), claim.person or claim.value), claim)
        elif claim.field == m.CAST:
            actor = claim.person or claim.value
            shown = f"{actor} as {claim.role}" if claim.role else actor
            put(Fact(m.CAST, (fold(actor), fold_role(claim.role)), shown), claim)
        elif claim.field == m.CREW:
            name = claim.person or claim.value
            put(Fact(m.CREW, (claim.role or "", fold(name)), f"{claim.role}: {name}"), claim)
    return out


def score_document(name: str, text: str, gold: dict, claims: list[m.Claim], title: str | None, report: Report) -> None:
    style = str(gold.get("style", "?"))
    expected = gold_facts(gold.get("facts") or {}, str(gold.get("film", "")))
    predicted = predicted_facts(claims, title)
    cast_actors = {fact.key[0] for fact in expected if fact.field == m.CAST}
    gold_keys = {(fact.field, fact.key) for fact in expected}
    style_tally = report.styles[style]
    for fact, claim in predicted:
        if fact.field == m.CREW and fact.key[0] not in JOBS:
            report.unjudged.append(f"{name}: crew {fact.shown}")
            continue
        tally = report.fields[fact.field]
        ok = (fact.field, fact.key) in gold_keys
        if not ok and fact.field == m.CAST and not fact.key[1]:
            ok = fact.key[0] in cast_actors  # an actor named without the character gold gives
        if not ok and fact.field == m.CAST and fact.key[1]:
            ok = any(g.field == m.CAST and same_cast(g.key, fact.key) for g in expected)
        if ok:
            tally.right += 1
            style_tally.right += 1
            continue
        tally.wrong += 1
        style_tally.wrong += 1
        quoted = ""
        if claim is not None and claim.source.document == name:
            quoted = " ".join(text[claim.source.start : claim.source.end].split())
            quoted = quoted if len(quoted) <= 160 else quoted[:157] + "..."
        report.wrong.append(f"{name}: {fact.field} {fact.shown!r} from {quoted!r}")
    for fact in expected:
        tally = report.fields[fact.field]
        tally.gold += 1
        style_tally.gold += 1
        hit = any(
            p.field == fact.field
            and (
                p.key == fact.key
                or (fact.field == m.CAST and not fact.key[1] and p.key[0] == fact.key[0])
                or (fact.field == m.CAST and fact.key[1] and same_cast(fact.key, p.key))
            )
            for p, _ in predicted
        )
        if hit:
            tally.found += 1
            style_tally.found += 1
        else:
            report.missed.append(f"{name}: {fact.field} {fact.shown!r}")


def load_half(folder: Path) -> list[tuple[str, str, dict]]:
    """(document name, text, gold) for every document with a gold file."""
    docs = []
    for gold_path in sorted(folder.glob("*.gold.yaml")):
        stem = gold_path.name.removesuffix(".gold.yaml")
        matches = [p for p in folder.iterdir() if p.stem == stem and p.suffix in (".md", ".txt")]
        if not matches:
            continue
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8")) or {}
        docs.append((matches[0].name, matches[0].read_text(encoding="utf-8"), gold))
    return docs


def evaluate(folder: Path) -> Report:
    docs = load_half(folder)
    report = Report(documents=len(docs))
    start = time.perf_counter()
    result = ingest_texts([(name, text) for name, text, _ in docs])
    report.seconds = time.perf_counter() - start
    by_document: dict[str, list[m.Claim]] = defaultdict(list)
    titles: dict[str, str] = {}
    for film in result.films:
        for claim in film.claims:
            by_document[claim.source.document].append(claim)
            if claim.field == m.TITLE:
                titles.setdefault(claim.source.document, claim.value)
    for name, text, gold in docs:
        score_document(name, text, gold, by_document.get(name, []), titles.get(name), report)
    for problem in result.problems:
        report.unjudged.append(f"{problem.name}: not ingested ({problem.reason})")
    return report


def percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:5.1f}%"


def print_table(title: str, rows: dict[str, Tally]) -> None:
    print(f"\n{title}")
    print(f"{'':<22} {'precision':>10} {'recall':>8} {'right':>6} {'wrong':>6} {'found':>6} {'gold':>5}")
    for key in sorted(rows, key=lambda k: (k not in FIELDS, FIELDS.index(k) if k in FIELDS else 0, k)):
        t = rows[key]
        counts = f"{t.right:>6} {t.wrong:>6} {t.found:>6} {t.gold:>5}"
        print(f"{key:<22} {percent(t.precision):>10} {percent(t.recall):>8} {counts}")


def print_report(label: str, report: Report, *, quiet: bool) -> None:
    total = report.total
    print(f"\n=== {label}: {report.documents} documents, {report.seconds * 1000:.0f} ms")
    print(
        f"all fields: precision {percent(total.precision)} ({total.right}/{total.right + total.wrong}),"
        f" recall {percent(total.recall)} ({total.found}/{total.gold})"
    )
    not_read = sum(1 for line in report.unjudged if "not ingested" in line)
    if not_read:
        print(f"documents not ingested: {not_read}")
    print_table("per field", report.fields)
    print_table("per style", report.styles)
    if quiet:
        return
    print(f"\nwrong facts ({len(report.wrong)}):")
    for line in report.wrong:
        print("  " + line)
    print(f"\nmissed facts ({len(report.missed)}):")
    for line in report.missed:
        print("  " + line)
    if report.unjudged:
        print(f"\nunjudged ({len(report.unjudged)}):")
        for line in report.unjudged:
            print("  " + line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--half", choices=("tune", "test", "all"), default="all")
    parser.add_argument("--quiet", action="store_true", help="scores only: no wrong or missed facts")
    parser.add_argument(
        "--show-held-out", action="store_true", help="list the test half's wrong and missed facts too (quotes it)"
    )
    parser.add_argument("folders", nargs="*", type=Path, help="other folders in the corpus format")
    args = parser.parse_args(argv)
    folders = args.folders or [EVAL / half for half in (("tune", "test") if args.half == "all" else (args.half,))]
    for folder in folders:
        if not folder.is_dir():
            print(f"\n=== {folder}: not found")
            continue
        # The held-out half's documents are never shown: its wrong and missed facts quote them.
        quiet = args.quiet or (folder.resolve() == (EVAL / "test").resolve() and not args.show_held_out)
        print_report(folder.name, evaluate(folder), quiet=quiet)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

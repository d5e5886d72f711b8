"""A generator of review documents about invented films, in the three styles
of the bundled corpus (header lines, prose only, sections under headings).

Used by the benchmarks and by tests that need a large corpus. Deterministic
for a given seed. Names are built from syllables, so no real film or person
appears and the extractor cannot lean on anything it has seen.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

SYLLABLES = "ka lo mi ra ten vor sel an dru bel ia no pe tra quin sa dor ell ma rin tho gul ve ost ur".split()
FIRST = "Mara Tomas Ilse Ravi Noor Jonah Petra Elio Sana Viktor Lena Oskar Amara Felix Ines Dario".split()
GENRES = "Drama Thriller Comedy Action Horror Romance Mystery Adventure Fantasy Crime".split()
MONTHS = "January February March April May June July August September October November December".split()
JOBS = ("cinematographer", "composer", "editor", "stunt coordinator", "production designer")
TITLE_WORDS = "Silent Harbour Glass Orchard Lantern Winter Copper Crown Hollow River Ember Tide Paper Moon".split()
FILLER = (
    "The pacing is deliberate, letting scenes breathe before the storm arrives. "
    "Every frame feels considered, from the muted palette to the careful blocking of each exchange. "
    "The second act loses some momentum, but the finale recovers it with real conviction. "
    "Its themes of memory, loyalty and loss are handled with a light but confident touch. "
)


def _word(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {_word(rng, rng.choice((2, 3)))}"


@dataclass(frozen=True, slots=True)
class GeneratedFilm:
    title: str
    year: int
    director: str
    cast: tuple[tuple[str, str], ...]  # (actor, character)
    crew: tuple[tuple[str, str], ...]  # (job, person)
    genres: tuple[str, ...]
    runtime: int
    tagline: str
    rating: int


def make_film(rng: random.Random, number: int) -> GeneratedFilm:
    title = f"{rng.choice(TITLE_WORDS)} {_word(rng)} {number}"
    return GeneratedFilm(
        title=title,
        year=rng.randint(1950, 2030),
        director=_person(rng),
        cast=tuple((_person(rng), _word(rng, 2)) for _ in range(rng.randint(3, 6))),
        crew=tuple((job, _person(rng)) for job in rng.sample(JOBS, 3)),
        genres=tuple(rng.sample(GENRES, 2)),
        runtime=rng.randint(80, 170),
        tagline=f"{rng.choice(TITLE_WORDS)} never {rng.choice(('sleeps', 'forgets', 'forgives', 'ends'))}.",
        rating=rng.randint(4, 10),
    )


def header_style(film: GeneratedFilm, rng: random.Random) -> str:
    hours, minutes = divmod(film.runtime, 60)
    lead, lead_role = film.cast[0]
    lines = [
        f"{film.title} ({film.year})",
        "",
        f"{film.tagline}",
        "",
        f"Genre: {' / '.join(film.genres)}",
        f"Director: {film.director}",
        f"Starring: {', '.join(actor for actor, _ in film.cast)}",
        f"Runtime: {hours}h {minutes}min",
        f"Release Date: {rng.choice(MONTHS)} {rng.randint(1, 28)}, {film.year}",
        "",
        f"{film.title} follows {lead_role}, a drifter with a past, through a season of reckoning. " + FILLER,
        f"{lead_role} ({lead}) carries the story with quiet force. " + FILLER,
    ]
    for actor, character in film.cast[1:]:
        lines.append(f"{actor} plays {character}, and the part fits like a glove. " + FILLER)
    for job, person in film.crew:
        lines.append(f"{job.capitalize()} {person} gives the film its distinctive texture. " + FILLER)
    lines += ["", f"Tagline: “{film.tagline}”"]
    return "\n\n".join(lines)


def prose_style(film: GeneratedFilm, rng: random.Random) -> str:
    lead, lead_role = film.cast[0]
    body = [
        f"{film.title} ({film.year}) is a {film.genres[0].lower()} {film.genres[1].lower()} "
        f"that follows the journey of {lead_role}, a woman with nothing left to lose. " + FILLER,
        f"Directed by {film.director}, the film never hurries. " + FILLER,
        f"{lead} stars as {lead_role}, and {lead.split()[-1]} is magnetic throughout. " + FILLER,
    ]
    for actor, character in film.cast[1:]:
        body.append(f"{actor} returns as {character} in a role that anchors the middle act. " + FILLER)
    job, person = film.crew[0]
    body.append(f"The {job} {person} deserves special mention. " + FILLER * 2)
    return "\n".join(body)


def sections_style(film: GeneratedFilm, rng: random.Random) -> str:
    lead, lead_role = film.cast[0]
    parts = [
        film.title,
        f"Genre: {', '.join(film.genres)}",
        f"Director: {film.director}",
        f"Cast: {', '.join(actor for actor, _ in film.cast)}",
        f"{film.title} is the latest from {film.director.split()[-1]}. " + FILLER,
        "Plot & Narrative Structure",
        FILLER * 2,
        "Performances & Characters",
        f"{lead} delivers a commanding performance as {lead_role}. " + FILLER,
        "Style & Technical Craft",
    ]
    for job, person in film.crew:
        parts.append(f"The {job} {person} shapes the mood with care. " + FILLER)
    parts += [
        "Strengths",
        "The central performance and the craft behind the camera. " + FILLER,
        "Weaknesses",
        "A sagging second act and an underwritten subplot. ",
        "Final Verdict",
        f"{film.title} is a confident, memorable piece of work. " + FILLER,
        "Rating",
        f"{film.rating}/10 – A confident film that lingers long after the credits.",
    ]
    return "\n".join(parts)


STYLES = (header_style, prose_style, sections_style)


def generate(count: int, seed: int = 7) -> Iterator[tuple[str, str]]:
    """(name, text) pairs: `count` documents, about count/2 films (most films get two reviews)."""
    rng = random.Random(seed)
    film: GeneratedFilm | None = None
    for number in range(count):
        if film is None or number % 2 == 0:
            film = make_film(rng, number)
        style = STYLES[number % 3]
        yield f"{number:06d}_{style.__name__}.txt", style(film, rng)

"""The film, person and character options: a typed name turned into what it names, with
autocomplete built in.

A command declares `title: FilmCard` (or `film: FilmTitle`, `name: PersonCredits`, ...)
and receives the resolved value: each is a discord.py Transformer, so the option
suggests names as the user types, and a name the catalog does not know raises the
not-found `UserError`, with the closest names to suggest, before the command runs
(the tree answers it privately, as any UserError). No cog resolves a name itself.

A film is named exactly (a slug, as autocomplete sends, or a title variant) through
`CatalogService.lookup_film`, the one resolution of titles. Reads (a film's card,
its cast, its reviews) also take the one film an obvious typo means, and say so
above the answer (`Picked.noted`); writes and games (a review, a trivia game, a
quote's film) take only the film the title names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

import discord
from discord import app_commands

from bot.app.toolkit import respond
from bot.app.toolkit.services import services_of
from bot.catalog.model import CharacterCredit, Film, FilmSummary, PersonCredit
from bot.errors import NotFoundError, UserError
from bot.render.errors import showing_for
from bot.render.payload import Reply

NAME_MIN, NAME_MAX = 1, 200  # characters of a typed title or name, as Discord's client enforces them
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Picked(Generic[T]):
    """What a name option resolved to, the text typed, and that text again when the
    value is the obvious match of a typo rather than an exact one."""

    value: T
    typed: str
    guessed_from: str | None = None

    def noted(self, reply: Reply, shown: str) -> Reply:
        """The reply, with "Showing <shown> for “<typed>”" above it when the name was guessed."""
        return reply if self.guessed_from is None else showing_for(reply, shown, self.guessed_from)


def _suggest(interaction: discord.Interaction[Any], kind: str, typed: str) -> list[app_commands.Choice[str]]:
    try:
        return respond.choices(services_of(interaction).catalog.autocomplete(kind, typed))
    except UserError as problem:
        return respond.refusal_choices(problem, typed)


async def film_names(interaction: discord.Interaction[Any], current: str) -> list[app_commands.Choice[str]]:
    """Film titles as the user types, for a film option that must stay text (one that can name
    a film no longer in the catalog, like /review remove's)."""
    return _suggest(interaction, "film", current)


class CatalogName(app_commands.Transformer):
    """A text option naming something of the catalog's `kind`, suggested as the user types."""

    kind: ClassVar[str]

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.string

    @property
    def min_value(self) -> int:
        return NAME_MIN

    @property
    def max_value(self) -> int:
        return NAME_MAX

    async def autocomplete(
        self, interaction: discord.Interaction[Any], value: int | float | str, /
    ) -> list[app_commands.Choice[Any]]:
        return [*_suggest(interaction, self.kind, str(value))]  # a text option's value is always text


class FilmOption(CatalogName):
    """A film for reading about it: the film the title names, or the one an obvious typo means
    (noted above the answer); its full card, read once."""

    kind = "film"

    async def transform(self, interaction: discord.Interaction[Any], value: str, /) -> Picked[Film]:
        catalog = services_of(interaction).catalog
        lookup = catalog.lookup_film(value, guess=True)
        film = await catalog.film(lookup.found.slug) if lookup.found is not None else None
        if film is None:
            raise NotFoundError("film", value, lookup.suggestions or catalog.suggest(value, "film"))
        return Picked(film, value, lookup.guessed_from)


class ExactFilmOption(CatalogName):
    """A film to act on (review it, play it, quote it): only the film the title names."""

    kind = "film"

    async def transform(self, interaction: discord.Interaction[Any], value: str, /) -> FilmSummary:
        lookup = services_of(interaction).catalog.lookup_film(value)
        if lookup.found is None:
            raise NotFoundError("film", value, lookup.suggestions)
        return lookup.found


class PersonOption(CatalogName):
    """A person and their credits: a full name, a surname only they have, or an obvious typo (noted)."""

    kind = "person"

    async def transform(
        self, interaction: discord.Interaction[Any], value: str, /
    ) -> Picked[tuple[str, tuple[PersonCredit, ...]]]:
        lookup = await services_of(interaction).catalog.person_credits(value)
        if lookup.found is None:
            raise NotFoundError("person", value, lookup.suggestions)
        return Picked(lookup.found, value, lookup.guessed_from)


class CharacterOption(CatalogName):
    """A character and who played them, in which film."""

    kind = "character"

    async def transform(
        self, interaction: discord.Interaction[Any], value: str, /
    ) -> Picked[tuple[CharacterCredit, ...]]:
        lookup = await services_of(interaction).catalog.character_credits(value)
        if lookup.found is None:
            raise NotFoundError("character", value, lookup.suggestions)
        return Picked(lookup.found, value, lookup.guessed_from)


# The annotations commands use (mypy sees the value; discord.py, the transformer).
FilmCard = app_commands.Transform[Picked[Film], FilmOption]
FilmTitle = app_commands.Transform[FilmSummary, ExactFilmOption]
PersonCredits = app_commands.Transform[Picked[tuple[str, tuple[PersonCredit, ...]]], PersonOption]
CharacterCredits = app_commands.Transform[Picked[tuple[CharacterCredit, ...]], CharacterOption]

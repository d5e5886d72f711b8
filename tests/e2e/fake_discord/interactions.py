"""An interaction the fake created, what the bot did with it, and the messages it got back."""

from __future__ import annotations

import copy
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .wire import EPHEMERAL
from .world import FakeUser

if TYPE_CHECKING:
    from .fake import FakeDiscord


@dataclass
class Reply:
    """A message the bot sent, with shortcuts for assertions."""

    message: dict[str, Any]

    @classmethod
    def of(cls, message: dict[str, Any]) -> Reply:
        """A snapshot: later edits of the message do not change this reply."""
        return cls(copy.deepcopy(message))

    @property
    def id(self) -> int:
        return int(self.message["id"])

    @property
    def content(self) -> str:
        return self.message.get("content") or ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.message.get("embeds") or []

    @property
    def components(self) -> list[dict[str, Any]]:
        return self.message.get("components") or []

    @property
    def ephemeral(self) -> bool:
        return bool(int(self.message.get("flags") or 0) & EPHEMERAL)

    @property
    def text(self) -> str:
        """Everything a reader sees: content, embed texts, component labels and text displays."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [embed.get("title", ""), embed.get("description", "")]
            parts += [embed.get("author", {}).get("name", ""), embed.get("footer", {}).get("text", "")]
            for f in embed.get("fields", []):
                parts += [f.get("name", ""), f.get("value", "")]
        parts += [c.get("label") or c.get("content") or "" for c in _walk_components(self.components)]
        return "\n".join(p for p in parts if p)

    def custom_ids(self) -> list[str]:
        return [c["custom_id"] for c in _walk_components(self.components) if "custom_id" in c]

    def button(self, label: str) -> dict[str, Any]:
        """The first button whose label contains `label` (case-insensitive)."""
        for c in _walk_components(self.components):
            if c.get("type") == 2 and label.lower() in (c.get("label") or "").lower():
                return c
        raise LookupError(f"no button labelled {label!r} in {self.custom_ids()}")


def _walk_components(components: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for component in components:
        yield component
        yield from _walk_components(component.get("components") or [])
        if isinstance(component.get("component"), dict):  # a label (type 18) holds one component
            yield from _walk_components([component["component"]])
        if isinstance(component.get("accessory"), dict):
            yield component["accessory"]


class Interaction:
    """One interaction the fake created, and everything the bot did with it."""

    def __init__(self, fake: FakeDiscord, payload: dict[str, Any], user: FakeUser) -> None:
        self.fake = fake
        self.payload = payload
        self.user = user
        self.id = int(payload["id"])
        self.token: str = payload["token"]
        self.type: int = payload["type"]
        self.created = time.perf_counter()
        self.callback: dict[str, Any] | None = None
        self.callback_at: float | None = None
        self.rejected: list[tuple[int, int]] = []  # (status, code) of refused callbacks
        self.original_message_id: int | None = None
        self.followups: list[dict[str, Any]] = []
        self.edits: list[dict[str, Any]] = []

    @property
    def latency(self) -> float | None:
        """Seconds from injection to the bot's callback."""
        return None if self.callback_at is None else self.callback_at - self.created

    @property
    def outcome(self) -> str:
        """What became of it: `answered` (one accepted callback, plus the answer if it was deferred),
        `refused` (a callback came too late or twice), `deferred` (deferred, no answer yet) or
        `unanswered` (no callback yet)."""
        if self.rejected:
            return "refused"
        if self.callback is None:
            return "unanswered"
        if self.callback.get("type") == 5 and not (self.edits or self.followups):
            return "deferred"
        return "answered"

    async def wait_callback(self, within: float = 5.0) -> dict[str, Any]:
        """The interaction response body ({"type", "data"})."""
        try:
            await self.fake.wait_until(lambda: self.callback is not None, within, f"callback for {self.describe()}")
        except TimeoutError as timeout:
            raise TimeoutError(f"{timeout}; refused callbacks (status, code): {self.rejected}") from None
        assert self.callback is not None
        return self.callback

    async def wait_followups(self, count: int = 1, within: float = 5.0) -> list[dict[str, Any]]:
        await self.fake.wait_until(lambda: len(self.followups) >= count, within, f"{count} follow-ups")
        return self.followups

    async def wait_edits(self, count: int = 1, within: float = 5.0) -> list[dict[str, Any]]:
        await self.fake.wait_until(lambda: len(self.edits) >= count, within, f"{count} edits of @original")
        return self.edits

    async def reply(self, within: float = 5.0) -> Reply:
        """The first visible answer: the message of the callback, or the edit that fills a deferral."""
        callback = await self.wait_callback(within)
        if callback["type"] in (4, 7):
            return Reply.of(self.fake.messages[self.original_message_id or 0])
        if callback["type"] in (5, 6):
            # Deferred: the answer is the first edit of @original or the first follow-up.
            await self.fake.wait_until(lambda: self.edits or self.followups, within, "the deferred answer")
            if self.edits:
                return Reply.of(self.fake.messages[self.original_message_id or 0])
            return Reply.of(self.followups[0])
        raise AssertionError(f"callback type {callback['type']} has no message: {callback}")

    def describe(self) -> str:
        data = self.payload.get("data", {})
        return f"interaction {self.id} ({data.get('name') or data.get('custom_id')})"

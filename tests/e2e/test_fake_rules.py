"""The fake itself: it must refuse what Discord refuses, or the e2e tests prove nothing.

These talk to the fake with a bare aiohttp client (no bot), in Discord's wire format.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from tests.e2e.fake_discord import FakeDiscord

HELP = {"name": "help", "description": "What filmbot can do", "type": 1}


def command(*options: dict[str, Any]) -> dict[str, Any]:
    return {"name": "film", "description": "Films", "type": 1, "options": list(options)}


def option(name: str, required: bool = False, **extra: Any) -> dict[str, Any]:
    return {"type": 3, "name": name, "description": name.title(), "required": required, **extra}


class Client:
    """Just enough of a bot to drive the fake: REST with the bot token, and a gateway session."""

    def __init__(self, fake: FakeDiscord, session: aiohttp.ClientSession) -> None:
        self.fake, self.session = fake, session
        self.headers = {"Authorization": f"Bot {fake.token}"}

    async def call(self, method: str, path: str, body: Any = None, auth: bool = True) -> tuple[int, Any]:
        async with self.session.request(
            method, self.fake.api_base + path, json=body, headers=self.headers if auth else {}
        ) as response:
            if response.status == 204:
                return 204, None
            assert response.headers["Content-Type"] == "application/json"
            return response.status, await response.json()

    async def register(self, *commands: dict[str, Any]) -> tuple[int, Any]:
        return await self.call("PUT", f"/applications/{self.fake.application_id}/commands", list(commands))

    async def identify(self, token: str | None = None, intents: int = 1) -> aiohttp.ClientWebSocketResponse:
        ws = await self.session.ws_connect(self.fake.gateway_url + "?v=10&encoding=json")
        hello = await ws.receive_json()
        assert hello["op"] == 10
        await ws.send_json({"op": 2, "d": {"token": token or self.fake.token, "intents": intents, "properties": {}}})
        return ws

    async def respond(self, interaction_id: int, token: str, body: dict[str, Any]) -> tuple[int, Any]:
        return await self.call("POST", f"/interactions/{interaction_id}/{token}/callback?with_response=1", body, False)


@pytest_asyncio.fixture(loop_scope="session")
async def client() -> AsyncIterator[Client]:
    async with FakeDiscord() as fake, aiohttp.ClientSession() as session:
        yield Client(fake, session)


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        (command(option("year"), option("title", required=True)), "required"),
        (command(option("title", choices=[{"name": str(n), "value": str(n)} for n in range(26)])), "choices"),
        (command(option("title", autocomplete=True, choices=[{"name": "a", "value": "a"}])), "autocomplete"),
        ({**HELP, "name": "Help"}, "name"),
        ({**HELP, "description": ""}, "description"),
        (command({"type": 1, "name": "info", "description": "Info"}, option("title")), "mixed"),
    ],
    ids=["required-after-optional", "26-choices", "choices-and-autocomplete", "uppercase", "no-description", "mixed"],
)
async def test_schema_rules(client: Client, bad: dict[str, Any], problem: str) -> None:
    status, body = await client.register(HELP, bad)
    assert status == 400, problem
    assert body["code"] == 50035
    assert client.fake.commands == {}


async def test_registration_is_read_back_with_stable_ids(client: Client) -> None:
    status, first = await client.register(HELP, command(option("title", required=True, autocomplete=True)))
    assert status == 200
    _, second = await client.register(HELP)
    _, listed = await client.call("GET", f"/applications/{client.fake.application_id}/commands")
    assert [c["name"] for c in listed] == ["help"]
    assert second[0]["id"] == first[0]["id"]


async def test_bot_routes_need_the_token(client: Client) -> None:
    status, body = await client.call("GET", "/users/@me", auth=False)
    assert (status, body["code"]) == (401, 0)


async def test_gateway_refuses_bad_tokens_and_privileged_intents(client: Client) -> None:
    ws = await client.identify(token="not-the-token")
    await ws.receive()
    assert ws.close_code == 4004
    ws = await client.identify(intents=1 | (1 << 15))  # message content
    await ws.receive()
    assert ws.close_code == 4014


async def test_interaction_rules(client: Client) -> None:
    fake = client.fake
    await client.register(HELP)
    ws = await client.identify()
    ready = await ws.receive_json()
    assert ready["t"] == "READY"
    assert ready["d"]["resume_gateway_url"].startswith(fake.gateway_url)
    assert (await ws.receive_json())["t"] == "GUILD_CREATE"

    interaction = await fake.send_command("help")
    event = await ws.receive_json()
    assert (event["t"], event["d"]["id"]) == ("INTERACTION_CREATE", str(interaction.id))
    ident, token = interaction.id, interaction.token

    followup = f"/webhooks/{fake.application_id}/{token}?wait=true"
    assert (await client.call("POST", followup, {"content": "early"}, False))[1]["code"] == 10015
    assert (await client.respond(ident, token, {"type": 4, "data": {"content": ""}}))[1]["code"] == 50006
    assert (await client.respond(ident, token, {"type": 4, "data": {"content": "x" * 2001}}))[1]["code"] == 50035

    status, body = await client.respond(ident, token, {"type": 4, "data": {"content": "hi", "flags": 64}})
    assert status == 200
    assert body["interaction"]["response_message_ephemeral"] is True
    assert body["resource"]["message"]["content"] == "hi"
    assert (await client.respond(ident, token, {"type": 4, "data": {"content": "again"}}))[1]["code"] == 40060
    assert (await client.call("POST", followup, {"content": "later"}, False))[0] == 200
    assert interaction.rejected == [(400, 50006), (400, 50035), (400, 40060)]
    assert len(interaction.followups) == 1

    original = f"/webhooks/{fake.application_id}/{token}/messages/@original"
    assert (await client.call("PATCH", original, {"content": "edited"}, False))[1]["content"] == "edited"
    assert (await client.call("GET", original, auth=False))[1]["content"] == "edited"
    assert interaction.edits == [{"content": "edited"}]
    assert (await client.call("DELETE", original, auth=False))[0] == 204
    assert (await client.call("GET", original, auth=False))[1]["code"] == 10008

    late = await fake.send_command("help")
    late.created -= 3.1  # as if the bot took too long
    status, body = await client.respond(late.id, late.token, {"type": 4, "data": {"content": "late"}})
    assert (status, body["code"]) == (404, 10062)
    await ws.close()


async def test_resume_of_an_unknown_session_is_invalid(client: Client) -> None:
    ws = await client.session.ws_connect(client.fake.gateway_url + "?v=10&encoding=json")
    await ws.receive_json()
    await ws.send_str(json.dumps({"op": 6, "d": {"token": client.fake.token, "session_id": "nope", "seq": 3}}))
    assert await ws.receive_json() == {"op": 9, "d": False}
    await ws.close()


async def test_channel_messages(client: Client) -> None:
    messages = f"/channels/{client.fake.channel_id}/messages"
    status, sent = await client.call("POST", messages, {"content": "hello"})
    assert status == 200
    one = f"{messages}/{sent['id']}"
    assert (await client.call("PATCH", one, {"embeds": [{"title": "t"}]}))[1]["embeds"] == [{"title": "t"}]
    assert (await client.call("GET", one))[1]["content"] == "hello"
    assert (await client.call("DELETE", one))[0] == 204
    assert (await client.call("GET", one))[1]["code"] == 10008
    assert (await client.call("POST", messages, {"content": ""}))[1]["code"] == 50006
    assert (await client.call("POST", "/channels/1/messages", {"content": "x"}))[1]["code"] == 10003

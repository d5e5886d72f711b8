"""Discord's rules a bot most often breaks: message, modal, choice and command schema limits; request bodies."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiohttp import web

from .wire import (
    API_PREFIX,
    CHAT_INPUT_NAME,
    COMPONENTS_V2,
    INTEGER,
    NUMBER,
    STRING,
    SUB_COMMAND,
    SUB_COMMAND_GROUP,
    DiscordError,
    _loads,
    invalid_form,
)


def _check_modal(data: Mapping[str, Any]) -> dict[str, str]:
    """Discord's rules for a modal (callback type 9): a title, a custom_id, 1 to 5 text inputs."""
    errors: dict[str, str] = {}
    if not 1 <= len(str(data.get("title") or "")) <= 45:
        errors["data.title"] = "Must be between 1 and 45 in length."
    if not 1 <= len(str(data.get("custom_id") or "")) <= 100:
        errors["data.custom_id"] = "Must be between 1 and 100 in length."
    rows = data.get("components") or []
    if not 1 <= len(rows) <= 5:
        errors["data.components"] = "Must be between 1 and 5 in length."
    for i, row in enumerate(rows):
        children = (row.get("components") or []) if row.get("type") == 1 else [row.get("component") or {}]
        label = row.get("label") if row.get("type") == 18 else None
        for item in children:
            where = f"data.components.{i}"
            if item.get("type") != 4:
                errors[where] = "A modal holds text inputs only."
                continue
            text = label if label is not None else item.get("label")
            if not 1 <= len(str(text or "")) <= 45:
                errors[f"{where}.label"] = "Must be between 1 and 45 in length."
            if len(str(item.get("placeholder") or "")) > 100:
                errors[f"{where}.placeholder"] = "Must be 100 or fewer in length."
            if not 0 <= int(item.get("min_length") or 0) <= int(item.get("max_length") or 4000) <= 4000:
                errors[f"{where}.max_length"] = "Must be between min_length and 4000."
            if item.get("style", 1) not in (1, 2):
                errors[f"{where}.style"] = "Must be 1 (short) or 2 (paragraph)."
            if not 1 <= len(str(item.get("custom_id") or "")) <= 100:
                errors[f"{where}.custom_id"] = "Must be between 1 and 100 in length."
    return errors


def _needs_auth(canonical: str) -> bool:
    """Bot-token routes: everything under the API but interaction callbacks, webhooks and GET /gateway."""
    if not canonical.startswith(API_PREFIX):
        return False
    path = canonical.removeprefix(API_PREFIX)
    return path == "/gateway/bot" or not path.startswith(("/interactions/", "/webhooks/", "/gateway"))


async def _read_body(request: web.Request) -> Any:
    if request.content_type == "application/json":
        raw = await request.read()
        return _loads(raw) if raw else None
    if request.content_type.startswith("multipart/"):
        parts: dict[str, Any] = {"files": []}
        reader = await request.multipart()
        async for part in reader:
            if part.name == "payload_json":  # type: ignore[union-attr]
                parts["payload_json"] = json.loads(await part.text())  # type: ignore[union-attr]
            else:
                parts["files"].append({"name": part.name, "filename": part.filename, "size": len(await part.read())})  # type: ignore[union-attr]
        return parts
    raw = await request.read()
    return raw.decode(errors="replace") or None


def _payload_json(body: Any) -> dict[str, Any]:
    """The JSON part of a plain or multipart body."""
    if isinstance(body, dict) and "payload_json" in body:
        return {**body["payload_json"], "_files": body["files"]}
    return body if isinstance(body, dict) else {}


def _apply_message_body(message: dict[str, Any], body: Mapping[str, Any]) -> None:
    """Fields present in `body` replace the message's; null clears them."""
    for key, empty in (("content", ""), ("embeds", []), ("components", []), ("attachments", [])):
        if key in body:
            message[key] = body[key] if body[key] is not None else empty
    for key in ("allowed_mentions", "poll"):
        if body.get(key) is not None:
            message[key] = body[key]
    if body.get("_files"):
        message["attachments"] = [
            {"id": str(i), "filename": f["filename"], "size": f["size"], "url": "", "proxy_url": ""}
            for i, f in enumerate(body["_files"])
        ]


def _check_message(body: Mapping[str, Any], *, creating: bool) -> None:
    """Discord's message limits; creating an empty message is error 50006."""
    errors: dict[str, str] = {}
    content = body.get("content") or ""
    if len(content) > 2000:
        errors["content"] = "Must be 2000 or fewer in length."
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        errors["embeds"] = "Must be 10 or fewer in length."
    total = 0
    for i, embed in enumerate(embeds):
        for key, limit in (("title", 256), ("description", 4096)):
            total += len(embed.get(key) or "")
            if len(embed.get(key) or "") > limit:
                errors[f"embeds.{i}.{key}"] = f"Must be {limit} or fewer in length."
        for key, sub, limit in (("author", "name", 256), ("footer", "text", 2048)):
            text = (embed.get(key) or {}).get(sub) or ""
            total += len(text)
            if len(text) > limit:
                errors[f"embeds.{i}.{key}.{sub}"] = f"Must be {limit} or fewer in length."
        fields = embed.get("fields") or []
        if len(fields) > 25:
            errors[f"embeds.{i}.fields"] = "Must be 25 or fewer in length."
        for j, f in enumerate(fields):
            name, value = f.get("name") or "", f.get("value") or ""
            total += len(name) + len(value)
            if not 1 <= len(name) <= 256:
                errors[f"embeds.{i}.fields.{j}.name"] = "Must be between 1 and 256 in length."
            if not 1 <= len(value) <= 1024:
                errors[f"embeds.{i}.fields.{j}.value"] = "Must be between 1 and 1024 in length."
    if total > 6000:
        errors["embeds"] = "Embed size exceeds maximum size of 6000"
    components = body.get("components") or []
    if not int(body.get("flags") or 0) & COMPONENTS_V2:
        errors.update(_check_action_rows(components))
    if errors:
        raise invalid_form(errors)
    visible = content or embeds or components or body.get("_files") or body.get("poll") or body.get("sticker_ids")
    if creating and not visible:
        raise DiscordError(400, 50006, "Cannot send an empty message")


def _check_action_rows(rows: list[dict[str, Any]]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if len(rows) > 5:
        errors["components"] = "Must be 5 or fewer in length."
    seen: set[str] = set()
    for i, row in enumerate(rows):
        children = row.get("components") or []
        if row.get("type") != 1 or not 1 <= len(children) <= 5:
            errors[f"components.{i}"] = "An action row holds 1 to 5 components."
        selects = [c for c in children if c.get("type") in (3, 5, 6, 7, 8)]
        if selects and len(children) > 1:
            errors[f"components.{i}"] = "A select menu must be alone in its row."
        for j, child in enumerate(children):
            custom_id = child.get("custom_id")
            if child.get("type") == 2 and child.get("style") == 5:
                if custom_id or not child.get("url"):
                    errors[f"components.{i}.components.{j}"] = "A link button has a url and no custom_id."
                continue
            if not custom_id or len(custom_id) > 100:
                errors[f"components.{i}.components.{j}.custom_id"] = "Must be between 1 and 100 in length."
            elif custom_id in seen:
                errors[f"components.{i}.components.{j}.custom_id"] = "Component custom id cannot be duplicated"
            seen.add(custom_id or "")
            if len(child.get("label") or "") > 80:
                errors[f"components.{i}.components.{j}.label"] = "Must be 80 or fewer in length."
    return errors


def _check_choices(choices: Any) -> dict[str, str]:
    if not isinstance(choices, list):
        return {"choices": "Autocomplete responses need a list of choices."}
    errors: dict[str, str] = {}
    if len(choices) > 25:
        errors["choices"] = "Must be 25 or fewer in length."
    for i, choice in enumerate(choices):
        if not 1 <= len(str(choice.get("name", ""))) <= 100:
            errors[f"choices.{i}.name"] = "Must be between 1 and 100 in length."
        value = choice.get("value")
        if isinstance(value, str) and not 1 <= len(value) <= 100:
            errors[f"choices.{i}.value"] = "Must be between 1 and 100 in length."
    return errors


def validate_commands(commands: list[dict[str, Any]]) -> dict[str, str]:
    """Discord's application command rules, as flat "path": "problem" errors."""
    errors: dict[str, str] = {}
    seen: set[tuple[int, str]] = set()
    counts = {1: 0, 2: 0, 3: 0}
    for i, command in enumerate(commands):
        kind = command.get("type", 1)
        counts[kind] = counts.get(kind, 0) + 1
        name = command.get("name", "")
        if (kind, name) in seen:
            errors[f"{i}.name"] = "Application command names must be unique"
        seen.add((kind, name))
        if kind == 1:
            _check_name_and_description(command, f"{i}", errors)
            _check_options(command.get("options") or [], f"{i}.options", errors, "command")
            if _command_size(command) > 4000:
                errors[f"{i}"] = "Command exceeds maximum size (4000)"
        elif not 1 <= len(name) <= 32 or command.get("description"):
            errors[f"{i}.name"] = "Context menu commands need a 1-32 character name and no description."
    if counts[1] > 100:
        errors["_"] = "Maximum number of chat input commands reached (100)."
    if counts.get(2, 0) > 5 or counts.get(3, 0) > 5:
        errors["_"] = "Maximum number of context menu commands reached (5)."
    return errors


def _check_name_and_description(item: Mapping[str, Any], path: str, errors: dict[str, str]) -> None:
    name = item.get("name", "")
    if not CHAT_INPUT_NAME.match(name) or name != name.lower():
        errors[f"{path}.name"] = f"Invalid name {name!r}: 1-32 lowercase letters, digits, - _ '"
    if not 1 <= len(item.get("description") or "") <= 100:
        errors[f"{path}.description"] = "Must be between 1 and 100 in length."


def _check_options(options: list[dict[str, Any]], path: str, errors: dict[str, str], level: str) -> None:
    """`level` is "command", "group" (holds subcommands only) or "subcommand" (holds values only)."""
    if len(options) > 25:
        errors[path] = "Must be 25 or fewer in length."
    kinds = {o.get("type") for o in options}
    nested = kinds & {SUB_COMMAND, SUB_COMMAND_GROUP}
    if nested and kinds - nested:
        errors[path] = "Subcommands cannot be mixed with other options."
    if level == "group" and kinds - {SUB_COMMAND}:
        errors[path] = "A subcommand group holds only subcommands."
    if level == "subcommand" and nested:
        errors[path] = "Subcommands cannot be nested this deep."
    names: set[str] = set()
    optional_seen = False
    for i, option in enumerate(options):
        here = f"{path}.{i}"
        kind = option.get("type")
        _check_name_and_description(option, here, errors)
        if option.get("name") in names:
            errors[f"{here}.name"] = "Option names must be unique"
        names.add(option.get("name", ""))
        if kind in (SUB_COMMAND, SUB_COMMAND_GROUP):
            inner_level = "group" if kind == SUB_COMMAND_GROUP else "subcommand"
            _check_options(option.get("options") or [], f"{here}.options", errors, inner_level)
            continue
        if kind not in range(3, 12):
            errors[f"{here}.type"] = f"Unknown option type {kind}."
        if option.get("required"):
            if optional_seen:
                errors[f"{here}.required"] = "Required options must be placed before non-required options"
        else:
            optional_seen = True
        choices = option.get("choices") or []
        if choices:
            if kind not in (STRING, INTEGER, NUMBER):
                errors[f"{here}.choices"] = "Only string, integer and number options have choices."
            if len(choices) > 25:
                errors[f"{here}.choices"] = "Must be 25 or fewer in length."
            if option.get("autocomplete"):
                errors[f"{here}.autocomplete"] = "Autocomplete cannot be used with choices"
            for j, choice in enumerate(choices):
                if not 1 <= len(choice.get("name", "")) <= 100:
                    errors[f"{here}.choices.{j}.name"] = "Must be between 1 and 100 in length."
        if option.get("autocomplete") and kind not in (STRING, INTEGER, NUMBER):
            errors[f"{here}.autocomplete"] = "Only string, integer and number options autocomplete."


def _command_size(command: Mapping[str, Any]) -> int:
    """Name, description and every option's name, description and choices count towards 4000."""
    size = len(command.get("name", "")) + len(command.get("description") or "")
    for option in command.get("options") or []:
        size += _command_size(option)
        for choice in option.get("choices") or []:
            size += len(choice.get("name", "")) + len(str(choice.get("value", "")))
    return size

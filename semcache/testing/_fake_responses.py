"""The fake upstream's OpenAI Responses answers: one ``response`` object, or its events.

Written out by hand from the API reference rather than built with
:mod:`semcache.wire.responses`, so that a test of the dialect's replay against the
real SDK checks two independent implementations.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

__all__ = ["ResponsesAnswer", "prompt_of_input"]


def prompt_of_input(body: Mapping[str, Any]) -> str:
    """The last user text of a Responses request (a string ``input`` is that text)."""
    given = body.get("input")
    if isinstance(given, str):
        return given
    for item in reversed(given if isinstance(given, list) else []):
        if isinstance(item, dict) and item.get("role") == "user":
            content = item.get("content")
            if isinstance(content, str):
                return content
            parts = content if isinstance(content, list) else []
            return " ".join(str(p.get("text", "")) for p in parts if isinstance(p, dict))
    return ""


class ResponsesAnswer:
    """The deterministic answer to one Responses request.

    With ``tool_choice: "required"`` (or a named function) and ``tools``, the answer
    is a call of the first function tool with ``{"query": prompt}``.
    """

    def __init__(self, number: int, body: Mapping[str, Any], prompt: str, mode: str | None):
        self.id, self.item_id = f"resp_fake{number}", f"msg_fake{number}"
        self.call_id = f"call_fake{number}"
        self.body, self.mode = body, mode
        self.words = f"Answer to: {prompt}".split(" ")
        self.tool = _forced_tool(body)
        self.prompt = prompt
        self.created = int(time.time())

    def _item(self, done: bool) -> dict[str, Any]:
        status = "completed" if done else "in_progress"
        if self.tool is not None:
            arguments = json.dumps({"query": self.prompt}) if done else ""
            return {
                "id": "fc_" + self.item_id,
                "type": "function_call",
                "status": status,
                "call_id": self.call_id,
                "name": self.tool,
                "arguments": arguments,
            }
        content = [self._part(" ".join(self.words))] if done else []
        return {
            "id": self.item_id,
            "type": "message",
            "status": status,
            "role": "assistant",
            "content": content,
        }

    @staticmethod
    def _part(text: str) -> dict[str, Any]:
        return {"type": "output_text", "text": text, "annotations": [], "logprobs": []}

    def whole(self, *, done: bool = True) -> dict[str, Any]:
        status = "completed" if done else "in_progress"
        if done and self.mode == "failed":
            status = "failed"
        prompt_tokens, out = len(self.prompt.split()), len(self.words)
        usage = {
            "input_tokens": prompt_tokens,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens": out,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": prompt_tokens + out,
        }
        return {
            "id": self.id,
            "object": "response",
            "created_at": self.created,
            "status": status,
            "error": None,
            "incomplete_details": None,
            "instructions": self.body.get("instructions"),
            "model": str(self.body.get("model", "fake-model")),
            "output": [self._item(True)] if done else [],
            "parallel_tool_calls": True,
            "temperature": self.body.get("temperature", 1.0),
            "tool_choice": self.body.get("tool_choice", "auto"),
            "tools": self.body.get("tools", []),
            "top_p": self.body.get("top_p", 1.0),
            "text": self.body.get("text", {"format": {"type": "text"}}),
            "usage": usage if done else None,
        }

    def events(self) -> list[dict[str, Any]]:
        """The stream: created, in_progress, the item and its deltas, completed."""
        at: dict[str, Any] = {"output_index": 0}
        events: list[dict[str, Any]] = [
            {"type": "response.created", "response": self.whole(done=False)},
            {"type": "response.in_progress", "response": self.whole(done=False)},
            {"type": "response.output_item.added", **at, "item": self._item(False)},
        ]
        item = self._item(True)
        where = {"item_id": item["id"], **at}
        if self.tool is not None:
            events.append(
                {
                    "type": "response.function_call_arguments.delta",
                    **where,
                    "delta": item["arguments"],
                }
            )
            events.append(
                {
                    "type": "response.function_call_arguments.done",
                    **where,
                    "arguments": item["arguments"],
                }
            )
        else:
            where["content_index"] = 0
            empty = self._part("")
            events.append({"type": "response.content_part.added", **where, "part": empty})
            for index, word in enumerate(self.words):
                piece = word if index == 0 else " " + word
                events.append(
                    {"type": "response.output_text.delta", **where, "delta": piece, "logprobs": []}
                )
            text = " ".join(self.words)
            events.append(
                {"type": "response.output_text.done", **where, "text": text, "logprobs": []}
            )
            events.append({"type": "response.content_part.done", **where, "part": self._part(text)})
        events.append({"type": "response.output_item.done", **at, "item": item})
        final = self.whole()
        terminal = "response.failed" if final["status"] == "failed" else "response.completed"
        events.append({"type": terminal, "response": final})
        return [{**event, "sequence_number": n} for n, event in enumerate(events)]


def _forced_tool(body: Mapping[str, Any]) -> str | None:
    tools = [t for t in body.get("tools") or [] if isinstance(t, dict) and t.get("name")]
    choice = body.get("tool_choice")
    if not tools or not (choice == "required" or isinstance(choice, dict)):
        return None
    return str(tools[0]["name"])

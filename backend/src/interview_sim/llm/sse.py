"""Server-sent events of an OpenAI-compatible chat stream, decoded line by line.

`SSEDecoder.feed(line)` takes one line (without its newline) and returns the `data` payloads that
line completes. Comment lines (`: OPENROUTER PROCESSING`) and other fields (`event:`, `id:`,
`retry:`) are skipped; a blank line ends an event; multi-line `data:` fields are joined with "\\n".
`ChunkReader` turns each payload into text deltas and raises `LLMStreamError` on error chunks.
"""

from __future__ import annotations

import json
from typing import Any

from interview_sim.llm.base import LLMStreamError

DONE = "[DONE]"


def _is_complete_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


class SSEDecoder:
    """Collects `data:` lines into events; tolerates servers that omit the blank separator line."""

    def __init__(self) -> None:
        self._data: list[str] = []

    def feed(self, line: str) -> list[str]:
        if not line:
            return self._flush()
        if line.startswith(":"):
            return []
        field, _, value = line.partition(":")
        if field != "data":
            return []
        value = value.removeprefix(" ")
        ready: list[str] = []
        if self._data and _is_complete_json("\n".join(self._data)):
            ready = self._flush()  # a server that sent no blank line between two events
        self._data.append(value)
        return ready

    def close(self) -> list[str]:
        """Payloads still pending when the byte stream ended."""
        return self._flush()

    def _flush(self) -> list[str]:
        if not self._data:
            return []
        payload = "\n".join(self._data)
        self._data = []
        return [payload]


def _error_text(error: Any) -> tuple[str, str | None]:
    if isinstance(error, dict):
        code = error.get("code")
        message = error.get("message") or "error chunk in stream"
        return str(message), None if code is None else str(code)
    return str(error), None


class ChunkReader:
    """Interprets chat completion chunks. `done` turns True on `[DONE]`; `finished` once any choice
    carried a `finish_reason` (a stream that ends without `[DONE]` counts as complete only then)."""

    def __init__(self) -> None:
        self.done = False
        self.finished = False

    def read(self, payload: str) -> str:
        """The text delta the payload carries ("" for none)."""
        if payload.strip() == DONE:
            self.done = True
            return ""
        chunk = self._parse(payload)
        if "error" in chunk:
            message, code = _error_text(chunk["error"])
            raise LLMStreamError(f"upstream error mid-stream: {message}", code=code)
        choices = chunk.get("choices") or []
        if not choices or not isinstance(choices[0], dict):
            return ""
        choice = choices[0]
        reason = choice.get("finish_reason")
        if reason == "error":
            raise LLMStreamError("upstream ended the stream with finish_reason=error")
        if reason:
            self.finished = True
        delta = choice.get("delta") or {}
        content = delta.get("content") if isinstance(delta, dict) else None
        return content if isinstance(content, str) else ""

    @staticmethod
    def _parse(payload: str) -> dict[str, Any]:
        try:
            chunk = json.loads(payload)
        except ValueError as exc:
            raise LLMStreamError(f"malformed SSE data: {payload[:80]!r}") from exc
        if not isinstance(chunk, dict):
            raise LLMStreamError(f"malformed SSE data: {payload[:80]!r}")
        return chunk

"""Logging set-up: plain text lines (default) or one JSON object per line (`LOG_FORMAT=json`) with
the node and, where the call site gives one, the `session_id` and `role`. Nothing else a call site
attaches is copied: no tokens and no candidate text reach the JSON lines."""

from __future__ import annotations

import logging

import orjson

#: Fields a call site may attach with `extra=` that the JSON line carries.
FIELDS = ("session_id", "role", "kind", "reason", "ms")


class JsonFormatter(logging.Formatter):
    def __init__(self, node: str) -> None:
        super().__init__()
        self.node = node

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": round(record.created, 3),
            "level": record.levelname,
            "logger": record.name,
            "node": self.node,
            "msg": record.getMessage(),
        }
        line.update({f: getattr(record, f) for f in FIELDS if hasattr(record, f)})
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode()


def configure_logging(level: str, fmt: str, node: str) -> None:
    handler = logging.StreamHandler()
    if fmt == "json":
        handler.setFormatter(JsonFormatter(node))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler], force=True)

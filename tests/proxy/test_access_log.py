"""The request log line written by the proxy's own JSON handler: the same line the
logging module would write, the lines of one loop turn in one write."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterator

import pytest
from semcache_proxy._log import JsonFormatter, JsonLines, Line, Recorder, logger
from semcache_proxy._metrics import ProxyMetrics

SCOPE = {"method": "POST", "path": "/v1/chat/completions"}


class _Counting(io.StringIO):
    writes = 0

    def write(self, text: str) -> int:
        self.writes += 1
        return super().write(text)


@pytest.fixture
def stream() -> Iterator[_Counting]:
    top = logging.getLogger("semcache")
    saved = (top.handlers[:], top.level, top.propagate)
    out = _Counting()
    top.handlers[:] = [JsonLines(out)]
    top.setLevel(logging.INFO)
    top.propagate = False
    try:
        yield out
    finally:
        top.handlers[:], top.propagate = saved[0], saved[2]
        top.setLevel(saved[1])


def _seen() -> dict[str, object]:
    return {"endpoint": "chat", "outcome": "hit", "kind": "exact", "status": 200}


def test_a_request_line_is_the_line_the_formatter_writes(stream: _Counting) -> None:
    """The line written directly has the fields, in order, of the formatted record."""
    Recorder(ProxyMetrics())(SCOPE, _seen(), 0.0)
    written = json.loads(stream.getvalue())
    fields = {k: v for k, v in written.items() if k not in ("ts", "level")}
    record = logger.makeRecord(logger.name, logging.INFO, "", 0, "%s", (Line(fields),), None)
    formatted = json.loads(JsonFormatter().format(record))
    assert list(written) == list(formatted)
    assert {**written, "ts": 0} == {**formatted, "ts": 0}


def test_the_lines_of_one_loop_turn_leave_in_one_write(stream: _Counting) -> None:
    """Three requests ending in one turn of the loop: three lines, one write."""

    async def three() -> None:
        record = Recorder(ProxyMetrics())
        for _ in range(3):
            record(SCOPE, _seen(), 0.0)
        await asyncio.sleep(0)

    asyncio.run(three())
    assert (len(stream.getvalue().splitlines()), stream.writes) == (3, 1)


def test_another_handler_gets_the_record_from_the_logging_module(
    stream: _Counting, caplog: pytest.LogCaptureFixture
) -> None:
    """With a filter on the way the logging module decides: the record reaches it."""
    logger.addFilter(lambda record: True)
    try:
        logging.getLogger("semcache").propagate = True
        with caplog.at_level(logging.INFO, logger="semcache.proxy"):
            Recorder(ProxyMetrics())(SCOPE, _seen(), 0.0)
    finally:
        logger.filters.clear()
    assert any("request" in message for message in caplog.messages)

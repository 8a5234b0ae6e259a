"""Background writes tell their outcome from the writer thread, without the event loop."""

from __future__ import annotations

import asyncio
import threading

from semcache_proxy._writes import Writes


async def test_a_background_write_is_told_without_waking_the_loop() -> None:
    """With the loop blocked, a submitted write still finishes: on_done runs on the
    writer thread and wait_idle returns (the loop never ran a callback)."""
    writes = Writes(asyncio.get_running_loop())
    told: list[tuple[bool, str]] = []
    assert writes.submit(
        lambda: None, lambda ok: told.append((ok, threading.current_thread().name))
    )
    assert writes.wait_idle(10)  # blocks this loop: nothing of the write may need it
    assert told == [(True, "semcache-writes")] and writes.pending == 0
    await writes.aclose()


async def test_a_sync_write_is_awaited_and_counted_until_it_is_released() -> None:
    """A sync write returns once stored; its outcome is told before that."""
    writes = Writes(asyncio.get_running_loop(), sync=True)
    told: list[bool] = []
    ran: list[int] = []
    assert await writes.write(lambda: ran.append(1), told.append)
    assert ran == [1] and told == [True] and writes.pending == 0
    await writes.aclose()

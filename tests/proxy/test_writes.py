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


async def test_a_write_that_can_be_done_at_once_runs_on_the_loop() -> None:
    """With nothing pending, a write's nowait form runs on the loop (soon after
    submit returns): the blocking form never runs, and on_done is told there."""
    writes = Writes(asyncio.get_running_loop())
    told: list[tuple[bool, str]] = []
    blocking: list[int] = []
    assert writes.submit(
        lambda: blocking.append(1),
        lambda ok: told.append((ok, threading.current_thread().name)),
        nowait=lambda: True,
    )
    assert told == [] and writes.pending == 1  # not inside submit: after the answer
    await asyncio.sleep(0)
    assert told == [(True, threading.current_thread().name)] and blocking == []
    assert writes.pending == 0
    await writes.aclose()


async def test_a_write_that_would_wait_goes_to_the_thread_with_those_after_it() -> None:
    """A nowait form that answers None (it would wait) hands its write, and the writes
    queued behind it, to the writer thread, in order."""
    writes = Writes(asyncio.get_running_loop())
    ran: list[str] = []
    assert writes.submit(lambda: ran.append("a"), lambda ok: None, nowait=lambda: None)
    assert writes.submit(lambda: ran.append("b"), lambda ok: None, nowait=lambda: True)
    await asyncio.sleep(0)
    assert writes.wait_idle(10)
    assert ran == ["a", "b"]
    await writes.aclose()


async def test_wait_idle_on_the_loop_runs_the_writes_waiting_for_it() -> None:
    """wait_idle called on the loop's own thread does the loop's writes first (the
    loop is blocked in it), so it does not wait for nothing."""
    writes = Writes(asyncio.get_running_loop())
    told: list[bool] = []
    assert writes.submit(lambda: None, told.append, nowait=lambda: False)
    assert writes.wait_idle(1)
    assert told == [False]
    await writes.aclose()

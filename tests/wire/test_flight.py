"""Flights: single-flight of concurrent calls with the same exact key."""

from __future__ import annotations

import asyncio
import threading

import pytest

from semcache import Key
from semcache.wire import Call, Controls, Flights


def call(text: str = "What is the capital of France?", namespace: str = "a") -> Call:
    return Call(Key(namespace, "scope", text))


def test_first_call_leads_and_the_next_follows() -> None:
    """The first join leads; an equal call joining meanwhile follows."""
    flights = Flights()
    leader = flights.join(call())
    follower = flights.join(call("what is the capital of  FRANCE?"))  # same exact key
    assert (leader.leader, follower.leader) == (True, False)


def test_follower_gets_the_published_answer() -> None:
    """A follower waiting in another thread is handed the leader's answer."""
    flights = Flights()
    leader = flights.join(call())
    follower = flights.join(call())
    got: list[object] = []
    waiter = threading.Thread(target=lambda: got.append(follower.wait()))
    waiter.start()
    leader.publish({"answer": "Paris"})
    leader.leave()
    waiter.join(5)
    assert got == [{"answer": "Paris"}]
    assert flights.coalesced == 1


async def test_async_followers_get_the_answer() -> None:
    """Followers on an event loop wait without blocking it and get the answer."""
    flights = Flights()
    leader = flights.join(call())
    followers = [flights.join(call()) for _ in range(3)]
    waits = [asyncio.create_task(seat.wait_async()) for seat in followers]
    while flights.waiting < 3:
        await asyncio.sleep(0.001)
    leader.publish("Paris")
    leader.leave()
    assert await asyncio.gather(*waits) == ["Paris"] * 3


def test_leader_failure_releases_followers_empty_handed() -> None:
    """A leader that leaves without an answer: followers get None (they go upstream)."""
    flights = Flights()
    leader = flights.join(call())
    follower = flights.join(call())
    leader.leave()
    assert follower.wait() is None
    assert flights.coalesced == 0
    assert flights.join(call()).leader  # the next call starts a new flight


def test_wait_is_bounded() -> None:
    """A leader that never answers holds a follower only for the timeout."""
    flights = Flights(timeout=0.05)
    flights.join(call())
    assert flights.join(call()).wait() is None


def test_stale_flight_does_not_hold_later_calls() -> None:
    """A flight older than the timeout is replaced: the next call leads."""
    flights = Flights(timeout=0.01)
    flights.join(call())
    threading.Event().wait(0.02)  # let the flight go stale (a bound, not a timing assertion)
    assert flights.join(call()).leader


def test_tenants_never_share_a_flight() -> None:
    """The same prompt in another namespace leads its own flight."""
    flights = Flights()
    flights.join(call(namespace="a"))
    assert flights.join(call(namespace="b")).leader


def test_zero_timeout_switches_coalescing_off() -> None:
    """With timeout 0 every call leads."""
    flights = Flights(timeout=0)
    assert flights.join(call()).leader and flights.join(call()).leader


def test_calls_that_do_not_read_and_write_do_not_take_part() -> None:
    """A refresh (no read) or no-store call neither leads nor follows a flight."""
    flights = Flights()
    flights.join(call())
    refresh = Call(Key("a", "scope", "What is the capital of France?"), Controls(refresh=True))
    assert flights.join(refresh).leader


def test_bad_timeout_is_refused() -> None:
    """A negative timeout raises, naming the value."""
    with pytest.raises(ValueError, match=r"coalesce_timeout must be a number of seconds.*-1"):
        Flights(timeout=-1)

"""The Backend contract: what every backend must do, through the protocol only."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from semcache._errors import InvalidRequestError, StoreError
from semcache._records import Entry, dump_response
from semcache.store import Backend

Vectors = Callable[[int], np.ndarray]
MakeEntry = Callable[..., Entry]


def put(store: Backend, entry: Entry, vector: np.ndarray, priority: float = 0.0) -> None:
    payload = dump_response(entry.response)
    store.add(entry, vector, exact_key=f"key-{entry.id}", priority=priority, payload=payload)


def ids(candidates: list[tuple[Entry, float]]) -> list[str]:
    return [found.id for found, _ in candidates]


def test_is_a_store(store: Backend) -> None:
    """Every backend satisfies the runtime-checkable Backend protocol."""
    assert isinstance(store, Backend)


def test_get_returns_the_added_entry(store: Backend, entry: MakeEntry, vectors: Vectors) -> None:
    """An added entry comes back from get with every field intact."""
    original = entry(
        "a",
        scope="s1",
        response={"text": "ok", "n": [1, 2]},
        expires_at=5000.0,
        hits=2,
        cost=3.5,
        prompt="héllo",
        floor=0.875,
    )
    put(store, original, vectors(1)[0])
    assert store.get("a") == original


def test_get_unknown_is_none(store: Backend) -> None:
    """get of an id that was never added is None."""
    assert store.get("missing") is None


def test_find_exact_by_key(store: Backend, entry: MakeEntry, vectors: Vectors) -> None:
    """find_exact finds an entry by the exact key it was added under, and only by it."""
    put(store, entry("a"), vectors(1)[0])
    found = store.find_exact("key-a")
    assert found is not None and found.id == "a"
    assert store.find_exact("key-b") is None


@pytest.mark.parametrize("response", ["text", 42, 1.5, None, True, [1, "x"], {"a": {"b": []}}])
def test_responses_round_trip_as_json(
    store: Backend, entry: MakeEntry, vectors: Vectors, response: object
) -> None:
    """Any JSON value stored as a response comes back equal."""
    put(store, entry("a", response=response), vectors(1)[0])
    found = store.get("a")
    assert found is not None and found.response == response


def test_search_orders_closest_first(store: Backend, entry: MakeEntry, vectors: Vectors) -> None:
    """search returns entries by decreasing similarity, the inner product of the vectors."""
    vs = vectors(20)
    for i, v in enumerate(vs):
        put(store, entry(f"e{i}"), v)
    query = vs[3]
    found = store.search(query, namespace="ns", scope="", k=5)
    expected = np.argsort(-(vs @ query))[:5]
    assert ids(found) == [f"e{i}" for i in expected]
    sims = [sim for _, sim in found]
    assert sims == sorted(sims, reverse=True)
    assert sims[0] == pytest.approx(1.0, abs=1e-4)
    assert sims[1] == pytest.approx(float(vs[expected[1]] @ query), abs=1e-4)


def test_search_returns_at_most_k(store: Backend, entry: MakeEntry, vectors: Vectors) -> None:
    """search returns k entries when there are more, all of them when there are fewer."""
    for i, v in enumerate(vectors(6)):
        put(store, entry(f"e{i}"), v)
    query = vectors(1)[0]
    assert len(store.search(query, namespace="ns", scope="", k=2)) == 2
    assert len(store.search(query, namespace="ns", scope="", k=50)) == 6


def test_search_leaves_out_entries_below_min_similarity(
    store: Backend, entry: MakeEntry, vectors: Vectors
) -> None:
    """min_similarity keeps exactly the nearest entries at or above it, in order."""
    vs = vectors(20)
    for i, v in enumerate(vs):
        put(store, entry(f"e{i}"), v)
    query = vs[5]
    everything = store.search(query, namespace="ns", scope="", k=8)
    floor = (everything[2][1] + everything[3][1]) / 2  # between the 3rd and 4th closest
    found = store.search(query, namespace="ns", scope="", k=8, min_similarity=floor)
    assert ids(found) == ids(everything[:3])
    assert store.search(query, namespace="ns", scope="", k=8, min_similarity=1.01) == []


def test_search_of_an_empty_pair_is_empty(store: Backend, vectors: Vectors) -> None:
    """search in a (namespace, scope) that holds nothing returns []."""
    assert store.search(vectors(1)[0], namespace="nobody", scope="", k=4) == []


def test_search_never_crosses_namespaces(
    store: Backend, entry: MakeEntry, vectors: Vectors
) -> None:
    """An identical vector in another namespace is never returned."""
    v = vectors(1)[0]
    put(store, entry("mine", namespace="a"), v)
    put(store, entry("theirs", namespace="b"), v)
    assert ids(store.search(v, namespace="a", scope="", k=10)) == ["mine"]
    assert ids(store.search(v, namespace="b", scope="", k=10)) == ["theirs"]
    assert store.search(v, namespace="c", scope="", k=10) == []


def test_search_never_crosses_scopes(store: Backend, entry: MakeEntry, vectors: Vectors) -> None:
    """An identical vector in the same namespace but another scope is never returned."""
    v = vectors(1)[0]
    put(store, entry("one", scope="s1"), v)
    put(store, entry("two", scope="s2"), v)
    assert ids(store.search(v, namespace="ns", scope="s1", k=10)) == ["one"]
    assert ids(store.search(v, namespace="ns", scope="s2", k=10)) == ["two"]
    assert store.search(v, namespace="ns", scope="", k=10) == []


def test_same_exact_key_replaces(store: Backend, entry: MakeEntry, vectors: Vectors) -> None:
    """A second add under the same exact key replaces the first entry everywhere."""
    v1, v2 = vectors(2)
    store.add(entry("old", response="before"), v1, exact_key="k", priority=0.0, payload='"before"')
    store.add(entry("new", response="after"), v2, exact_key="k", priority=0.0, payload='"after"')
    assert store.get("old") is None
    found = store.find_exact("k")
    assert found is not None and found.response == "after"
    assert ids(store.search(v1, namespace="ns", scope="", k=10)) == ["new"]
    assert store.usage() == (1, 100)


def test_delete_removes_everywhere(store: Backend, entry: MakeEntry, vectors: Vectors) -> None:
    """A deleted entry is gone from get, find_exact, search and usage."""
    vs = vectors(3)
    for i, v in enumerate(vs):
        put(store, entry(f"e{i}"), v)
    assert store.delete(["e1"]) == 1
    assert store.get("e1") is None
    assert store.find_exact("key-e1") is None
    assert "e1" not in ids(store.search(vs[1], namespace="ns", scope="", k=10))
    assert store.usage() == (2, 200)


def test_delete_counts_only_existing(store: Backend, entry: MakeEntry, vectors: Vectors) -> None:
    """delete returns how many of the ids existed; deleting again counts 0."""
    for i, v in enumerate(vectors(2)):
        put(store, entry(f"e{i}"), v)
    assert store.delete(["e0", "e1", "nope", "e0"]) == 2
    assert store.delete(["e0"]) == 0
    assert store.delete([]) == 0


def test_touch_counts_hits_and_access(store: Backend, entry: MakeEntry, vectors: Vectors) -> None:
    """touch adds one hit and sets the access time, as later reads show."""
    put(store, entry("a", hits=0, accessed_at=1000.0), vectors(1)[0])
    store.touch("a", accessed_at=2000.0, priority=1.0)
    store.touch("a", accessed_at=3000.0, priority=2.0)
    found = store.get("a")
    assert found is not None and (found.hits, found.accessed_at) == (2, 3000.0)


def test_touch_updates_priority(store: Backend, entry: MakeEntry, vectors: Vectors) -> None:
    """A touched entry moves in the lowest_priority order to its new priority."""
    for i, v in enumerate(vectors(3)):
        put(store, entry(f"e{i}"), v, priority=float(i))
    store.touch("e0", accessed_at=2000.0, priority=10.0)
    assert [victim[0] for victim in store.lowest_priority(3)] == ["e1", "e2", "e0"]


def test_touch_of_unknown_id_is_harmless(store: Backend) -> None:
    """Touching an id that does not exist changes nothing and does not raise."""
    store.touch("ghost", accessed_at=1.0, priority=1.0)
    assert store.usage() == (0, 0)
    assert store.lowest_priority(5) == []


def test_raise_floor_raises_and_never_lowers(
    store: Backend, entry: MakeEntry, vectors: Vectors
) -> None:
    """raise_floor sets the entry's floor to the highest value it was given."""
    put(store, entry("a"), vectors(1)[0])
    assert store.raise_floor("a", 0.5) is True
    assert store.raise_floor("a", 0.25) is True
    found = store.get("a")
    assert found is not None and found.floor == 0.5
    store.raise_floor("a", 0.75)
    found = store.get("a")
    assert found is not None and found.floor == 0.75


def test_raised_floor_shows_in_every_read(
    store: Backend, entry: MakeEntry, vectors: Vectors
) -> None:
    """The raised floor comes back from get, find_exact, search and iterate."""
    v = vectors(1)[0]
    put(store, entry("a"), v)
    store.raise_floor("a", 0.625)
    found = store.find_exact("key-a")
    assert found is not None and found.floor == 0.625
    assert [e.floor for e, _ in store.search(v, namespace="ns", scope="", k=1)] == [0.625]
    assert [e.floor for e in store.iterate()] == [0.625]


def test_raise_floor_changes_nothing_else(
    store: Backend, entry: MakeEntry, vectors: Vectors
) -> None:
    """Raising the floor keeps the entry's body, hits, priority and vector as they were."""
    v = vectors(1)[0]
    put(store, entry("a", response={"long": "x" * 2000}), v, priority=4.0)
    store.touch("a", accessed_at=2000.0, priority=5.0)
    store.raise_floor("a", 0.5)
    found = store.search(v, namespace="ns", scope="", k=1)
    assert [(e.response, e.hits, e.accessed_at) for e, _ in found] == [
        ({"long": "x" * 2000}, 1, 2000.0)
    ]
    assert found[0][1] == pytest.approx(1.0, abs=1e-4)
    assert store.lowest_priority(1) == [("a", 100, 5.0)]


def test_raise_floor_of_unknown_id_is_false(store: Backend) -> None:
    """raise_floor of an id that does not exist returns False and creates nothing."""
    assert store.raise_floor("ghost", 0.9) is False
    assert store.usage() == (0, 0)
    assert store.get("ghost") is None


def test_replaced_entry_has_its_own_floor(
    store: Backend, entry: MakeEntry, vectors: Vectors
) -> None:
    """A new entry under the same exact key does not inherit the old entry's floor."""
    v1, v2 = vectors(2)
    store.add(entry("old"), v1, exact_key="k", priority=0.0, payload='{"answer":"old"}')
    store.raise_floor("old", 0.9)
    store.add(entry("new"), v2, exact_key="k", priority=0.0, payload='{"answer":"new"}')
    found = store.find_exact("k")
    assert found is not None and (found.id, found.floor) == ("new", 0.0)


def test_raise_floor_refuses_non_finite_values(
    store: Backend, entry: MakeEntry, vectors: Vectors
) -> None:
    """A NaN or infinite floor raises InvalidRequestError naming it."""
    put(store, entry("a"), vectors(1)[0])
    for bad in (float("nan"), float("inf")):
        with pytest.raises(InvalidRequestError, match="floor must be a finite number"):
            store.raise_floor("a", bad)


def test_lowest_priority_order_and_limit(
    store: Backend, entry: MakeEntry, vectors: Vectors
) -> None:
    """lowest_priority gives (id, size, priority), lowest first, at most n."""
    priorities = [5.0, 1.0, 3.0, 2.0]
    for i, (p, v) in enumerate(zip(priorities, vectors(4), strict=True)):
        put(store, entry(f"e{i}", size=10 + i), v, priority=p)
    assert store.lowest_priority(3) == [("e1", 11, 1.0), ("e3", 13, 2.0), ("e2", 12, 3.0)]


def test_expired_lists_due_entries(store: Backend, entry: MakeEntry, vectors: Vectors) -> None:
    """expired lists entries whose expiry is at or before now, never those without one."""
    expiries = [100.0, 200.0, 300.0, None]
    for i, (at, v) in enumerate(zip(expiries, vectors(4), strict=True)):
        put(store, entry(f"e{i}", expires_at=at), v)
    assert sorted(store.expired(200.0, 10)) == ["e0", "e1"]
    assert len(store.expired(1e12, 2)) == 2
    assert sorted(store.expired(1e12, 10)) == ["e0", "e1", "e2"]
    assert store.expired(50.0, 10) == []


def test_usage_counts_entries_and_bytes(store: Backend, entry: MakeEntry, vectors: Vectors) -> None:
    """usage is (entries, sum of their sizes), kept up to date by adds and deletes."""
    assert store.usage() == (0, 0)
    for i, v in enumerate(vectors(3)):
        put(store, entry(f"e{i}", size=100 * (i + 1)), v)
    assert store.usage() == (3, 600)
    store.delete(["e2"])
    assert store.usage() == (2, 300)


def test_iterate_yields_every_entry(store: Backend, entry: MakeEntry, vectors: Vectors) -> None:
    """iterate yields all entries, or those of one namespace."""
    for i, v in enumerate(vectors(5)):
        put(store, entry(f"e{i}", namespace="a" if i < 3 else "b"), v)
    assert sorted(e.id for e in store.iterate()) == ["e0", "e1", "e2", "e3", "e4"]
    assert sorted(e.id for e in store.iterate("b")) == ["e3", "e4"]
    assert list(store.iterate("c")) == []


def test_clear_one_namespace(store: Backend, entry: MakeEntry, vectors: Vectors) -> None:
    """clear(namespace) removes that namespace only and returns how many it held."""
    vs = vectors(4)
    for i, v in enumerate(vs):
        put(store, entry(f"e{i}", namespace="a" if i < 3 else "b"), v)
    assert store.clear("a") == 3
    assert store.usage() == (1, 100)
    assert store.search(vs[0], namespace="a", scope="", k=4) == []
    assert ids(store.search(vs[3], namespace="b", scope="", k=4)) == ["e3"]


def test_clear_everything(store: Backend, entry: MakeEntry, vectors: Vectors) -> None:
    """clear() removes every entry; the store stays usable."""
    vs = vectors(3)
    for i, v in enumerate(vs):
        put(store, entry(f"e{i}", namespace=f"n{i}"), v)
    assert store.clear() == 3
    assert store.usage() == (0, 0)
    assert store.get("e0") is None
    put(store, entry("again", namespace="n0"), vs[0])
    assert ids(store.search(vs[0], namespace="n0", scope="", k=4)) == ["again"]


def test_closed_store_refuses_calls(store: Backend, entry: MakeEntry, vectors: Vectors) -> None:
    """After close (which may be repeated) every call raises StoreError."""
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.get("a")
    with pytest.raises(StoreError, match="closed"):
        put(store, entry("a"), vectors(1)[0])
    with pytest.raises(StoreError, match="closed"):
        store.search(vectors(1)[0], namespace="ns", scope="", k=1)
    with pytest.raises(StoreError, match="closed"):
        store.raise_floor("a", 0.5)


pairs = st.tuples(st.sampled_from(["n1", "n2", "ünï"]), st.sampled_from(["", "s1", "s2"]))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    placed=st.lists(pairs, min_size=1, max_size=30),
    queries=st.lists(pairs, min_size=1, max_size=5),
    seed=st.integers(0, 2**32 - 1),
)
def test_isolation_property(
    store: Backend,
    entry: MakeEntry,
    vectors: Vectors,
    placed: list[tuple[str, str]],
    queries: list[tuple[str, str]],
    seed: int,
) -> None:
    """Whatever the entries and vectors, search returns only entries of the queried pair."""
    store.clear()
    rng = np.random.default_rng(seed)
    # Few distinct directions, so entries of different pairs are often identical.
    directions = rng.standard_normal((3, vectors(1).shape[1])).astype(np.float32)
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    owner = {}
    for i, (namespace, scope) in enumerate(placed):
        put(store, entry(f"e{i}", namespace=namespace, scope=scope), directions[i % 3])
        owner[f"e{i}"] = (namespace, scope)
    for namespace, scope in queries:
        found = store.search(directions[0], namespace=namespace, scope=scope, k=50)
        expected = {e for e, pair in owner.items() if pair == (namespace, scope)}
        assert {e.id for e, _ in found} == expected
        assert all((e.namespace, e.scope) == (namespace, scope) for e, _ in found)

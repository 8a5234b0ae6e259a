"""The Milvus store beyond the shared contract: URIs, large bodies, hit batching,
eviction scans, schema checks, restarts, several processes, and outages.

Runs on Milvus Lite (pip install 'semcache[milvus]'): a shared file for most
tests (see _milvus_support.py) and the ``milvus-lite server`` gRPC server for
the tests that are about the network.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from _milvus_support import lite_config, require_milvus_lite

from semcache import SemanticCache
from semcache._errors import (
    ConfigError,
    InvalidRequestError,
    SchemaMismatchError,
    StoreError,
    StoreLockedError,
)
from semcache._records import Entry, dump_response
from semcache.store.milvus import MilvusConfig, MilvusStore, _scan, _schema, _store, _writes
from semcache.store.milvus._config import parse_uri
from semcache.store.milvus._connect import require_pymilvus
from semcache.store.milvus._rows import MAX_BODY
from semcache.store.milvus._scan import scan
from semcache.testing import HashingEmbedder
from semcache.testing.milvus import LiteServer, free_port

pytestmark = pytest.mark.milvus

DIM = 8
MODEL = "test-model"
# Generous bound for another process's write to show up (the documented delay
# is the consistency level's; on Milvus Lite writes are visible at once).
VISIBLE_WITHIN = 60.0


def make_entry(entry_id: str, **fields: Any) -> Entry:
    values: dict[str, Any] = {
        "namespace": "ns",
        "scope": "",
        "prompt": f"prompt of {entry_id}",
        "response": {"answer": entry_id},
        "created_at": 1000.0,
        "accessed_at": 1000.0,
        "size": 100,
    }
    values.update(fields)
    return Entry(id=entry_id, **values)


def unit(seed: int, n: int = 1) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((n, DIM)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def put(store: MilvusStore, entry: Entry, vector: np.ndarray, priority: float = 0.0) -> None:
    payload = dump_response(entry.response)
    store.add(entry, vector, exact_key=f"key-{entry.id}", priority=priority, payload=payload)


@pytest.fixture
def config(tmp_path: Path) -> MilvusConfig:
    """A new, empty collection in the session's shared Milvus Lite file."""
    return lite_config(tmp_path)


@pytest.fixture
def store(config: MilvusConfig) -> Iterator[MilvusStore]:
    """A MilvusStore on that collection, closed afterwards."""
    with MilvusStore(config, dim=DIM, model=MODEL) as opened:
        yield opened


def raw_rows(config: MilvusConfig, expression: str = 'pk != ""') -> list[dict[str, Any]]:
    """Rows as another client of the same Milvus sees them (no buffered hits)."""
    with MilvusStore(config, dim=DIM, model=MODEL) as other:
        return list(
            other._client.query(
                config.collection, filter=expression, output_fields=["entry_id", "hits"]
            )
        )


# -- URIs and settings ---------------------------------------------------------------


def test_lite_uri_names_a_file() -> None:
    """milvus:///abs/path.db (empty host) is a Milvus Lite file with the defaults."""
    config = parse_uri("milvus:///var/lib/semcache/cache.db")
    assert config.is_lite and config.address == "/var/lib/semcache/cache.db"
    assert (config.collection, config.consistency) == ("semcache", "Bounded")


@pytest.mark.parametrize(
    ("uri", "address", "token"),
    [
        ("milvus://db.internal", "http://db.internal:19530", ""),
        ("milvus+http://db:1234/", "http://db:1234", ""),
        ("milvus+https://root:s3cret@db", "https://db:19530", "root:s3cret"),
        ("milvus+https://apikey123@db:443", "https://db:443", "apikey123"),
        ("milvus://db?token=abc%3Adef", "http://db:19530", "abc:def"),
    ],
)
def test_server_uri_gives_address_and_token(uri: str, address: str, token: str) -> None:
    """A server URI maps to http(s)://host:port (19530 by default) and a token."""
    config = parse_uri(uri)
    assert (config.address, config.token, config.is_lite) == (address, token, False)


def test_uri_parameters_set_collection_consistency_timeout_and_database() -> None:
    """Query parameters choose the collection, consistency level and lookup timeout."""
    config = parse_uri("milvus://db/tenants?collection=answers&consistency=strong&timeout=0.5")
    assert (config.db_name, config.collection) == ("tenants", "answers")
    assert (config.consistency, config.timeout) == ("Strong", 0.5)


def test_token_never_shows_in_repr() -> None:
    """The token is masked in the settings' repr."""
    config = parse_uri("milvus+https://root:s3cret@db?collection=c")
    assert "s3cret" not in repr(config) and "***" in repr(config)


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("milvus:relative.db", "absolute path ending in .db"),
        ("milvus:///var/lib/cache", "absolute path ending in .db"),
        ("milvus://db?colection=x", "unknown Milvus URI parameter"),
        ("milvus://db?consistency=always", "consistency must be one of"),
        ("milvus://db?timeout=soon", "timeout must be a number"),
        ("milvus://db?collection=no-dash", "collection name"),
        ("milvus://db:99999", "bad port"),
    ],
)
def test_bad_uris_raise_config_error(uri: str, message: str) -> None:
    """A malformed Milvus URI raises ConfigError saying what is wrong."""
    with pytest.raises(ConfigError, match=message):
        parse_uri(uri)


def test_config_error_does_not_leak_the_token() -> None:
    """Messages about a URI show it without its credentials."""
    with pytest.raises(ConfigError) as raised:
        parse_uri("milvus://root:s3cret@db?nope=1&token=t0ken")
    assert "s3cret" not in str(raised.value) and "t0ken" not in str(raised.value)


def test_token_argument_replaces_the_uri_token(monkeypatch: pytest.MonkeyPatch) -> None:
    """from_uri(token=...) (a token from the environment) wins over the URI's."""
    opened: list[MilvusConfig] = []
    monkeypatch.setattr(MilvusStore, "__init__", lambda self, config, **_: opened.append(config))
    MilvusStore.from_uri("milvus://old@db", dim=DIM, model=MODEL, token="new")
    assert opened[0].token == "new" and opened[0].address == "http://db:19530"


def test_missing_pymilvus_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pymilvus, opening a Milvus store says which extra to install."""
    monkeypatch.setitem(sys.modules, "pymilvus", None)
    with pytest.raises(ImportError, match=r"pip install 'semcache\[milvus\]'"):
        require_pymilvus()


# -- scans -------------------------------------------------------------------------


def test_scan_reads_every_row_once_in_pages() -> None:
    """A primary-key range scan yields each row once, splitting slices that fill a page."""
    keys = [os.urandom(16).hex() for _ in range(1000)]
    seen: list[str] = []

    def query(expression: str, limit: int) -> list[dict[str, Any]]:
        low = expression.split('pk >= "')[1][:8] if "pk >=" in expression else ""
        high = expression.split('pk < "')[1][:8] if "pk <" in expression else "g"
        return [{"pk": k} for k in keys if low <= k < high][:limit]

    for rows in scan(query, count=100, page=64):  # count underestimated: slices split
        assert len(rows) < 64
        seen += [row["pk"] for row in rows]
    assert sorted(seen) == sorted(keys)


# -- stored bodies ------------------------------------------------------------------


def test_large_compressible_response_round_trips(store: MilvusStore) -> None:
    """A response far above one VARCHAR (65,535 bytes) is compressed and comes back equal."""
    response = {"text": "The quick brown fox jumps over the lazy dog. " * 30_000}
    put(store, make_entry("big", response=response), unit(1)[0])
    found = store.get("big")
    assert found is not None and found.response == response


def test_incompressible_response_is_chunked(store: MilvusStore) -> None:
    """A response that does not compress is split over several VARCHAR fields."""
    response = base64.b64encode(os.urandom(250_000)).decode()
    put(store, make_entry("noise", response=response, prompt="ünïcode prompt"), unit(2)[0])
    found = store.get("noise")
    assert found is not None and (found.response, found.prompt) == (response, "ünïcode prompt")


def test_response_beyond_the_maximum_is_refused(store: MilvusStore) -> None:
    """An entry larger than the store's maximum raises InvalidRequestError naming it."""
    response = base64.b64encode(os.urandom(MAX_BODY)).decode()
    with pytest.raises(InvalidRequestError, match="at most 524,280"):
        put(store, make_entry("huge", response=response), unit(3)[0])


def test_quotes_in_namespaces_cannot_widen_a_filter(store: MilvusStore) -> None:
    """Namespaces and scopes full of quotes and operators match only themselves."""
    v = unit(4)[0]
    tricky = 'a" or namespace != "'
    put(store, make_entry("mine", namespace=tricky, scope="s' or 1==1"), v)
    put(store, make_entry("other", namespace="a"), v)
    found = store.search(v, namespace=tricky, scope="s' or 1==1", k=10)
    assert [e.id for e, _ in found] == ["mine"]
    assert store.search(v, namespace=tricky, scope="", k=10) == []
    assert store.clear(tricky) == 1 and store.get("other") is not None


def test_add_many_adds_in_bulk_and_the_last_duplicate_wins(store: MilvusStore) -> None:
    """add_many stores every entry; of two with the same exact key the later one stays."""
    entries = [make_entry(f"e{i}") for i in range(5)]
    keys = ["k0", "k1", "k2", "k3", "k0"]
    store.add_many(entries, unit(13, 5), keys, [float(i) for i in range(5)])
    assert sorted(e.id for e in store.iterate()) == ["e1", "e2", "e3", "e4"]
    found = store.find_exact("k0")
    assert found is not None and found.id == "e4"
    with pytest.raises(InvalidRequestError, match="one vector of dim 8"):
        store.add_many(entries, unit(13, 4), keys, [0.0] * 5)


# -- TTL ---------------------------------------------------------------------------


def test_search_never_returns_expired_entries(store: MilvusStore) -> None:
    """An entry past its expiry is not searched, and is listed for the sweep."""
    v = unit(5)[0]
    put(store, make_entry("old", expires_at=time.time() - 1), v)
    put(store, make_entry("live", expires_at=time.time() + 3600), v)
    assert [e.id for e, _ in store.search(v, namespace="ns", scope="", k=10)] == ["live"]
    assert store.expired(time.time(), 10) == ["old"]


def test_cache_ttl_on_milvus(config: MilvusConfig) -> None:
    """Through SemanticCache, an expired answer is a miss and the sweep deletes it."""
    store = MilvusStore(config, dim=64, model="hashing-64")
    with SemanticCache(embedder=HashingEmbedder(64), store=store, threshold=0.9) as cache:
        cache.put("how tall is the eiffel tower", "330 m", ttl=0.05)
        cache.put("how long is the golden gate bridge", "2.7 km")
        time.sleep(0.1)
        assert cache.get("how tall is the eiffel tower") is None
        assert cache.get("how long is the golden gate bridge") is not None
        assert cache.sweep() == 1
        assert [e.response for e in cache.entries()] == ["2.7 km"]


# -- hits ----------------------------------------------------------------------------


def test_hits_are_buffered_until_flushed(config: MilvusConfig) -> None:
    """touch costs no write: other clients see the hits only after a flush."""
    with MilvusStore(config, dim=DIM, model=MODEL, flush_interval=3600) as store:
        put(store, make_entry("a"), unit(6)[0])
        for _ in range(3):
            store.touch("a", accessed_at=2000.0, priority=5.0)
        assert [row["hits"] for row in raw_rows(config)] == [0]
        store.flush()
        assert [row["hits"] for row in raw_rows(config)] == [3]
        found = store.get("a")
        assert found is not None and (found.hits, found.accessed_at) == (3, 2000.0)


def test_hits_are_written_on_close(config: MilvusConfig) -> None:
    """Buffered hits are not lost on a clean close."""
    with MilvusStore(config, dim=DIM, model=MODEL) as store:
        put(store, make_entry("a"), unit(7)[0])
        store.touch("a", accessed_at=3000.0, priority=1.0)
    with MilvusStore(config, dim=DIM, model=MODEL) as store:
        found = store.get("a")
        assert found is not None and (found.hits, found.accessed_at) == (1, 3000.0)


def test_hits_on_servers_without_partial_upsert(store: MilvusStore) -> None:
    """Where partial upserts are missing, hits rewrite the whole row, vector and body intact."""
    store._writer._partial = False
    v = unit(8)[0]
    put(store, make_entry("a", response={"long": "x" * 2000}), v)
    store.touch("a", accessed_at=4000.0, priority=2.0)
    store.flush()
    found = store.search(v, namespace="ns", scope="", k=1)
    assert [(e.id, e.hits, e.response) for e, _ in found] == [("a", 1, {"long": "x" * 2000})]
    assert store.lowest_priority(1) == [("a", 100, 2.0)]


def test_floor_on_servers_without_partial_upsert(store: MilvusStore) -> None:
    """Where partial upserts are missing, raise_floor rewrites the whole row intact."""
    store._writer._partial = False
    v = unit(13)[0]
    put(store, make_entry("a", response={"long": "x" * 2000}), v, priority=2.0)
    assert store.raise_floor("a", 0.5) and store.raise_floor("a", 0.25)
    found = store.search(v, namespace="ns", scope="", k=1)
    assert [(e.id, e.floor, e.response) for e, _ in found] == [("a", 0.5, {"long": "x" * 2000})]
    assert store.lowest_priority(1) == [("a", 100, 2.0)]
    assert store.raise_floor("ghost", 0.5) is False


# -- feedback shared between caches ----------------------------------------------------


def test_feedback_is_shared_between_caches(config: MilvusConfig) -> None:
    """A wrong hit reported to one cache is no longer served by another cache on the
    same collection; a closer query still is."""
    prompt, near = "how do i reset my home router", "how do i reset my home router please"
    far = near + " ok"  # not courtesy: "thanks" is not embedded

    def open_cache() -> SemanticCache:
        store = MilvusStore(config, dim=256, model="hashing-256")
        return SemanticCache(embedder=HashingEmbedder(256), store=store)

    caches = [open_cache(), open_cache()]
    try:
        caches[0].put(prompt, "answer")
        hit = caches[0].get(far)
        assert hit is not None and hit.kind == "semantic"
        assert caches[1].get(far) is not None
        caches[0].feedback(hit, correct=False)
        assert caches[1].get(far) is None
        assert caches[1].get(near) is not None
    finally:
        for cache in caches:
            cache.close()


# -- eviction and usage -----------------------------------------------------------------


def test_lowest_priority_stays_exact_across_window_and_rescans(
    store: MilvusStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Evicting round after round always takes the true lowest, new low entries included."""
    monkeypatch.setattr(_scan, "WINDOW", 6)
    monkeypatch.setattr(_scan, "_WINDOW_LIMIT", 24)
    rng = np.random.default_rng(9)
    truth: dict[str, float] = {}
    vectors = unit(9, 40)
    for i in range(30):
        truth[f"e{i}"] = float(rng.random())
        put(store, make_entry(f"e{i}", size=i + 1), vectors[i], truth[f"e{i}"])
    for round_ in range(8):
        if round_ == 3:  # arrivals below the cached cutoff must still be found
            for i in range(30, 40):
                truth[f"e{i}"] = float(rng.random()) / 10
                put(store, make_entry(f"e{i}", size=i + 1), vectors[i], truth[f"e{i}"])
        victims = store.lowest_priority(3)
        expected = sorted(truth, key=truth.__getitem__)[:3]
        assert [victim[0] for victim in victims] == expected
        assert store.delete(expected) == 3
        for entry_id in expected:
            del truth[entry_id]
    assert store.usage() == (len(truth), sum(int(i[1:]) + 1 for i in truth))


def test_usage_catches_up_with_other_writers(
    store: MilvusStore, config: MilvusConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another client's adds show in usage once the cached totals are refreshed."""
    monkeypatch.setattr(_scan, "USAGE_SECONDS", 3600.0)
    assert store.usage() == (0, 0)
    with MilvusStore(config, dim=DIM, model=MODEL) as other:
        put(other, make_entry("theirs", size=250), unit(10)[0])
    assert store.usage() == (0, 0)  # cached
    store._scan._usage_until = 0.0  # as if USAGE_SECONDS had passed
    assert store.usage() == (1, 250)


def test_iterate_pages_through_everything(
    store: MilvusStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """iterate reads every entry exactly once however small the pages are."""
    monkeypatch.setattr(_store, "_PAGE", 4)
    monkeypatch.setattr(_writes, "_LITE_FLUSH_ROWS", 8)  # entries both flushed and in memory
    vectors = unit(11, 30)
    for i in range(30):
        put(store, make_entry(f"e{i}", namespace="a" if i % 3 else "b"), vectors[i])
    assert sorted(e.id for e in store.iterate()) == sorted(f"e{i}" for i in range(30))
    assert sorted(e.id for e in store.iterate("b")) == sorted(f"e{i}" for i in range(0, 30, 3))


def test_cache_evicts_by_policy_on_milvus(config: MilvusConfig) -> None:
    """Through SemanticCache, max_entries holds and LRU evicts the least recently used."""
    store = MilvusStore(config, dim=64, model="hashing-64")
    with SemanticCache(
        embedder=HashingEmbedder(64), store=store, max_entries=3, policy="lru"
    ) as cache:
        for name in ("alpha", "bravo", "charlie"):
            cache.put(f"tell me about {name} please", name)
        assert cache.get("tell me about alpha please") is not None  # alpha is now recent
        cache.put("tell me about delta please", "delta")
        left = sorted(e.response for e in cache.entries())
        assert left == ["alpha", "charlie", "delta"]
        assert cache.stats()["evictions"] == 1


# -- schema and files ----------------------------------------------------------------


def test_restart_keeps_entries(tmp_path: Path) -> None:
    """Closing and reopening a Milvus Lite file keeps its entries and their hits."""
    require_milvus_lite()
    config = MilvusConfig(address=str(tmp_path / "own.db"))
    v = unit(12)[0]
    with MilvusStore(config, dim=DIM, model=MODEL) as store:
        put(store, make_entry("kept", response=["a", 1]), v)
        store.touch("kept", accessed_at=5000.0, priority=3.0)
    with MilvusStore(config, dim=DIM, model=MODEL) as store:
        found = store.search(v, namespace="ns", scope="", k=1)
        assert [(e.id, e.response, e.hits) for e, _ in found] == [("kept", ["a", 1], 1)]
        assert store.usage() == (1, 100)


def test_another_embedder_is_refused(config: MilvusConfig) -> None:
    """Opening a collection with another embedder raises SchemaMismatchError naming both."""
    MilvusStore(config, dim=DIM, model=MODEL).close()
    with pytest.raises(SchemaMismatchError, match=r"'test-model' \(dim 8\).*'other' \(dim 16\)"):
        MilvusStore(config, dim=16, model="other")
    with pytest.raises(SchemaMismatchError, match="another collection"):
        MilvusStore(config, dim=DIM, model="other")


def test_collection_of_schema_1_is_refused(
    config: MilvusConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A collection written by schema version 1 (no floor field) is refused with the fix."""
    monkeypatch.setattr(_schema, "SCHEMA_VERSION", "1")
    MilvusStore(config, dim=DIM, model=MODEL).close()
    monkeypatch.undo()
    with pytest.raises(
        SchemaMismatchError, match=r"version '1'; this semcache uses version '2'.*drop this one"
    ):
        MilvusStore(config, dim=DIM, model=MODEL)


def test_foreign_collection_is_refused(store: MilvusStore, config: MilvusConfig) -> None:
    """A collection semcache did not create is refused, not written into."""
    foreign = dataclasses.replace(config, collection=config.collection + "_foreign")
    store._client.create_collection(foreign.collection, dimension=DIM)
    with pytest.raises(SchemaMismatchError, match="not created by semcache"):
        MilvusStore(foreign, dim=DIM, model=MODEL)


def test_lite_file_open_in_another_process_is_locked(tmp_path: Path) -> None:
    """A Milvus Lite file held by another process raises StoreLockedError with the fix."""
    require_milvus_lite()
    path = tmp_path / "held.db"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"ready\n"
        with pytest.raises(StoreLockedError, match="milvus-lite server --data-dir"):
            MilvusStore(MilvusConfig(address=str(path)), dim=DIM, model=MODEL)
    finally:
        holder.communicate(b"", timeout=60)


def test_lite_connect_refused_once_is_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Connect refused with gRPC's UNAVAILABLE (a GOAWAY "Too many pings") is tried once
    more, and Milvus Lite's clients are made without keepalive pings."""
    config = lite_config(tmp_path)
    pymilvus = require_pymilvus()
    real = pymilvus.MilvusClient
    calls: list[dict[str, Any]] = []

    def refused_once(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        if len(calls) == 1:
            raise RuntimeError(
                "<_InactiveRpcError: status = StatusCode.UNAVAILABLE, Too many pings>"
            )
        return real(*args, **kwargs)

    monkeypatch.setattr(pymilvus, "MilvusClient", refused_once)
    with MilvusStore(config, dim=DIM, model=MODEL) as store:
        assert store.get("missing") is None
    assert len(calls) == 2
    assert calls[1]["grpc_options"]["grpc.keepalive_permit_without_calls"] is False


def test_lite_connect_failure_in_this_process_is_not_called_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When this process already serves the file (so its LOCK is ours), a failed Connect
    is a StoreError naming the cause, not "open in another process"."""
    config = lite_config(tmp_path)  # the session's shared file, served by this process
    pymilvus = require_pymilvus()

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("StatusCode.UNAVAILABLE: connection reset")

    monkeypatch.setattr(pymilvus, "MilvusClient", refused)
    with pytest.raises(StoreError, match=r"cannot connect to Milvus.*connection reset") as caught:
        MilvusStore(config, dim=DIM, model=MODEL)
    assert not isinstance(caught.value, StoreLockedError)


_HOLDER = """
import sys
from semcache.store.milvus import MilvusConfig, MilvusStore
with MilvusStore(MilvusConfig(address=sys.argv[1]), dim=8, model="test-model"):
    print("ready", flush=True)
    sys.stdin.read()
"""


# -- several processes over the network protocol -------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiteServer]:
    """``milvus-lite server`` on a free port of 127.0.0.1, stopped after the module."""
    require_milvus_lite()
    with LiteServer(tmp_path_factory.mktemp("milvus-server") / "data") as running:
        yield running


_WORKER = """
import json, sys, time
from semcache import SemanticCache
from semcache.testing import HashingEmbedder
uri, mine, theirs, patience = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
with SemanticCache(embedder=HashingEmbedder(64), store=uri, threshold=0.9) as cache:
    cache.put(mine, {"from": mine})
    put_at = time.time()
    deadline = time.monotonic() + patience
    hit = None
    while hit is None and time.monotonic() < deadline:
        hit = cache.get(theirs)
        time.sleep(0.01)
    found = None if hit is None else hit.response
    print(json.dumps({"put_at": put_at, "found": found, "found_at": time.time()}))
"""


def test_two_processes_share_one_cache(server: LiteServer) -> None:
    """Two processes on one Milvus server each find the entry the other put."""
    uri = server.uri + "?collection=shared_by_two"
    prompts = ("what is the boiling point of water", "who wrote the iliad")
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, uri, mine, theirs, str(VISIBLE_WITHIN)],
            stdout=subprocess.PIPE,
        )
        for mine, theirs in (prompts, prompts[::-1])
    ]
    results = [json.loads(worker.communicate(timeout=VISIBLE_WITHIN + 60)[0]) for worker in workers]
    assert [result["found"] for result in results] == [
        {"from": prompts[1]},
        {"from": prompts[0]},
    ]
    delays = [
        results[0]["found_at"] - results[1]["put_at"],
        results[1]["found_at"] - results[0]["put_at"],
    ]
    logging.getLogger(__name__).info("cross-process visibility delays (s): %s", delays)


def _serve(*args: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "semcache", *args]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_healthy(port: int, process: subprocess.Popen[bytes], path: str = "/healthz") -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            httpx.get(f"http://127.0.0.1:{port}{path}").raise_for_status()
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError(f"the process on port {port} did not become healthy")


def _ask(port: int, question: str) -> httpx.Response:
    body = {"model": "gpt-test", "messages": [{"role": "user", "content": question}]}
    return httpx.post(
        f"http://127.0.0.1:{port}/v1/chat/completions",
        json=body,
        headers={"authorization": f"Bearer key-of-{port}"},
        timeout=30,
    )


def _ask_until_hit(port: int, question: str) -> httpx.Response:
    deadline = time.monotonic() + VISIBLE_WITHIN
    while (answer := _ask(port, question)).headers.get("x-semcache") != "hit":
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    return answer


def test_two_proxies_share_one_cache(server: LiteServer) -> None:
    """Two `semcache serve` processes on one Milvus each serve what the other cached."""
    upstream, ports = free_port(), (free_port(), free_port())
    store = server.uri + "?collection=shared_by_proxies"
    processes = [_serve("fake-upstream", "--port", str(upstream))]
    for port in ports:
        processes.append(
            _serve(
                "serve",
                *("--upstream", f"http://127.0.0.1:{upstream}/v1", "--port", str(port)),
                *("--store", store, "--shared-namespace", "team", "--log-level", "warning"),
            )
        )
    try:
        _wait_healthy(upstream, processes[0], "/v1/models")
        for port, process in zip(ports, processes[1:], strict=True):
            _wait_healthy(port, process)
        questions = ("how many legs does a spider have", "who painted the mona lisa")
        for (asked, other), question in zip((ports, ports[::-1]), questions, strict=True):
            first = _ask(asked, question)  # a miss: answered upstream, then stored
            assert first.headers["x-semcache"] == "miss"
            served = _ask_until_hit(other, question)
            assert served.headers["x-semcache"] == "hit"
            assert served.json()["choices"] == first.json()["choices"]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=60)


def test_lookups_fail_open_while_milvus_is_down_and_recover(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Milvus down: lookups are misses, writes are dropped with a log line; then it recovers."""
    require_milvus_lite()
    with LiteServer(tmp_path / "data") as down_later:
        config = dataclasses.replace(parse_uri(down_later.uri), retry_after=3.0, timeout=2.0)
        store = MilvusStore(config, dim=64, model="hashing-64")
        with SemanticCache(embedder=HashingEmbedder(64), store=store, threshold=0.9) as cache:
            cache.put("what is the speed of light", "299,792 km/s")
            down_later.stop()
            assert cache.get("what is the speed of light") is None
            assert cache.stats()["errors"] == 1
            assert store._breaker.down  # further calls fail at once instead of waiting
            with pytest.raises(StoreError, match="unreachable"):
                store.find_exact("anything")
            with caplog.at_level(logging.WARNING, logger="semcache.store"):
                cache.put("what is the speed of sound", "343 m/s")
            assert "dropped an entry" in caplog.text
            down_later.start()
            hit = None
            deadline = time.monotonic() + VISIBLE_WITHIN
            while hit is None and time.monotonic() < deadline:
                hit = cache.get("what is the speed of light")
                time.sleep(0.1)
            assert hit is not None and hit.response == "299,792 km/s"

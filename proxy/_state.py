"""What a running proxy holds: settings, cache, upstream client, metrics, writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

import anyio
from starlette.requests import Request

from semcache import SemanticCache

from ._hot import HotAnswers, Renderings
from ._metrics import ProxyMetrics
from ._settings import Settings
from ._upstream import Upstream
from ._writes import Writes

__all__ = ["ProxyState", "state_of"]

T = TypeVar("T")


@dataclass(frozen=True)
class ProxyState:
    """Everything request handlers share; created by the app's lifespan."""

    settings: Settings
    cache: SemanticCache
    upstream: Upstream
    metrics: ProxyMetrics
    writes: Writes
    limiter: anyio.CapacityLimiter
    #: Requests answered lately by exact hits, served again without a lookup.
    answers: HotAnswers = field(default_factory=HotAnswers)
    #: How entries were served lately, to serve later hits on them from bytes.
    renderings: Renderings = field(default_factory=Renderings)

    async def in_thread(self, func: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Run a blocking cache call on a worker thread (the loop keeps serving)."""
        return await anyio.to_thread.run_sync(partial(func, *args, **kwargs), limiter=self.limiter)


def state_of(request: Request) -> ProxyState:
    """The proxy state of the app serving ``request``."""
    state: ProxyState = request.app.state.proxy
    return state

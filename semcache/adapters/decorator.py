"""``@cached``: put a SemanticCache in front of any function that answers a prompt."""

from __future__ import annotations

import contextlib
import functools
import inspect
import json
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import anyio.to_thread

from .. import wire
from .._cache import SemanticCache
from .._config import check_threshold, check_ttl
from .._errors import ConfigError
from .._keys import scope_digest
from .._records import Key

__all__ = ["cached"]

F = TypeVar("F", bound=Callable[..., Any])
_R = TypeVar("_R")
_NAMELESS = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)


def cached(
    cache: SemanticCache,
    *,
    prompt_arg: str | None = None,
    namespace: str = "default",
    ttl: float | None = None,
    threshold: float | None = None,
    ignore: Iterable[str] = (),
    coalesce_timeout: float = wire.DEFAULT_COALESCE_TIMEOUT,
) -> Callable[[F], F]:
    """Serve a function's result from ``cache`` when it was asked a similar prompt.

    The prompt is the first parameter, or the one named ``prompt_arg``; it must be a
    string. Every other argument (defaults applied) goes into the scope, except
    those named in ``ignore`` (clients, loggers, ``self``): only calls whose other
    arguments are equal share answers. The scope is the arguments' JSON (sorted
    keys) plus the function's qualified name, so it is stable across runs; an
    argument that is not JSON-serializable raises :class:`TypeError` naming it,
    rather than guessing from its ``repr``.

    Works on sync and async functions (on async ones the cache runs in a worker
    thread) and keeps the signature and docstring. A raised exception is never
    cached. A result that is not JSON-serializable is returned uncached (with a
    warning); a cached result comes back as its JSON round trip (tuples as lists).
    A fault inside the cache is logged and the function is called.

    Concurrent calls with the same prompt and arguments wait for the first one
    (single-flight) for up to ``coalesce_timeout`` seconds (0: off) and get its
    result; if it raises, each of them calls the function itself. The wrapper's
    ``semcache_flights`` attribute is its :class:`~semcache.wire.Flights`.
    """
    controls = wire.Controls(ttl=check_ttl(ttl), threshold=_threshold(threshold))
    try:
        flights = wire.Flights(coalesce_timeout)
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
    options = _Options(cache, namespace, controls, frozenset(ignore), flights)

    def decorate(function: F) -> F:
        plan = _Planner(function, prompt_arg, options)
        if inspect.iscoroutinefunction(function):
            wrapper = _async_wrapper(function, plan)
        else:
            wrapper = _sync_wrapper(function, plan)
        wrapper.semcache_flights = flights  # type: ignore[attr-defined]
        return cast(F, wrapper)

    return decorate


@dataclass(frozen=True, slots=True)
class _Options:
    cache: SemanticCache
    namespace: str
    controls: wire.Controls
    ignore: frozenset[str]
    flights: wire.Flights

    def __post_init__(self) -> None:
        if not isinstance(self.namespace, str) or not self.namespace:
            raise ConfigError(f"namespace must be a non-empty string; got {self.namespace!r}")


def _threshold(value: float | None) -> float | None:
    return None if value is None else check_threshold(value)


class _Planner:
    """Turns the arguments of one call into a cache lookup (prompt and scope)."""

    def __init__(
        self, function: Callable[..., Any], prompt_arg: str | None, options: _Options
    ) -> None:
        self.options = options
        self._signature = inspect.signature(function)
        self._prompt = _prompt_parameter(self._signature, prompt_arg, function)
        self._name = f"{function.__module__}.{function.__qualname__}"
        unknown = options.ignore - set(self._signature.parameters)
        if unknown:
            raise ConfigError(
                f"ignore names {sorted(unknown)}, which are not parameters of {self._name}"
            )

    def plan(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> wire.Call | None:
        """The cache's view of this call, or None when there is no prompt text to embed."""
        bound = self._signature.bind(*args, **kwargs)
        bound.apply_defaults()
        arguments = dict(bound.arguments)
        prompt = arguments.pop(self._prompt)
        if not isinstance(prompt, str):
            raise TypeError(
                f"the prompt argument {self._prompt!r} of {self._name} must be a string; "
                f"got {type(prompt).__name__} (choose another one with prompt_arg=)"
            )
        if not prompt.strip():
            return None
        kept = {k: v for k, v in arguments.items() if k not in self.options.ignore}
        key = Key(self.options.namespace, scope_digest(_scope(self._name, kept)), prompt)
        return wire.Call(key, self.options.controls)


def _prompt_parameter(
    signature: inspect.Signature, prompt_arg: str | None, function: Callable[..., Any]
) -> str:
    names = list(signature.parameters)
    if prompt_arg is not None:
        if prompt_arg not in signature.parameters:
            raise ConfigError(
                f"prompt_arg={prompt_arg!r} is not a parameter of {function.__qualname__}; "
                f"its parameters are {names}"
            )
        return prompt_arg
    if not names or signature.parameters[names[0]].kind in _NAMELESS:
        raise ConfigError(
            f"{function.__qualname__} has no first named parameter to use as the prompt; "
            "name it with prompt_arg="
        )
    return names[0]


def _scope(name: str, arguments: dict[str, Any]) -> str:
    for argument, value in arguments.items():
        try:
            _json(value)
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"argument {argument!r} of {name} is not JSON-serializable ({exc}), so it "
                f"cannot be part of the cache scope; pass JSON values or leave it out "
                f"with ignore=({argument!r},)"
            ) from exc
    return _json({"function": name, "arguments": arguments})


def _json(value: Any) -> str:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


# -- the calls ----------------------------------------------------------------------


def _sync_wrapper(function: Callable[..., Any], planner: _Planner) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        call = planner.plan(args, kwargs)
        if call is None:
            return function(*args, **kwargs)
        cache = planner.options.cache
        hit = wire.lookup(cache, call)
        if hit is not None:
            return hit.response
        seat = planner.options.flights.join(call)
        if not seat.leader:
            shared = seat.wait()  # the same call is running: its result, or None
            if shared is not None:
                return json.loads(shared)
        with seat:
            result = function(*args, **kwargs)
            _settle(cache, call, seat, result)
        return result

    return wrapper


def _async_wrapper(
    function: Callable[..., Awaitable[Any]], planner: _Planner
) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(function)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        call = planner.plan(args, kwargs)
        if call is None:
            return await function(*args, **kwargs)
        cache = planner.options.cache
        hit = await _in_thread(wire.lookup, cache, call)
        if hit is not None:
            return hit.response
        seat = planner.options.flights.join(call)
        if not seat.leader:
            shared = await seat.wait_async()
            if shared is not None:
                return json.loads(shared)
        with seat:
            result = await function(*args, **kwargs)
            await _in_thread(_settle, cache, call, seat, result)
        return result

    return wrapper


def _settle(cache: SemanticCache, call: wire.Call, seat: wire.Seat, result: Any) -> None:
    """Share the result with the calls waiting for it (as JSON: each gets its own
    copy, as from the cache), then store it. A follower's seat shares nothing."""
    # Not JSON: the waiting calls run the function themselves (store() warns).
    with contextlib.suppress(TypeError, ValueError):
        seat.publish(_json(result))
    wire.store(cache, call, result)


async def _in_thread(function: Callable[..., _R], *args: Any) -> _R:
    return await anyio.to_thread.run_sync(functools.partial(function, *args))

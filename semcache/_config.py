"""Settings of a SemanticCache: defaults and validation."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

from ._errors import ConfigError, InvalidRequestError

__all__ = [
    "DEFAULT_CANDIDATES",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_ENTRIES",
    "DEFAULT_MIN_PRECISION",
    "DEFAULT_POLICY",
    "DEFAULT_SWEEP_INTERVAL",
    "DEFAULT_THRESHOLD",
    "DEFAULT_TTL",
    "MAX_NAMESPACE",
    "CacheConfig",
    "check_namespace",
    "check_scope",
    "check_text",
    "check_threshold",
    "check_ttl",
]

#: The default operating point as a target precision, measured with the default
#: verifier on the noisy QQP dev labels (1.0 on our hand-written sets and 0.98 on
#: the blind one of #13; see docs/quality.md). Correctness-first: its threshold
#: (0.795) is just under the checks' own floor for reworded prompts (0.80), below
#: which only prompts whose content words all match are served (on the dev sets the
#: pairs served between 0.795 and 0.8025 were all paraphrases).
DEFAULT_MIN_PRECISION: Final = 0.78
#: Cosine similarity a semantic candidate needs before verification (higher is
#: closer): the threshold of DEFAULT_MIN_PRECISION (a test keeps them in step).
DEFAULT_THRESHOLD: Final = 0.795
#: Eviction policy name (see semcache.eviction.POLICIES).
DEFAULT_POLICY: Final = "lru"
#: Entry limit; None means no limit.
DEFAULT_MAX_ENTRIES: Final[int | None] = 1_000_000
#: Byte limit on stored prompts + responses; None means no limit.
DEFAULT_MAX_BYTES: Final[int | None] = 2 * 1024**3
#: Seconds an entry lives; None means until evicted.
DEFAULT_TTL: Final[float | None] = None
#: Nearest neighbours handed to the verifier.
DEFAULT_CANDIDATES: Final = 4
#: Seconds between sweeps of expired entries (done during puts).
DEFAULT_SWEEP_INTERVAL: Final = 30.0
#: Longest namespace name, in characters.
MAX_NAMESPACE: Final = 256


def _as_number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def check_threshold(value: object, name: str = "threshold") -> float:
    """``value`` as a similarity threshold in [0, 1], or ConfigError naming it."""
    number = _as_number(value)
    if number is None or not 0.0 <= number <= 1.0:
        raise ConfigError(f"{name} must be a number between 0 and 1; got {value!r}")
    return number


def check_ttl(value: object, name: str = "ttl") -> float | None:
    """``value`` as a TTL in seconds (None: no expiry), or ConfigError naming it."""
    if value is None:
        return None
    number = _as_number(value)
    if number is None or math.isnan(number) or number <= 0:
        raise ConfigError(
            f"{name} must be a positive number of seconds (or None for no expiry); got {value!r}"
        )
    return None if math.isinf(number) else number


def check_text(value: object, name: str) -> None:
    """A prompt: a string with something besides white space."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string; got {type(value).__name__}")
    if not value.strip():
        raise InvalidRequestError(f"{name} must not be empty or only white space; got {value!r}")


def check_namespace(value: object) -> None:
    """A namespace: 1 to MAX_NAMESPACE characters."""
    if not isinstance(value, str):
        raise TypeError(f"namespace must be a string; got {type(value).__name__}")
    if not value or len(value) > MAX_NAMESPACE:
        raise InvalidRequestError(
            f"namespace must be 1 to {MAX_NAMESPACE} characters; got {len(value)} characters"
        )


def check_scope(value: object) -> str | None:
    """A scope: a string or None (returned as is)."""
    if value is not None and not isinstance(value, str):
        raise TypeError(
            f"scope must be a string or None; got {type(value).__name__} "
            "(serialize structured scopes, e.g. with json.dumps(..., sort_keys=True))"
        )
    return value


def check_minimums(**settings: tuple[object, int]) -> None:
    """Raise ConfigError for the first setting, given as (value, lowest allowed),
    that is not a whole number of at least its lowest allowed value."""
    for name, (value, lowest) in settings.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < lowest:
            raise ConfigError(f"{name} must be an integer of at least {lowest}; got {value!r}")


def _check_limit(value: object, name: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ConfigError(
            f"{name} must be a positive whole number (or None for no limit); got {value!r}"
        )
    return value


@dataclass(frozen=True, kw_only=True, slots=True)
class CacheConfig:
    """Validated numeric settings of a SemanticCache."""

    threshold: float = DEFAULT_THRESHOLD
    max_entries: int | None = DEFAULT_MAX_ENTRIES
    max_bytes: int | None = DEFAULT_MAX_BYTES
    ttl: float | None = DEFAULT_TTL
    candidates: int = DEFAULT_CANDIDATES

    def __post_init__(self) -> None:
        check_threshold(self.threshold)
        _check_limit(self.max_entries, "max_entries")
        _check_limit(self.max_bytes, "max_bytes")
        check_ttl(self.ttl)
        if not isinstance(self.candidates, int) or self.candidates < 1:
            raise ConfigError(
                f"candidates must be a positive whole number; got {self.candidates!r}"
            )

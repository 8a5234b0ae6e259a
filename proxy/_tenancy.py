"""Which cache namespace a request belongs to, without ever keeping its credentials.

The tenant is a digest of every credential the request carries: the
``Authorization`` header whatever its scheme (Bearer, Basic, Token, ...), and the
``x-api-key`` (Anthropic) and ``api-key`` (Azure) headers. Two callers share
entries only if they send the same credentials. The digest is a BLAKE2b keyed
with a fixed domain key, not a salted password hash: credentials are secrets the
upstream checks, so the digest cannot be reversed by guessing, and a fixed
function keeps namespaces stable across restarts and across proxies sharing one
store. A bare key (``Bearer KEY``, ``api-key: KEY``, ``x-api-key: KEY``) counts
as the key itself: the same secret sent in another header is the same caller.

A request with no credential has no tenant (:func:`tenant_of` returns None); the
``anonymous`` setting decides whether such requests share the namespace
``anonymous`` or bypass the cache (the default). An operator can instead put every
caller into one shared namespace. ``x-semcache-namespace`` then names a
sub-namespace within the tenant.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from semcache import InvalidRequestError, wire

__all__ = [
    "ANONYMOUS",
    "CREDENTIAL_HEADERS",
    "credentials_of",
    "namespace_for",
    "tenant_for",
    "tenant_of",
]

ANONYMOUS = "anonymous"
#: Request headers that identify the caller; each may be given at most once.
CREDENTIAL_HEADERS = ("authorization", "x-api-key", "api-key")
_KEY = b"semcache-tenant-v2"  # domain separation: these digests are only tenant ids
_PERSON = b"semcache-tenant"
_SEPARATOR = "/"


def credentials_of(headers: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """The caller's credentials, canonical and sorted: a bare key as itself, any
    other ``Authorization`` value as ``authorization:<scheme> <rest>``.

    Raises :class:`~semcache.InvalidRequestError` (naming the header, never its
    values) if a credential header is given more than once.
    """
    found: dict[str, str] = {}
    for name, value in headers:
        lowered = name.lower()
        if lowered not in CREDENTIAL_HEADERS:
            continue
        if lowered in found:
            raise InvalidRequestError(
                f"header {lowered} is given more than once; send one credential per request"
            )
        found[lowered] = value.strip()
    return tuple(sorted(_canonical(name, value) for name, value in found.items() if value))


def _canonical(name: str, value: str) -> str:
    if name != "authorization":
        return value
    scheme, _, rest = value.partition(" ")
    if scheme.lower() == "bearer" and rest.strip():
        return rest.strip()
    return f"authorization:{scheme.lower()} {rest.strip()}"


def tenant_of(credentials: tuple[str, ...]) -> str | None:
    """The namespace id of a caller: ``k-`` and 32 hex digits; None without credentials."""
    if not credentials:
        return None
    joined = "\n".join(credentials).encode("utf-8", "surrogateescape")  # no \n in a header
    digest = hashlib.blake2b(joined, digest_size=16, key=_KEY, person=_PERSON)
    return "k-" + digest.hexdigest()


def namespace_for(tenant: str, sub_namespace: str | None) -> str:
    """The cache namespace of a request: tenant (or shared name), then sub-namespace.

    Raises :class:`~semcache.InvalidRequestError` if the two together are longer
    than a namespace may be.
    """
    if not sub_namespace:
        return tenant
    namespace = f"{tenant}{_SEPARATOR}{sub_namespace}"
    if len(namespace) > wire.MAX_NAMESPACE:
        # Checked here: past the limit the cache would refuse every lookup and write.
        raise InvalidRequestError(
            f"x-semcache-namespace is too long: within tenant {tenant[:40]!r} it makes a "
            f"namespace of {len(namespace)} characters, over the limit of "
            f"{wire.MAX_NAMESPACE}; send a shorter one"
        )
    return namespace


def tenant_for(
    headers: Iterable[tuple[str, str]], *, shared: str | None, anonymous: str
) -> str | None:
    """The tenant of a request: the shared namespace if one is set, else the digest
    of its credentials; without any, ``anonymous`` ("share") or None ("bypass").

    Raises :class:`~semcache.InvalidRequestError` for a credential header given twice.
    """
    tenant = tenant_of(credentials_of(headers))  # checked even when shared: one credential each
    if shared is not None:
        return shared
    if tenant is None and anonymous == "share":
        return ANONYMOUS
    return tenant

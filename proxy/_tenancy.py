"""Which cache namespace a request belongs to, without ever keeping its API key.

The tenant is a digest of the caller's API key (``Authorization: Bearer KEY``, or
the Azure-style ``api-key`` header): two keys never share entries. The digest is a
plain BLAKE2b of the key with a fixed personalization, not a salted password
hash: API keys are long random secrets, so the digest cannot be reversed by
guessing, and a fixed function keeps namespaces stable across restarts and
across proxies sharing one store. Requests without a key share the tenant
``anonymous``. An operator can instead put every caller into one shared namespace.
``x-semcache-namespace`` then names a sub-namespace within the tenant.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from semcache import InvalidRequestError, wire

__all__ = ["ANONYMOUS", "api_key_of", "namespace_for", "tenant_of"]

ANONYMOUS = "anonymous"
_PERSON = b"semcache-tenant"  # domain separation: these digests are only tenant ids
_SEPARATOR = "/"


def api_key_of(headers: Mapping[str, str]) -> str | None:
    """The caller's API key from ``Authorization: Bearer`` or ``api-key``, if any."""
    authorization = headers.get("authorization", "")
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return headers.get("api-key", "").strip() or None


def tenant_of(api_key: str | None) -> str:
    """The namespace id of an API key: ``k-`` and 32 hex digits, or ``anonymous``."""
    if api_key is None:
        return ANONYMOUS
    digest = hashlib.blake2b(api_key.encode(), digest_size=16, person=_PERSON)
    return "k-" + digest.hexdigest()


def namespace_for(headers: Mapping[str, str], sub_namespace: str | None, shared: str | None) -> str:
    """The cache namespace of a request: tenant (or shared name), then sub-namespace.

    Raises :class:`~semcache.InvalidRequestError` if the two together are longer
    than a namespace may be.
    """
    tenant = shared if shared is not None else tenant_of(api_key_of(headers))
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

"""semcache_proxy: an OpenAI-compatible caching HTTP proxy.

Run it with ``semcache serve --upstream URL``, or build the ASGI app yourself::

    from semcache_proxy import Settings, create_app
    app = create_app(Settings(upstream="https://api.openai.com/v1"))
"""

from __future__ import annotations

from ._app import create_app, open_cache
from ._server import ServerThread
from ._settings import Settings, load_settings

__all__ = ["ServerThread", "Settings", "create_app", "load_settings", "open_cache"]

"""The semcache proxy: an OpenAI-compatible caching HTTP proxy (installed as semcache_proxy)."""

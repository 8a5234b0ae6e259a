# The semcache proxy as a container: slim (Debian bookworm-slim and a virtualenv,
# no compiler in the final image), non-root, one data volume, a health check.
#
#   docker build -t semcache-llm .
#   docker run -p 8080:8080 -v semcache-data:/data \
#     -e SEMCACHE_UPSTREAM=https://api.openai.com/v1 -e SEMCACHE_ADMIN_TOKEN=... semcache-llm
#
# Every setting is a SEMCACHE_* variable (see docs/proxy.md); the model ships in the
# package, so nothing is downloaded when the container starts.

FROM debian:bookworm-slim AS build
# hnswlib has no wheel for every platform and builds from source: a C++ compiler.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv python3-dev g++ \
 && rm -rf /var/lib/apt/lists/*
RUN python3 -m venv /opt/semcache
COPY . /src
RUN /opt/semcache/bin/pip install --no-cache-dir --disable-pip-version-check /src \
 && find /opt/semcache -name '__pycache__' -prune -exec rm -rf {} +

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin semcache \
 && mkdir -p /data && chown semcache:semcache /data
# The same base and python3 path as the build stage, so the virtualenv's links hold.
COPY --from=build /opt/semcache /opt/semcache
ENV PATH=/opt/semcache/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SEMCACHE_HOST=0.0.0.0 \
    SEMCACHE_PORT=8080 \
    SEMCACHE_DATA_DIR=/data
USER semcache:semcache
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python3", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('SEMCACHE_PORT', '8080'), timeout=4)"]
ENTRYPOINT ["semcache"]
CMD ["serve"]

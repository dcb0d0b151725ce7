# bulksends in a container: the Slack app in HTTP mode (README: "Running it in containers").
# Build: docker build -t bulksends .   Run: see compose.yaml (PostgreSQL and two replicas).

# --- build: the locked dependencies, then the app, into /app/.venv with uv --------------
FROM python:3.11-slim AS build
COPY --from=ghcr.io/astral-sh/uv:0.13 /uv /bin/uv
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
WORKDIR /app
# Dependencies first: this layer is reused until pyproject.toml or uv.lock change.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --locked --no-dev --no-install-project
COPY bot ./bot
RUN uv sync --locked --no-dev

# --- run: the same slim Python, no uv, no compilers, not root ---------------------------
FROM python:3.11-slim
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin bulksends \
    && mkdir /data && chown bulksends:bulksends /data
WORKDIR /app
COPY --from=build --chown=bulksends:bulksends /app /app
ENV PATH="/app/.venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    BULKSENDS_DB=/data/bulksends.db
USER bulksends
EXPOSE 3000
# 503 while requests to Mindo are stuck (GET /healthz); the image has no curl, Python asks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=4).status != 200)"]
# bulksends stops cleanly on SIGTERM: answers under way finish, digests hand their days back.
STOPSIGNAL SIGTERM
CMD ["bulksends", "run", "--http", "--host", "0.0.0.0", "--port", "3000"]

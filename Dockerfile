# The app as one container image. Run several replicas of it behind the reverse proxy of
# compose.yaml, all on one PostgreSQL (README: "Running it for an organisation").
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# An unprivileged user of its own: the app never runs as root.
RUN groupadd --system --gid 10001 csc \
 && useradd --system --uid 10001 --gid csc --home-dir /app --shell /usr/sbin/nologin csc

WORKDIR /app
# Dependencies first, so a change to the code does not reinstall them.
COPY pyproject.toml README.md LICENSE ./
COPY questionnaire questionnaire
COPY analysis analysis
COPY reports reports
COPY services services
COPY storage storage
COPY views views
COPY app.py server.py alembic.ini ./
COPY .streamlit .streamlit
RUN pip install . \
 && mkdir -p /data && chown csc:csc /data

USER csc

# Settings come from the environment (compose.yaml, or `docker run -e`); secrets never live in
# the image. CSC_DATA_DIR only matters for a single container on its embedded SQLite file.
ENV CSC_DATA_DIR=/data \
    STREAMLIT_SERVER_HEADLESS=true \
    STREAMLIT_SERVER_ADDRESS=0.0.0.0 \
    STREAMLIT_SERVER_PORT=8501 \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false \
    STREAMLIT_SERVER_FILE_WATCHER_TYPE=none
EXPOSE 8501
VOLUME ["/data"]

# Streamlit's own health endpoint answers once the server is up (it does not touch the database,
# so an outage of PostgreSQL shows users a message instead of restarting every replica).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]

CMD ["streamlit", "run", "server.py"]

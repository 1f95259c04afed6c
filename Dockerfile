# The IITE Platform's app image, for compose.yaml: the same app server and worker that
# deploy/systemd runs on a machine. Build: `docker build -t iite-platform .`
FROM python:3.11-slim-bookworm

RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/* \
 && pip install --no-cache-dir uv \
 && useradd --system --home-dir /srv/iite iite

WORKDIR /srv/iite
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN SECRET_KEY=build-only .venv/bin/python manage.py compilemessages --ignore=.venv -v 0 \
 && SECRET_KEY=build-only .venv/bin/python manage.py collectstatic --noinput -v 0 \
 && chown -R iite:iite /srv/iite/var
USER iite
ENV BIND=0.0.0.0:8000
EXPOSE 8000
CMD [".venv/bin/python", "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi:application"]

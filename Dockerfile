# The production image: gunicorn serves CSE Hub; the same image runs the Celery worker and beat.
# docker-compose.yml shows how the pieces fit together.

# Stage 1: GOV.UK Frontend and MoJ Frontend, from package-lock.json, compiled to static/build.
FROM node:20-bookworm-slim AS frontend
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ frontend/
# Only the runtime packages stay: Django serves their assets; the compiler is not needed.
RUN npm run build && npm prune --omit=dev

# Stage 2: the application.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=cse_hub.settings.production \
    CSE_HUB_VAR_DIR=/app/var
WORKDIR /app

RUN groupadd --system --gid 10001 cse_hub \
    && useradd --system --uid 10001 --gid cse_hub --home-dir /app --no-create-home cse_hub

# Every package pinned with its hash: the image holds exactly what CI tested.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

COPY . .
COPY --from=frontend /app/node_modules ./node_modules
COPY --from=frontend /app/static/build ./static/build

# Production settings refuse to start without their environment; these values exist only for
# this build step (collectstatic connects to nothing) and are not in the final environment.
RUN SECRET_KEY=build-time-only-and-never-used-to-sign-anything-at-run-time \
    ALLOWED_HOSTS=build.invalid \
    BASE_URL=https://build.invalid \
    DATABASE_URL=postgres://build@build.invalid:5432/build \
    REDIS_URL=redis://build.invalid:6379/0 \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/var \
    && chown cse_hub:cse_hub /app/var

# The code is root's and read-only to the application; it writes only to var/.
USER cse_hub
EXPOSE 8000
CMD ["gunicorn", "cse_hub.wsgi:application", "--bind=0.0.0.0:8000", "--workers=3", "--access-logfile=-"]

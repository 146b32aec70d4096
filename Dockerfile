FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home tact
WORKDIR /app

COPY pyproject.toml README.md ./
COPY config ./config
COPY accounts ./accounts
COPY clients ./clients
COPY projects ./projects
COPY referrals ./referrals
COPY triage ./triage
COPY workspace ./workspace
COPY demo ./demo
RUN pip install .
COPY . .
RUN python manage.py compilemessages --ignore=.venv \
 && DJANGO_SETTINGS_MODULE=config.settings.base python manage.py collectstatic --noinput \
 && chown -R tact /app
USER tact
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]

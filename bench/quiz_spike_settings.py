"""Settings for bench/quiz_spike.py's gunicorn: the platform's own settings (same middleware, sessions, cache)
with one extra URL, the baseline endpoint (see quiz_spike_urls.py)."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.quiz_spike_urls"

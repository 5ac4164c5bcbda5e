"""Test settings: fast hasher, per-run cache prefix, same apps and middleware as production."""

import os
import tempfile
import uuid
from pathlib import Path

from config.settings import *  # noqa: F403
from config.settings import CACHES, STORAGES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Each test run gets its own cache namespace so nothing leaks between runs on a shared Redis.
CACHE_KEY_PREFIX = f"test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
CACHES["default"]["KEY_PREFIX"] = CACHE_KEY_PREFIX
if "LOCATION" not in CACHES["default"]:  # no Redis: one process, so progress can live in memory
    CACHES["progress"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "progress"}
    CACHES["counters"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "counters"}
else:
    CACHES["progress"] = {**CACHES["default"], "KEY_PREFIX": f"{CACHE_KEY_PREFIX}-progress"}
    CACHES["counters"] = {**CACHES["default"], "KEY_PREFIX": f"{CACHE_KEY_PREFIX}-counters"}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Uploaded files of a test run go to a throwaway folder.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="gonghui-test-media-"))
# Tests never run collectstatic: whitenoise serves from the finders instead of an (absent) STATIC_ROOT.
STATIC_ROOT = None  # type: ignore[assignment]
WHITENOISE_USE_FINDERS = True

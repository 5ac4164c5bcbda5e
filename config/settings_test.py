"""Test settings: fast hasher, per-run cache prefix, same apps and middleware as production."""

import os
import uuid

from config.settings import *  # noqa: F403
from config.settings import CACHES, STORAGES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Each test run gets its own cache namespace so nothing leaks between runs on a shared Redis.
CACHE_KEY_PREFIX = f"test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
CACHES["default"]["KEY_PREFIX"] = CACHE_KEY_PREFIX
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True

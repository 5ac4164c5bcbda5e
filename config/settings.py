"""The one settings module. Driven by environment variables; runs with none at all on SQLite."""

from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.utils.csp import CSP

from config.env import env_bool, env_int, env_list, env_str

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)
DEV_SECRET_KEY = _DEV_SECRET = "dev-only-insecure-secret-key-change-me-in-production-0123456789"  # noqa: S105
SECRET_KEY = env_str("DJANGO_SECRET_KEY") or _DEV_SECRET
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Key material for personal data (ID numbers): encryption and the keyed lookup hash.
# Production must set it; by default it derives from SECRET_KEY so dev data stays readable.
PERSONAL_DATA_KEY = env_str("PERSONAL_DATA_KEY", "") or SECRET_KEY

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "treebeard",
    "django_tasks_db",
    "axes",
    "gonghui.core",
    "gonghui.accounts",
    "gonghui.codelists",
    "gonghui.orgs",
    "gonghui.members",
    "gonghui.calendars",
    "gonghui.notifications",
    "gonghui.spreadsheets",
    "gonghui.attachments",
    "gonghui.certificates",
    "gonghui.notices",
    "gonghui.responses",
    "gonghui.quotas",
    "gonghui.reviews",
    "gonghui.ledger",
    "gonghui.checkins",
    "gonghui.visits",
    "gonghui.dashboards",
    "gonghui.documents",
    "gonghui.reports",
    "gonghui.workplans",
    "gonghui.appeals",
    "gonghui.legal",
    "gonghui.quizzes",
    "gonghui.contests",
    "gonghui.honours",
    "gonghui.welfare",
    "gonghui.activities",
    "gonghui.news",
    "gonghui.learning",
    "gonghui.surveys",
    "gonghui.congresses",
    "gonghui.evaluations",
    "gonghui.matchmaking",
    "gonghui.portal",
    "gonghui.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "gonghui.core.middleware.NulCharacterMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gonghui.accounts.middleware.IdleTimeoutMiddleware",
    "gonghui.accounts.middleware.ForcePasswordChangeMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gonghui.accounts.context_processors.shell",
                "gonghui.notifications.context_processors.inbox",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout = 5000;",
        "transaction_mode": "IMMEDIATE",
    }

REDIS_URL = env_str("REDIS_URL", "")
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "gonghui")
CACHES: dict[str, dict[str, object]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
# Progress of background imports and exports, shared between the worker and the web processes and written
# outside the job's own database transaction: Redis when configured, otherwise files on local disk.
CACHES["progress"] = (
    {**CACHES["default"], "KEY_PREFIX": f"{CACHE_KEY_PREFIX}-progress"}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(BASE_DIR / env_str("PROGRESS_CACHE_DIR", "var/progress")),
        # Heartbeats must not be culled away while their job runs (the default keeps only 300 files).
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
)

# Counters a GET adds to and a scheduled job empties (news read counts): they must be seen by every web process
# and by the process running `run_due_jobs`. Redis when configured (atomic increments); otherwise files on local
# disk, shared by the processes of one machine (an increment racing another on the same key may be lost there).
CACHES["counters"] = (
    {**CACHES["default"], "KEY_PREFIX": f"{CACHE_KEY_PREFIX}-counters"}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(BASE_DIR / env_str("COUNTERS_CACHE_DIR", "var/counters")),
        # counters have no expiry and must never be culled before the job flushes them
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    }
)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "gonghui.accounts.backends.UsernameOrPhoneBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "gonghui.accounts.passwords.LettersAndDigitsValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes: lock an account+IP pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", default=30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "gonghui.core.audit.client_ip"  # the real client behind nginx, as in the audit log

# Idle timeout for cadres (members on phones keep their session).
CADRE_IDLE_TIMEOUT_MINUTES = env_int("CADRE_IDLE_TIMEOUT_MINUTES", default=30)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE_SECONDS", default=14 * 24 * 3600)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]  # Chinese texts Django's own catalogue lacks
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / env_str("STATIC_ROOT", "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / env_str("MEDIA_ROOT", "media")

# 公文 PDF fonts (GB/T 9704): paths to licensed font files embedded instead of the bundled FandolFang (body, 仿宋)
# and bold Noto Serif CJK (title); empty = an installed 仿宋_GB2312 / 方正小标宋 by family name, else the bundled ones.
PDF_FANGSONG_FONT = env_str("PDF_FANGSONG_FONT")
PDF_TITLE_FONT = env_str("PDF_TITLE_FONT")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# HTTPS hardening: on for production (DJANGO_HTTPS=true behind nginx with TLS).
HTTPS = env_bool("DJANGO_HTTPS", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
# Reverse proxies in front of the app whose X-Forwarded-For entry is trusted (nginx: one).
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", default=1 if HTTPS else 0)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", default=31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (Django's own middleware), on every response in every environment: scripts, styles,
# fonts and requests only from this origin. No template carries an inline script, event handler or style attribute
# (tests/test_assets.py scans them): behaviour is wired by data- attributes in static/js/app.js, styles live in
# static/css/app.css, and htmx is configured (meta htmx-config) to need no eval and to inject no <style>.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "worker-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_one_line": {"()": "gonghui.core.request_log.ForbiddenOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # A 403 is one line (path, user id, reason), never a traceback.
    "loggers": {"django.request": {"filters": ["forbidden_one_line"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Notifications: SMS through a pluggable backend (console by default), email through Django's mail backend.
SMS_BACKEND = env_str("SMS_BACKEND", "gonghui.core.channels.ConsoleSmsBackend")
# EMAIL_ENABLED=false is the explicit "this site sends no email" (inbox and SMS still work): every message is
# dropped and logged by DisabledEmailBackend, so `check --deploy` does not ask for a real mail server.
EMAIL_ENABLED = env_bool("EMAIL_ENABLED", default=True)
_EMAIL_BACKEND = (
    env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    if EMAIL_ENABLED
    else "gonghui.core.channels.DisabledEmailBackend"
)
MAILERS: dict[str, dict[str, object]] = {"default": {"BACKEND": _EMAIL_BACKEND}}
if _EMAIL_BACKEND.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("EMAIL_HOST", "127.0.0.1"),
        "port": env_int("EMAIL_PORT", default=25),
        "username": env_str("EMAIL_HOST_USER", ""),
        "password": env_str("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", default=False),
    }
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@gonghui.local")

# Background tasks: django.tasks with the database backend; `manage.py db_worker` runs them
# (one beside gunicorn in `make run`, N under systemd in production).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# An import or export job whose worker has sent no heartbeat for this many seconds (or whose process is gone on
# its recorded host) is marked 失败 by `run_due_jobs`, and the user may retry or cancel it. Workers beat every
# quarter of this (at most every 15 s) into the "progress" cache.
JOB_STALE_AFTER = env_int("JOB_STALE_AFTER", default=120)

# SMS codes for account activation and password reset.
SMS_CODE_TTL_SECONDS = env_int("SMS_CODE_TTL_SECONDS", default=300)
SMS_CODE_RESEND_SECONDS = env_int("SMS_CODE_RESEND_SECONDS", default=60)
SMS_CODE_MAX_PER_HOUR = env_int("SMS_CODE_MAX_PER_HOUR", default=5)
SMS_CODE_MAX_PER_DAY = env_int("SMS_CODE_MAX_PER_DAY", default=10)
SMS_CODE_MAX_PER_IP_HOUR = env_int("SMS_CODE_MAX_PER_IP_HOUR", default=20)
SMS_CODE_MAX_ATTEMPTS = env_int("SMS_CODE_MAX_ATTEMPTS", default=5)

# The address phones reach the platform at (QR codes on certificates point here; the intranet host may not be
# reachable from a phone). Empty: the address of the request that rendered the PDF.
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "").rstrip("/")
# Public certificate checks (/certificates/verify/<code>/) allowed per client address per hour.
CERTIFICATE_VERIFY_MAX_PER_IP_HOUR = env_int("CERTIFICATE_VERIFY_MAX_PER_IP_HOUR", default=60)
# 公开 news pages (/news/p/…: list, article, pictures) allowed per client address per hour.
NEWS_PUBLIC_MAX_PER_IP_HOUR = env_int("NEWS_PUBLIC_MAX_PER_IP_HOUR", default=300)
# 岗位类别 codes (members.choices.JobCategory) that count as 教师 for the 教代会 60 % rule; a university adds
# research: TEACHER_JOB_CATEGORIES=teacher,research.
TEACHER_JOB_CATEGORIES = env_list("TEACHER_JOB_CATEGORIES", default=["teacher"])
# Large media (lessons, 工间操): size caps per kind in MB; behind nginx, files are handed over with
# X-Accel-Redirect to this internal location (empty: Django streams them itself, with HTTP Range).
MEDIA_VIDEO_MAX_MB = env_int("MEDIA_VIDEO_MAX_MB", default=500)
MEDIA_AUDIO_MAX_MB = env_int("MEDIA_AUDIO_MAX_MB", default=100)
MEDIA_ACCEL_REDIRECT_PREFIX = env_str("MEDIA_ACCEL_REDIRECT_PREFIX", "")

# 困难职工帮扶: a 注销 file's sealed details (health, income, ID numbers, survey findings) are purged this many years
# after it was closed (job welfare.purge_due); the row, its number, class and dates stay.
WELFARE_RETENTION_YEARS = env_int("WELFARE_RETENTION_YEARS", default=5)

"""Request logging: a refused request (403) is one line, not a traceback.

Django logs every PermissionDenied on `django.request` with the exception attached, so each 403 (a crawler, a user
following an old link) printed a full traceback. The filter below rewrites those records into one line with the
path, the user's id and the reason, and drops the traceback. Imported by LOGGING in config/settings.py, so it may
not import models.
"""

import logging
import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def _one_line(text: str) -> str:
    return _CONTROL.sub(" ", text).strip()


class ForbiddenOneLine(logging.Filter):
    """On `django.request`: a 403 record becomes `Forbidden (Permission denied): <path> user=<id> reason=<why>`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) != 403:
            return True
        request = getattr(record, "request", None)
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and getattr(user, "is_authenticated", False) else "-"
        exception = record.exc_info[1] if record.exc_info else None
        reason = _one_line(str(exception)) if exception is not None else ""
        path = _one_line(str(record.args[0])) if isinstance(record.args, tuple) and record.args else ""
        if not path and request is not None:
            path = _one_line(getattr(request, "path", ""))
        record.msg = "Forbidden (Permission denied): %s user=%s reason=%s"
        record.args = (path, user_id, reason or "-")
        record.exc_info = None
        record.exc_text = None
        return True

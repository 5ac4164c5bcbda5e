"""Is the worker of a running import or export job still there?

A worker records its host and process id on the job row when it claims the job (`services._claim`) and, while
the task runs, beats into the shared "progress" cache (Redis, or files on SQLite) from a small thread — never
into the job's own transaction, which other processes cannot see. A job is stale when its task is running and
either the process is gone on its recorded host, or no heartbeat has arrived for `JOB_STALE_AFTER` seconds
(`import_job_stale_reason`, `export_job_stale_reason` say why, for the job page and for `jobs_mark_stale`).
"""

import logging
import os
import socket
import threading
import time
from pathlib import Path
from types import TracebackType

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import ExportStatus, ImportStatus
from .models import ExportJob, ImportJob

logger = logging.getLogger(__name__)

MAX_BEAT_SECONDS = 15.0
# What an interrupted run leaves behind, said after why it counts as stopped.
COMMIT_INTERRUPTED = gettext_lazy("导入未完成，未写入任何数据。请重试或取消。")
VALIDATE_INTERRUPTED = gettext_lazy("校验未完成，未写入任何数据。请重试或取消。")
EXPORT_INTERRUPTED = gettext_lazy("导出文件未生成。请重试或取消。")


def worker_identity() -> tuple[str, int]:
    """(host name, process id) of the process running this code."""
    return socket.gethostname(), os.getpid()


def stale_after() -> int:
    return max(1, int(settings.JOB_STALE_AFTER))


def beat_interval() -> float:
    return max(0.5, min(MAX_BEAT_SECONDS, stale_after() / 4))


def heartbeat_key(kind: str, job_id: int) -> str:
    return f"heartbeat:{kind}:{job_id}"


def heartbeat_set(kind: str, job_id: int, *, attempt: int) -> None:
    host, pid = worker_identity()
    caches["progress"].set(
        heartbeat_key(kind, job_id),
        {"at": time.time(), "attempt": attempt, "host": host, "pid": pid},
        max(600, stale_after() * 4),
    )


def heartbeat_at(kind: str, job_id: int, *, attempt: int) -> float | None:
    """Unix time of the last heartbeat of this attempt, or None when there is none."""
    value = caches["progress"].get(heartbeat_key(kind, job_id))
    if isinstance(value, dict) and value.get("attempt") == attempt:
        return float(value["at"])
    return None


class Heartbeat:
    """`with Heartbeat("import", job.pk, attempt=n):` beats at once and then every `beat_interval()` seconds
    from a daemon thread until the block ends. A beat that fails (cache down) is logged and retried."""

    def __init__(self, kind: str, job_id: int, *, attempt: int) -> None:
        self.kind, self.job_id, self.attempt = kind, job_id, attempt
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{kind}-{job_id}", daemon=True)

    def _beat(self) -> None:
        try:
            heartbeat_set(self.kind, self.job_id, attempt=self.attempt)
        except Exception:  # the job goes on; a missing beat only risks a late stale mark
            logger.exception("heartbeat of %s job %s failed", self.kind, self.job_id)

    def _run(self) -> None:
        while not self._stop.wait(beat_interval()):
            self._beat()

    def __enter__(self) -> "Heartbeat":
        self._beat()
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists on this host (a zombie counts as gone)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by another user
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in {"Z", "X"}


def stale_reason(kind: str, job: ImportJob | ExportJob, *, consequence: str) -> str:
    """Why a running job's worker counts as stopped (a Chinese sentence ending in `consequence`), or "" when it
    is alive or has not started yet (still queued)."""
    if job.worker_pid is None or job.started_at is None:
        return ""
    where = _("主机 %(host)s 进程 %(pid)d") % {"host": job.worker_host or "?", "pid": job.worker_pid}
    if job.worker_host == socket.gethostname() and not process_alive(job.worker_pid):
        return _("后台任务进程已停止（%(where)s），%(consequence)s") % {
            "where": where,
            "consequence": consequence,
        }
    last = heartbeat_at(kind, job.pk, attempt=job.attempt)
    last = max(last or 0.0, job.started_at.timestamp())
    silent = time.time() - last
    if silent > stale_after():
        return _("后台任务已 %(n)d 秒没有心跳（%(where)s），%(consequence)s") % {
            "n": int(silent),
            "where": where,
            "consequence": consequence,
        }
    return ""


def heartbeat_age(kind: str, job: ImportJob | ExportJob) -> int | None:
    """Seconds since the last heartbeat of the job's current attempt (for the job page), or None."""
    last = heartbeat_at(kind, job.pk, attempt=job.attempt)
    return None if last is None else max(0, int(time.time() - last))


def import_job_stale_reason(job: ImportJob) -> str:
    """Why a running import's worker counts as stopped, or "" (not running, queued, or alive)."""
    if job.status == ImportStatus.COMMITTING:
        return stale_reason("import", job, consequence=str(COMMIT_INTERRUPTED))
    if job.status == ImportStatus.VALIDATING:
        return stale_reason("import", job, consequence=str(VALIDATE_INTERRUPTED))
    return ""


def export_job_stale_reason(job: ExportJob) -> str:
    """Why a running export's worker counts as stopped, or ""."""
    if job.status != ExportStatus.RUNNING:
        return ""
    return stale_reason("export", job, consequence=str(EXPORT_INTERRUPTED))

"""Progress of running jobs, kept in the shared "progress" cache: written by the worker outside the job's
own transaction, read by the page's HTMX polling."""

from django.core.cache import caches

TTL_SECONDS = 24 * 3600


def progress_key(kind: str, job_id: int) -> str:
    return f"{kind}:{job_id}"


def progress_set(kind: str, job_id: int, *, done: int, total: int, stage: str = "") -> None:
    caches["progress"].set(
        progress_key(kind, job_id), {"done": done, "total": total, "stage": stage}, TTL_SECONDS
    )


def progress_get(kind: str, job_id: int) -> dict[str, int | str]:
    value = caches["progress"].get(progress_key(kind, job_id))
    return value if isinstance(value, dict) else {"done": 0, "total": 0, "stage": ""}


def progress_percent(info: dict[str, int | str]) -> int:
    total, done = int(info.get("total") or 0), int(info.get("done") or 0)
    return 0 if total <= 0 else min(100, round(done * 100 / total))


class Reporter:
    """A progress callback that writes at most every `step` rows (and always the last one)."""

    def __init__(self, kind: str, job_id: int, *, total: int, stage: str, step: int = 200) -> None:
        self.kind, self.job_id, self.total, self.stage, self.step = kind, job_id, total, stage, step
        progress_set(kind, job_id, done=0, total=total, stage=stage)

    def __call__(self, done: int) -> None:
        if done == self.total or done % self.step == 0:
            progress_set(self.kind, self.job_id, done=done, total=self.total, stage=self.stage)

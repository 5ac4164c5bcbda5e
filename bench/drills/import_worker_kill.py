"""Drill: a roster import whose worker is killed with SIGKILL in the middle of the commit, on PostgreSQL.

    .venv/bin/python bench/drills/import_worker_kill.py [--short] [--rows N] [--timeout SECONDS]

Loopback only and bounded in time (--timeout, default 110 s with --short, 600 s without). It starts its OWN
PostgreSQL 15 cluster (initdb into a temporary folder, a spare port on 127.0.0.1, run as the `postgres` user when
this runs as root; never the shared cluster on 5432), migrates a database there, and then, with the progress
cache in files under the temporary folder (as on a site without Redis):

  1. creates a county union with school unions and a cadre, and uploads a roster of N rows (集体入会);
  2. starts a real `manage.py db_worker`, which validates the file; confirms the import (全部无误才导入);
  3. watches the commit's progress in the shared cache and kills the worker with SIGKILL once a third or more of
     the rows have been written (inside the commit's one transaction);
  4. checks that nothing was committed and the job still says 正在导入, then runs `manage.py run_due_jobs` (short
     JOB_STALE_AFTER) until the job is 失败 with the reason naming the worker's host and process;
  5. retries the job (`import_job_retry`, what the 重试 button does) with a fresh worker and checks it completes
     with exactly N members, N 入会 records and N accounts — nothing doubled, nothing missing.

The last line printed is `DRILL import_worker_kill: pass — <detail>` or `DRILL import_worker_kill: fail — <detail>`;
the exit status is 0 or 1. The cluster, the worker processes and the temporary folder are removed in every case.
"""

import argparse
import datetime as dt
import io
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PYTHON = sys.executable
UNITS = 8
SHORT_ROWS = 5000
FULL_ROWS = 50000
STALE_AFTER = 5  # seconds, for this drill's processes


class DrillFailure(Exception):
    pass


class Drill:
    def __init__(self, *, rows: int, timeout: float) -> None:
        self.rows = rows
        self.started = time.monotonic()
        self.deadline = self.started + timeout
        self.tmp = Path(tempfile.mkdtemp(prefix="drill-import-kill-"))
        self.pgdata = self.tmp / "pg" / "data"
        self.port = 0
        self.cluster_started = False
        self.workers: list[subprocess.Popen[bytes]] = []
        self.env: dict[str, str] = {}

    # ---- time bound ---------------------------------------------------------------------------------------

    def left(self) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise DrillFailure("time limit reached")
        return remaining

    def wait_for(self, what: str, check: Any, *, limit: float, pause: float = 0.05) -> Any:
        ends = time.monotonic() + min(limit, self.left())
        while True:
            value = check()
            if value:
                return value
            if time.monotonic() > ends:
                raise DrillFailure(f"waited {limit:.0f} s for {what}")
            time.sleep(pause)

    # ---- PostgreSQL cluster of our own --------------------------------------------------------------------

    def _as_postgres(self, command: list[str]) -> list[str]:
        if os.geteuid() != 0:
            return command
        return ["runuser", "-u", "postgres", "--", *command]

    def cluster_start(self) -> None:
        if not (PG_BIN / "initdb").exists():
            raise DrillFailure(f"{PG_BIN}/initdb not found")
        with socket.socket() as probe:  # a spare port on loopback
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        pgroot = self.pgdata.parent
        pgroot.mkdir(parents=True)
        if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to the postgres user
            account = pwd.getpwnam("postgres")
            self.tmp.chmod(0o755)
            os.chown(pgroot, account.pw_uid, account.pw_gid)
        self.run(
            self._as_postgres(
                [
                    str(PG_BIN / "initdb"),
                    "-D",
                    str(self.pgdata),
                    "-A",
                    "trust",
                    "-U",
                    "postgres",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            ),
            "initdb",
            limit=60,
        )
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {pgroot} -c fsync=off "
            "-c full_page_writes=off -c synchronous_commit=off"
        )
        self.run(
            self._as_postgres(
                [
                    str(PG_BIN / "pg_ctl"),
                    "-D",
                    str(self.pgdata),
                    "-l",
                    str(pgroot / "server.log"),
                    "-o",
                    options,
                    "-w",
                    "-t",
                    "30",
                    "start",
                ]
            ),
            "pg_ctl start",
            limit=40,
        )
        self.cluster_started = True
        self.run(
            [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "drill"],
            "createdb",
            limit=20,
        )

    def cluster_stop(self) -> None:
        if self.cluster_started:
            subprocess.run(
                self._as_postgres(
                    [str(PG_BIN / "pg_ctl"), "-D", str(self.pgdata), "-m", "immediate", "stop"]
                ),
                capture_output=True,
                timeout=30,
                check=False,
            )
            self.cluster_started = False

    # ---- processes ----------------------------------------------------------------------------------------

    def run(self, command: list[str], what: str, *, limit: float, env: dict[str, str] | None = None) -> str:
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=min(limit, self.left()),
                env=env,
                cwd=ROOT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise DrillFailure(f"{what} did not finish in time") from None
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise DrillFailure(f"{what} failed: {' | '.join(tail)}")
        return done.stdout

    def manage(self, *args: str, limit: float, stale_after: int = STALE_AFTER) -> str:
        return self.run(
            [PYTHON, "manage.py", *args],
            f"manage.py {args[0]}",
            limit=limit,
            env={**self.env, "JOB_STALE_AFTER": str(stale_after)},
        )

    def worker_start(self, name: str) -> subprocess.Popen[bytes]:
        log = (self.tmp / f"{name}.log").open("wb")
        worker = subprocess.Popen(
            [
                PYTHON,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.2",
                "--worker-id",
                name,
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.workers.append(worker)
        return worker

    def workers_stop(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait(timeout=10)

    # ---- the drill ----------------------------------------------------------------------------------------

    def say(self, line: str) -> None:
        print(f"[{self.elapsed():5.1f} s] {line}", flush=True)

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def setup_django(self) -> None:
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}},
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.port}/drill",
            "PROGRESS_CACHE_DIR": str(self.tmp / "progress"),
            "MEDIA_ROOT": str(self.tmp / "media"),
            "JOB_STALE_AFTER": str(STALE_AFTER),
            "DJANGO_DEBUG": "false",
            "LOG_LEVEL": "ERROR",
        }
        self.manage("migrate", "--noinput", "-v0", limit=90)
        os.environ.clear()
        os.environ.update(self.env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()

    def roster(self) -> bytes:
        from gonghui.accounts.identity import resident_id_check_char
        from gonghui.core.excel import SheetSpec, write_workbook

        headers = ["姓名", "证件号码", "手机号", "工作单位", "用工性质", "入会日期"]
        surnames, given = "王李张刘陈杨赵黄周吴徐孙胡朱高林", "伟芳娜秀英敏静丽强磊军洋勇艳杰娟"

        def body() -> Any:
            for i in range(self.rows):
                birth = dt.date(1970, 1, 1) + dt.timedelta(days=i % 9000)
                first17 = f"410802{birth:%Y%m%d}{(i // 9000) % 1000:03d}"
                name = (
                    surnames[i % len(surnames)] + given[(i // 7) % len(given)] + given[(i // 3) % len(given)]
                )
                yield [
                    name,
                    first17 + resident_id_check_char(first17),
                    f"13{i:09d}",
                    f"演练第{i % UNITS + 1}中学",
                    "在编",
                    "2020-09-01",
                ]

        buffer = io.BytesIO()
        write_workbook(buffer, [SheetSpec("会员名册", headers, body())], constant_memory=True)
        return buffer.getvalue()

    def execute(self) -> str:
        self.cluster_start()
        self.say(f"own PostgreSQL cluster up on 127.0.0.1:{self.port} ({self.pgdata})")
        self.setup_django()
        self.say("database migrated")

        from django.core.files.uploadedfile import SimpleUploadedFile

        from gonghui.accounts.models import RoleGrant, User
        from gonghui.accounts.roles import UNION_ADMIN
        from gonghui.members.models import Member, MembershipChange
        from gonghui.members.services import ROSTER_KIND
        from gonghui.orgs.choices import OrgLevel
        from gonghui.orgs.models import Org
        from gonghui.spreadsheets.choices import ImportMode, ImportStatus
        from gonghui.spreadsheets.liveness import heartbeat_at
        from gonghui.spreadsheets.progress import progress_get
        from gonghui.spreadsheets.services import (
            import_job_commit_request,
            import_job_create,
            import_job_retry,
        )

        city = Org.objects.add_root(
            {"code": "DCITY", "name": "演练市工会", "unit_name": "演练市", "level": OrgLevel.CITY}
        )
        county = Org.objects.add_child(
            city,
            {"code": "DCX", "name": "演练县教育工会", "unit_name": "演练县教育局", "level": OrgLevel.COUNTY},
        )
        for n in range(UNITS):
            Org.objects.add_child(
                Org.objects.get(pk=county.pk),
                {
                    "code": f"DCX{n + 1:02d}",
                    "name": f"演练第{n + 1}中学工会",
                    "unit_name": f"演练第{n + 1}中学",
                    "level": OrgLevel.GRASSROOTS,
                },
            )
        county = Org.objects.get(pk=county.pk)
        admin = User.objects.create_user(username="drill_admin", password="Drill2026pass", name="演练管理员")
        RoleGrant.objects.create(user=admin, role=UNION_ADMIN, org=county)
        accounts_before = User.objects.count()

        first = self.worker_start("drill-worker-1")
        self.say(f"worker 1 started (pid {first.pid}); uploading {self.rows} rows")
        job = import_job_create(
            kind=ROSTER_KIND,
            org=county,
            actor=admin,
            upload=SimpleUploadedFile("演练名册.xlsx", self.roster()),
        )

        def status() -> str:
            job.refresh_from_db()
            return str(job.status)

        self.wait_for(
            "validation",
            lambda: status() in {ImportStatus.VALIDATED, ImportStatus.FAILED},
            limit=90,
            pause=0.2,
        )
        if job.status != ImportStatus.VALIDATED or job.valid_rows != self.rows:
            raise DrillFailure(
                f"validation gave {job.status} with {job.valid_rows} valid rows: {job.message}"
            )
        import_job_commit_request(job=job, actor=admin, mode=ImportMode.ALL)
        self.say("validated; import confirmed (全部无误才导入)")

        def mid_commit() -> dict[str, Any] | None:
            if first.poll() is not None:
                raise DrillFailure("the worker exited on its own")
            info = progress_get("import", job.pk)
            done, total = int(info["done"]), int(info["total"])
            if info.get("stage") == "导入" and max(1, total // 3) <= done < total:  # a third or more written
                return info
            if status() in {ImportStatus.DONE, ImportStatus.FAILED}:
                raise DrillFailure(f"the commit ended ({job.status}) before the kill: use more rows")
            return None

        info = self.wait_for("the commit to write rows", mid_commit, limit=90, pause=0.02)
        job.refresh_from_db()
        if job.worker_pid != first.pid:
            raise DrillFailure(f"the job names process {job.worker_pid}, the worker is {first.pid}")
        if heartbeat_at("import", job.pk, attempt=job.attempt) is None:
            raise DrillFailure("no heartbeat of the worker in the shared cache")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        killed_at = f"{info['done']}/{info['total']}"
        self.say(f"worker 1 killed with SIGKILL at {killed_at} rows of the commit")

        if status() != ImportStatus.COMMITTING:
            raise DrillFailure(f"after the kill the job is {job.status}, expected still 正在导入")
        if Member.objects.exists() or User.objects.count() != accounts_before:
            raise DrillFailure("rows of the killed commit are visible")

        marked_from = time.monotonic()

        def marked() -> bool:
            self.manage("run_due_jobs", "--only", "spreadsheets.stale_jobs", "-v0", limit=60)
            return status() != ImportStatus.COMMITTING

        self.wait_for("run_due_jobs to mark the job", marked, limit=60, pause=0.5)
        marked_in = time.monotonic() - marked_from
        host = socket.gethostname()
        expected = (
            f"后台任务进程已停止（主机 {host} 进程 {first.pid}），导入未完成，未写入任何数据。请重试或取消。"
        )
        if job.status != ImportStatus.FAILED or job.message != expected or not job.retryable:
            raise DrillFailure(f"the job is {job.status} ({job.message!r}), expected 失败 with {expected!r}")
        half_written = (
            Member.objects.count(),
            MembershipChange.objects.count(),
            User.objects.count() - accounts_before,
        )
        if half_written != (0, 0, 0):
            raise DrillFailure(f"half-written rows (members, 入会 records, accounts): {half_written}")

        reason = job.message
        self.say(f"run_due_jobs marked the job 失败 in {marked_in:.1f} s: {reason}")
        import_job_retry(job=job, actor=admin)
        second = self.worker_start("drill-worker-2")
        self.say(f"retried; worker 2 started (pid {second.pid})")
        self.wait_for(
            "the retry", lambda: status() in {ImportStatus.DONE, ImportStatus.FAILED}, limit=240, pause=0.2
        )
        written = (
            Member.objects.count(),
            MembershipChange.objects.count(),
            User.objects.count() - accounts_before,
        )
        if job.status != ImportStatus.DONE or job.imported_rows != self.rows or written != (self.rows,) * 3:
            raise DrillFailure(
                f"the retry gave {job.status} ({job.message}), imported {job.imported_rows}, "
                f"rows (members, 入会 records, accounts) {written}, expected {self.rows} each"
            )
        return (
            f"PostgreSQL on 127.0.0.1:{self.port}, {self.rows} rows; worker {first.pid} killed (SIGKILL) at "
            f"{killed_at} rows of the commit; 0 rows committed; run_due_jobs marked it 失败 in {marked_in:.1f} s "
            f"with the reason naming 主机 {host} 进程 {first.pid}; the retry (attempt {job.attempt}) imported exactly "
            f"{job.imported_rows} rows; {self.elapsed():.1f} s"
        )

    def cleanup(self) -> None:
        try:
            self.workers_stop()
        finally:
            try:
                from django.db import connections

                connections.close_all()
            except Exception:  # noqa: BLE001 - Django may not be set up yet
                pass
            self.cluster_stop()
            shutil.rmtree(self.tmp, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help=f"CI-sized run ({SHORT_ROWS} rows)")
    parser.add_argument("--rows", type=int, default=0, help=f"rows in the roster (default {FULL_ROWS})")
    parser.add_argument("--timeout", type=float, default=0, help="seconds before the drill gives up")
    args = parser.parse_args()
    rows = args.rows or (SHORT_ROWS if args.short else FULL_ROWS)
    timeout = args.timeout or (110 if args.short else 600)
    drill = Drill(rows=rows, timeout=timeout)

    def out_of_time(signum: int, frame: Any) -> None:
        raise DrillFailure(f"time limit of {timeout:.0f} s reached")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(int(timeout) + 5)  # a hard stop even inside a blocking call
    try:
        detail = drill.execute()
    except Exception as exc:  # noqa: BLE001 - every failure becomes the verdict line
        verdict, detail, code = (
            "fail",
            f"{type(exc).__name__}: {exc}" if not isinstance(exc, DrillFailure) else str(exc),
            1,
        )
    else:
        verdict, code = "pass", 0
    finally:
        signal.alarm(0)
        drill.cleanup()
    print(f"DRILL import_worker_kill: {verdict} — {detail}", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())

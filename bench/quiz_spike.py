"""Benchmark: a quiz spike (网上答题) — thousands of members answering at once — against a bare baseline.

    .venv/bin/pip install -r requirements/bench.txt        # locust
    .venv/bin/python bench/quiz_spike.py [--users 40] [--seconds 20] [--runs 5] [--database-url URL]

It creates a throwaway PostgreSQL database (bench_quiz_<pid>, dropped afterwards, also on error) on the server that
--database-url names (default: BENCH_PG, else postgres://postgres@127.0.0.1:5432), migrates it, seeds a union with
3 × USERS members (accounts, member role) and an open activity drawing 10 single-choice questions, creates every
member's session before the load (no password hashing in the loop), then serves the platform with gunicorn
(deploy/gunicorn.conf.py, the production env: DEBUG off, Redis cache, persistent connections) and drives locust on
loopback with USERS virtual members for SECONDS per phase:

  1. baseline — POST /bench/baseline/answer/: same middleware, session and CSRF, one indexed read (the member
     row by user) and one insert: the floor for saving an answer, the same stack (bench/quiz_spike_urls.py);
  2. answers  — every virtual member opens (or resumes) its attempt, then saves answers as fast as it can (upserts);
  3. flow     — start → answer 10 questions → submit, repeated, once at the end (the correctness check).

Phases 1 and 2 are interleaved RUNS times (baseline → answers, then answers → baseline, …), so a drift of the
machine's load touches both; each run gives one ratio answer-saves/s ÷ baseline/s. It prints every phase's
requests/s and p50/p95 latency, min / median of each phase's throughput and of the ratio, a correctness line
(attempts in the database = attempts completed by the load tool, no duplicate answers, no lost answers) and, last,

  RESULT quiz_answer_vs_baseline: <min> / <median> (goal median ≥ 0.85) met|missed

Not part of the test suite.
"""

import argparse
import csv
import datetime as dt
import json
import os
import platform
import secrets
import shutil
import socket
import statistics
import string
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")  # --database-url overrides it
GOAL = 0.85  # median of answer-saves/s ÷ baseline/s over the interleaved runs
DB = f"bench_quiz_{os.getpid()}"
WORK = Path(f"/tmp/bench_quiz_{os.getpid()}")
PREFIX = f"benchquiz{os.getpid()}"
CATEGORY = "工会知识"
sys.path.insert(0, str(ROOT))  # `bench.quiz_spike_settings` and the apps import from the repository root


def server_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{PG}/{DB}",
        DATABASE_CONN_MAX_AGE="60",
        DJANGO_SETTINGS_MODULE="bench.quiz_spike_settings",
        DJANGO_SECRET_KEY="bench-" + "k" * 60,
        DJANGO_DEBUG="false",
        REDIS_URL="redis://127.0.0.1:6379/15",
        CACHE_KEY_PREFIX=PREFIX,
        PYTHONPATH=str(ROOT),
        LOG_LEVEL="WARNING",
        STATIC_ROOT=str(WORK / "static"),
    )
    return env


def admin_sql(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


# ---- set-up ----------------------------------------------------------------------------------------------


def seed(members: int) -> dict[str, Any]:
    import django

    os.environ.update(server_env())
    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection
    from django.utils import timezone

    from gonghui.accounts.models import RoleGrant, User
    from gonghui.accounts.roles import MEMBER
    from gonghui.members.tests.factories import MemberFactory
    from gonghui.orgs.choices import OrgLevel
    from gonghui.orgs.models import Org
    from gonghui.orgs.targeting import OrgTarget, TargetKind
    from gonghui.quizzes import services

    city = Org.objects.add_root(
        {"code": "BQCITY", "name": "基准测试市工会", "unit_name": "基准测试市", "level": OrgLevel.CITY}
    )
    units = [
        Org.objects.add_child(
            Org.objects.get(pk=city.pk),
            {
                "code": f"BQ{n:02d}",
                "name": f"基准测试第{n}中学工会",
                "unit_name": f"基准测试第{n}中学",
                "level": OrgLevel.GRASSROOTS,
            },
        )
        for n in range(1, 6)
    ]
    password = make_password(None)  # unusable: sessions are made here, nobody logs in during the load
    people = []
    for n in range(members):
        unit = units[n % len(units)]
        phone = f"1350000{n:04d}"
        user = User.objects.create(username=f"m{phone}", name=f"基准会员{n}", phone=phone, password=password)
        RoleGrant.objects.create(user=user, role=MEMBER, org=unit)
        MemberFactory.create(org=unit, user=user, name=f"基准会员{n}", phone=phone)
        people.append(user)
    bank = services.bank_create(org=city, name="基准题库", actor=None)
    questions = [
        services.question_create(
            bank=bank,
            actor=None,
            type="single",
            stem=f"基准测试第{n}题：工会会员大会或者会员代表大会每届任期为几年？",
            options=["三年或者五年", "两年", "十年", "一年"],
            answer="A",
            category=CATEGORY,
        ).pk
        for n in range(1, 11)
    ]
    now = timezone.now()
    spec = services.ActivitySpec(
        title="基准测试答题活动",
        starts_at=now - dt.timedelta(minutes=5),
        ends_at=now + dt.timedelta(days=1),
        banks=[bank],
        draw_rules=[{"category": CATEGORY, "count": 10}],
        targets=[OrgTarget(kind=TargetKind.SUBTREE, org_id=city.pk)],
        time_limit_minutes=60,
        attempts_per_day=0,
    )
    activity = services.activity_publish(
        activity=services.activity_create(org=city, spec=spec, actor=None), actor=None
    )
    sessions = []
    for user in people:
        store = SessionStore()
        store["_auth_user_id"] = str(user.pk)
        store["_auth_user_backend"] = "gonghui.accounts.backends.UsernameOrPhoneBackend"
        store["_auth_user_hash"] = user.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_baseline_answer (id bigserial PRIMARY KEY, member_id bigint NOT NULL, "
            "question varchar(20) NOT NULL, chosen varchar(10) NOT NULL, created_at timestamptz DEFAULT now())"
        )
        cursor.execute(
            "CREATE INDEX bench_baseline_answer_member ON bench_baseline_answer (member_id, question)"
        )
    connection.close()
    return {
        "activity": str(activity.public_id),
        "questions": questions,
        "csrf": "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32)),
        "users": [u.pk for u in people],
        "sessions": sessions,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "-c",
            str(ROOT / "deploy/gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=server_env(),
        stdout=subprocess.DEVNULL,
        stderr=(WORK / "gunicorn.log").open("wb"),  # its log stays off the report (RESULT is the last line)
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    log = (WORK / "gunicorn.log").read_text(errors="replace")[-3000:]
    raise SystemExit(f"gunicorn did not start:\n{log}")


# ---- load ------------------------------------------------------------------------------------------------


def run_phase(
    phase: str, data: dict[str, Any], members: slice, users: int, seconds: int, port: int, tag: str = ""
) -> dict[str, dict[str, float]]:
    """One locust run of `phase` (its files named by `tag`, so that every interleaved run keeps its own)."""
    tag = tag or phase
    sessions_file = WORK / f"{tag}.json"
    sessions_file.write_text(
        json.dumps(
            {
                "activity": data["activity"],
                "questions": data["questions"],
                "csrf": data["csrf"],
                "members": [{"session": s} for s in data["sessions"][members]],
            }
        )
    )
    prefix = WORK / tag
    subprocess.run(
        [
            str(ROOT / ".venv/bin/locust"),
            "-f",
            str(ROOT / "bench/quiz_spike_locustfile.py"),
            "--headless",
            "--only-summary",
            "--loglevel",
            "ERROR",
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{seconds}s",
            "--stop-timeout",
            "60",
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            str(prefix),
        ],
        env={
            **os.environ,
            "BENCH_PHASE": phase,
            "BENCH_SESSIONS": str(sessions_file),
            "BENCH_COUNTS": str(WORK / f"{tag}-counts.json"),
        },
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stats: dict[str, dict[str, float]] = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            stats[row["Name"]] = {
                "count": float(row["Request Count"]),
                "failures": float(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": float(row["50%"] or 0),
                "p95": float(row["95%"] or 0),
            }
    return stats


def show(name: str, s: dict[str, float]) -> None:
    print(
        f"  {name:<9} {int(s['count']):>7} requests  {int(s['failures']):>4} failed  {s['rps']:8.1f}/s"
        f"   p50 {s['p50']:6.0f} ms   p95 {s['p95']:6.0f} ms"
    )


def correctness(data: dict[str, Any], members: slice) -> str:
    from django.db.models import Count

    from gonghui.quizzes.models import Answer, Attempt

    users = data["users"][members]
    attempts = Attempt.objects.filter(member__user_id__in=users)
    submitted = attempts.filter(submitted_at__isnull=False).count()
    answers = Answer.objects.filter(attempt__in=attempts)
    duplicates = answers.values("attempt_id", "question_id").annotate(n=Count("id")).filter(n__gt=1).count()
    done = json.loads((WORK / "flow-counts.json").read_text())
    completed, saved = done["submit"], done["answer"]
    ok = attempts.count() == submitted == completed and duplicates == 0 and answers.count() == saved
    return (
        f"correctness: attempts in database {attempts.count()} (submitted {submitted}) = completed by locust "
        f"{completed}; answers in database {answers.count()} = saved by locust {saved}; duplicate answers "
        f"{duplicates} → {'OK' if ok else 'MISMATCH'}"
    )


def spread(values: list[float]) -> str:
    return f"min {min(values):.2f} / median {statistics.median(values):.2f}"


def main() -> None:
    global PG
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=40, help="virtual members per phase")
    parser.add_argument("--seconds", type=int, default=20, help="duration of each phase")
    parser.add_argument(
        "--runs", "--repeat", type=int, default=5, help="interleaved baseline/answer pairs (at least 5)"
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="a PostgreSQL server (postgres://user@host:port); a throwaway database is made there",
    )
    args = parser.parse_args()
    if args.runs < 5:
        parser.error("--runs: at least 5 interleaved runs (the goal is judged on their median)")
    if args.database_url:
        if not args.database_url.startswith(("postgres://", "postgresql://")):
            parser.error(
                "--database-url: the quiz spike runs on PostgreSQL only (gunicorn workers write at once)"
            )
        PG = urllib.parse.urlsplit(args.database_url)._replace(path="").geturl()  # the server, not a database
    if not (ROOT / ".venv/bin/locust").exists():
        raise SystemExit("locust is missing: .venv/bin/pip install -r requirements/bench.txt")
    WORK.mkdir(exist_ok=True)
    admin_sql(f'CREATE DATABASE "{DB}"')
    server = None
    try:
        for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
            subprocess.run(
                [sys.executable, "manage.py", *command, "-v0"], cwd=ROOT, env=server_env(), check=True
            )
        data = seed(3 * args.users)
        port = free_port()
        server = start_server(port)
        load = os.getloadavg()[0]
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, PostgreSQL; "
            f"gunicorn (deploy/gunicorn.conf.py); {args.users} virtual members × {args.seconds} s per phase, "
            f"{args.runs} interleaved runs; load average at start {load:.1f}"
        )
        u = args.users
        phases = {"baseline": slice(0, u), "answers": slice(u, 2 * u)}
        base_rps: list[float] = []
        answer_rps: list[float] = []
        ratios: list[float] = []
        failed = 0
        for run in range(1, args.runs + 1):
            order = ("baseline", "answers") if run % 2 else ("answers", "baseline")
            measured: dict[str, dict[str, float]] = {}
            for phase in order:
                stats = run_phase(phase, data, phases[phase], u, args.seconds, port, tag=f"{phase}-{run}")
                measured[phase] = stats["baseline" if phase == "baseline" else "answer"]
            base, answer = measured["baseline"], measured["answers"]
            failed += int(base["failures"] + answer["failures"])
            ratio = answer["rps"] / base["rps"] if base["rps"] else 0.0
            base_rps.append(base["rps"])
            answer_rps.append(answer["rps"])
            ratios.append(ratio)
            print(f"run {run}/{args.runs} ({' → '.join(order)}), load average {os.getloadavg()[0]:.1f}")
            show("baseline", base)
            show("answer", answer)
            print(f"  answer-saves/s ÷ baseline/s = {ratio:.2f}")
        flow = run_phase("flow", data, slice(2 * u, 3 * u), u, args.seconds, port)
        print("flow: start → 10 answers → submit")
        for name in ("start", "answer", "submit"):
            if name in flow:
                show(name, flow[name])
        print(f"baseline req/s   {spread(base_rps)}")
        print(f"answer-saves/s   {spread(answer_rps)}")
        print(f"ratio answer ÷ baseline  {spread(ratios)}   (goal median ≥ {GOAL})")
        if failed:
            print(f"WARNING: {failed} failed requests in the baseline and answer phases")
        print(correctness(data, slice(2 * u, 3 * u)))
        median = statistics.median(ratios)
        print(
            f"RESULT quiz_answer_vs_baseline: {min(ratios):.2f} / {median:.2f} (goal median ≥ {GOAL}) "
            f"{'met' if median >= GOAL and not failed else 'missed'}"
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        admin_sql(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        import redis

        cache = redis.Redis.from_url("redis://127.0.0.1:6379/15")
        for key in cache.scan_iter(f"{PREFIX}*"):
            cache.delete(key)
        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()

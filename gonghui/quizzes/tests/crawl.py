"""Crawler declarations for 网上答题: a bank, an activity and a submitted attempt (with a certificate, a row of the
certificates block) of org A."""

from conftest import make_member_user
from gonghui.core.crawler import (
    CrawlLookup,
    CrawlRoute,
    CrawlShared,
    build_world,
    declare,
    declare_lookup,
    declare_shared,
)
from gonghui.orgs.targeting import OrgTarget, TargetKind
from gonghui.quizzes.choices import SubmitReason
from gonghui.quizzes.services import attempt_start, attempt_submit

from .factories import grant_organiser, make_activity, make_bank, make_organiser


@build_world("quizzes")
def _quizzes_world(world):
    # org A's admin and the outsider (org B) hold the quiz organiser role on their own unions
    grant_organiser(world.org_admin, world.org_a)
    grant_organiser(world.outsider, world.org_b)
    bank = make_bank(world.org_a, name="甲中题库（爬虫）")
    activity = make_activity(
        world.org_a, bank, title="甲中答题（爬虫）", certificate_enabled=True, pass_mark=0, excellent_mark=0
    )
    attempt = attempt_start(activity=activity, member=world.member_a)
    attempt_submit(attempt=attempt, reason=SubmitReason.MANUAL)
    world.extra["quiz_bank"] = bank
    world.extra["quiz_question"] = bank.questions.first()
    world.extra["quiz_activity"] = activity
    world.extra["quiz_attempt"] = attempt
    # a city activity that org B takes part in (乙县's subtree): org B's admin reads it as a participating union
    city_bank = make_bank(world.city, name="市题库（爬虫）")
    world.extra["quiz_city_activity"] = make_activity(
        world.city,
        city_bank,
        title="乙县答题（爬虫）",
        targets=[OrgTarget(kind=TargetKind.SUBTREE, org_id=world.county_y.pk)],
    )
    world.extra.setdefault("markers", []).extend(["甲中题库（爬虫）", "甲中答题（爬虫）"])


def _bank(w):
    return {"pk": w.extra["quiz_bank"].pk}


def _activity(w):
    return {"public_id": w.extra["quiz_activity"].public_id}


def _attempt(w):
    return {"public_id": w.extra["quiz_attempt"].public_id}


for name in ("bank_detail", "bank_edit", "bank_import", "question_create"):
    declare(CrawlRoute(f"quizzes:{name}", params=_bank))
for name in ("question_edit", "question_toggle"):
    declare(
        CrawlRoute(
            f"quizzes:{name}",
            params=lambda w: {"pk": w.extra["quiz_bank"].pk, "question_id": w.extra["quiz_question"].pk},
        )
    )


def _city_activity(w):
    return {"public_id": w.extra["quiz_city_activity"].public_id}


# organiser-only pages: editing, publishing, cancelling, the attempts with their focus logs, and the per-question
# correct rates while the activity runs (a participating union sees those once it has ended)
for name in (
    "activity_edit",
    "activity_publish",
    "activity_cancel",
    "activity_questions",
    "activity_attempts",
):
    declare(CrawlRoute(f"quizzes:{name}", params=_activity))
# read-only pages delivered to the participating unions (an ActivityUnit in their subtree), scoped to it (their
# exports go through spreadsheets:export_start, whose scope test_exports.py checks)
for name in (
    "activity_detail",
    "activity_ranking",
    "activity_board",
    "activity_absent",
):
    declare(CrawlRoute(f"quizzes:{name}", kind="shared", params=_activity, shared_params=_city_activity))
declare(
    CrawlRoute(
        "quizzes:activity_remind",
        params=lambda w: {"public_id": w.extra["quiz_activity"].public_id, "org_id": w.org_a.pk},
    )
)
declare(CrawlRoute("quizzes:attempt_detail", params=_attempt))

# member portal
for name in ("portal_home", "portal_practice", "portal_practice_question", "portal_wrong_book"):
    declare(CrawlRoute(f"quizzes:{name}", kind="portal"))
# 我的成绩 (from 我的): the member's own rows only, read through `request.member`; the old 我的证书 address redirects a
# member to the portal's 我的证书
for name in ("portal_results", "portal_certificates"):
    declare(CrawlRoute(f"quizzes:{name}", kind="portal"))
for name in ("portal_activity", "portal_attempt_start", "portal_certificate"):
    declare(CrawlRoute(f"quizzes:{name}", kind="portal", params=_activity))
for name in (
    "portal_attempt",
    "portal_answer_save",
    "portal_attempt_submit",
    "portal_attempt_focus",
    "portal_attempt_result",
):
    declare(CrawlRoute(f"quizzes:{name}", kind="portal", params=_attempt))

declare(
    CrawlRoute(
        "quizzes:certificate_verify",
        kind="public",
        reason="旧的答题证书查验地址：带验证码时永久转到证书模块的查验页（certificates:verify，按来访地址限次），不带时显示证书模块的查验表单；自身不读任何数据",
    )
)


# ---- shared objects: a city activity both org A and org B take part in, and a city bank shared down to both ------


@build_world("quizzes_shared", kinds=("shared_object",))
def _quizzes_shared_world(world):
    _user_b, member_b = make_member_user("13700002222", world.org_b, name="乙会员")
    make_member_user("13700003333", world.org_a, name="甲未参与")
    make_member_user("13700004444", world.org_b, name="乙未参与")
    bank = make_bank(world.city, name="市共享题库（爬虫）", shared=True)
    activity = make_activity(
        world.city,
        bank,
        title="市答题（爬虫共享）",
        targets=[OrgTarget(kind=TargetKind.SUBTREE, org_id=world.city.pk)],
    )
    for member in (world.member_a, member_b):
        attempt_submit(attempt=attempt_start(activity=activity, member=member), reason=SubmitReason.MANUAL)
    # each union also organises its own activity from the shared bank
    make_activity(world.org_a, bank, title="甲中用市题库的活动")
    make_activity(world.org_b, bank, title="乙院用市题库的活动")
    world.extra["quiz_shared_bank"] = bank
    world.extra["quiz_shared_activity"] = activity
    world.extra["quiz_city_organiser"] = make_organiser("crawl_city_quiz", world.city)


def _participants(w):
    """Each union's own data: its members (who took part, who did not) and its own activities."""
    return [
        (w.org_admin, ["甲会员", "甲未参与", "甲中用市题库的活动"]),
        (w.outsider, ["乙会员", "乙未参与", "乙院用市题库的活动"]),
    ]


# the organiser sees the members on the ranking and the absent list; the detail and the unit board name unions only
for name, owner_sees_them in (
    ("activity_detail", False),
    ("activity_ranking", True),
    ("activity_board", False),
    ("activity_absent", True),
):
    declare_shared(
        CrawlShared(
            f"quizzes:{name}",
            params=lambda w: {"public_id": w.extra["quiz_shared_activity"].public_id},
            viewers=_participants,
            owner=(lambda w: w.extra["quiz_city_organiser"]) if owner_sees_them else None,
            world=("quizzes", "quizzes_shared"),
        )
    )
declare_shared(
    CrawlShared(
        "quizzes:bank_detail",
        params=lambda w: {"pk": w.extra["quiz_shared_bank"].pk},
        viewers=_participants,
        world=("quizzes", "quizzes_shared"),
    )
)


# ---- lookup by POST body: org B's organiser picks org A's private bank for its own activity ----------------------

declare_lookup(
    CrawlLookup(
        "quizzes:activity_create",
        field="banks",
        value=lambda w: [str(w.extra["quiz_bank"].pk)],
        data=lambda w: {
            "org": str(w.org_b.pk),
            "title": "乙院答题",
            "starts_at": "2030-01-01T09:00",
            "ends_at": "2030-01-08T09:00",
            "draw_rules": "不限 5",
        },
        secrets=lambda w: ["甲中题库（爬虫）", w.extra["quiz_question"].stem],
        world=("quizzes",),
    )
)

"""评审 rounds as grantable objects (accounts.ObjectGrant): the union running a round may give people outside the
union tree — 外部评审专家 (the 评委 role) and 合作单位联系人 (a 市教育局 contact) — access to that one round until
a date. `register_object_grants()` is called from ReviewsConfig.ready(); `seed_outside_accounts` is the demo step
(after the reviews seeder, which makes the demo round)."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.models import ObjectGrant, User
from gonghui.accounts.object_grants import GrantableKind, grantable_kinds
from gonghui.accounts.roles import JUDGE, PARTNER
from gonghui.accounts.services import outside_account_grant

from .models import ReviewRound
from .permissions import can_manage_round

KIND = "reviews.reviewround"
DEMO_OUTSIDE_ACCOUNTS = (
    # (name, phone, role)
    ("市教育局联络人", "13900090001", PARTNER),
    ("外部评审专家", "13900090002", JUDGE),
)
DEMO_USERNAMES = {"13900090001": "jyj_lianluo", "13900090002": "jyj_zhuanjia"}
DEMO_GRANT_DAYS = 90


def _round_url(review_round: ReviewRound) -> str:
    return reverse("reviews:round_detail", args=[review_round.pk])


def register_object_grants() -> None:
    if KIND in grantable_kinds:
        return
    grantable_kinds.register(
        KIND,
        GrantableKind(
            model=KIND,
            label="评审",
            roles=(JUDGE, PARTNER),
            org_of=lambda review_round: review_round.org,
            can_grant=can_manage_round,
            object_url=_round_url,
            order=50,
        ),
    )


@transaction.atomic
def seed_outside_accounts() -> str:
    """The demo round's outside accounts: 市教育局联络人 `jyj_lianluo` (合作单位联系人) and 外部评审专家
    `jyj_zhuanjia` (评委), granted by the platform administrator for 90 days, with the demo password. Idempotent."""
    from gonghui.accounts.demo import DEMO_PASSWORD
    from gonghui.reviews.demo import DEMO_TITLE

    register_object_grants()
    review_round = ReviewRound.objects.filter(title=DEMO_TITLE).select_related("org").first()
    actor = User.objects.filter(username="admin").first()
    if review_round is None or actor is None:
        return "没有演示评审或系统管理员，跳过外部账号"
    kind = grantable_kinds.get(KIND)
    expires_at = timezone.now() + dt.timedelta(days=DEMO_GRANT_DAYS)
    made = 0
    for name, phone, role in DEMO_OUTSIDE_ACCOUNTS:
        username = DEMO_USERNAMES[phone]
        if ObjectGrant.objects.filter(user__username=username, object_id=review_round.pk).exists():
            continue
        grant, _temporary = outside_account_grant(
            kind=kind, obj=review_round, name=name, phone=phone, role=role, expires_at=expires_at, actor=actor
        )
        user = grant.user
        user.username = username
        user.set_password(DEMO_PASSWORD)
        user.must_change_password = False
        user.save(update_fields=["username", "password", "must_change_password"])
        made += 1
    return f"外部账号 {len(DEMO_OUTSIDE_ACCOUNTS)} 个（本次新建 {made} 个），授权 {DEMO_GRANT_DAYS} 天"

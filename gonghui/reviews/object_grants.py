"""评审 rounds as grantable objects (accounts.ObjectGrant): the union running a round may give people outside the
union tree — 外部评审专家 (the 评委 role) and 合作单位联系人 (a 市教育局 contact) — access to that one round until
a date. `register_object_grants()` is called from ReviewsConfig.ready(); the demo's outside accounts are seeded by
`demo.seed_outside_accounts`."""

from django.urls import reverse

from gonghui.accounts.object_grants import GrantableKind, grantable_kinds
from gonghui.accounts.roles import JUDGE, PARTNER

from .models import ReviewRound
from .permissions import can_manage_round

KIND = "reviews.reviewround"


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

"""Which objects can be granted to people outside the union tree (accounts.ObjectGrant), and by whom.

An owner app declares a kind of its objects once, from its AppConfig.ready() (reviews: a 评审 round):

    grantable_kinds.register("reviews.reviewround", GrantableKind(
        model="reviews.reviewround", label="评审", roles=(JUDGE, PARTNER),
        org_of=lambda round: round.org, can_grant=can_manage_round,
        object_url=lambda round: reverse("reviews:round_detail", args=[round.pk]),
    ))

The owning union — a holder of `accounts.manage` on `org_of(obj)` for whom `can_grant(user, obj)` is true — then
makes outside accounts and grants them one of `roles` on that object until a date (`accounts:object_grants`, a
page the owner app links to from the object's page with `object_grants_url(obj)`). A kind whose objects close
(a 竞赛 on its 结束日期) gives `latest_expiry(obj)`: no grant on such an object may run past it."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.urls import reverse

from gonghui.core.registry import Registry

from .models import ObjectGrant


@dataclass(frozen=True)
class GrantableKind:
    """A kind of object that can be granted: `model` is its "app_label.modelname" label (also the key),
    `label` its Chinese name, `roles` the role codes usable on it, `org_of(obj)` the union that owns it,
    `can_grant(user, obj)` the owner app's own rule on top of accounts.manage, `object_url(obj)` its page, and
    `latest_expiry(obj)`, when given, the latest moment a grant on the object may last (None: no such limit), and
    `entry_action` the action that opens `object_url` (the home page links it for roles allowing it)."""

    model: str
    label: str
    roles: tuple[str, ...]
    org_of: Callable[[Any], Any]  # (obj) -> Org
    can_grant: Callable[[Any, Any], bool]  # (user, obj) -> bool
    object_url: Callable[[Any], str]  # (obj) -> path
    order: int = 100
    latest_expiry: Callable[[Any], dt.datetime | None] | None = None  # (obj) -> the object's close
    # the action a grant's role must allow for the home page to link `object_url(obj)` (None: "<app>.view"); a
    # merchant's role allows only `welfare.redeem`, which is what its offer's page (the scanner) asks for
    entry_action: str | None = None

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


grantable_kinds: Registry[GrantableKind] = Registry("grantable kind")


def kind_of(obj: models.Model) -> GrantableKind | None:
    label = obj._meta.label_lower
    return grantable_kinds.get(label) if label in grantable_kinds else None


def object_grants_url(obj: models.Model) -> str:
    """The 外部账号授权 page of a granted object, for the owner app's link."""
    return reverse("accounts:object_grants", args=[obj._meta.label_lower, obj.pk])


def grant_page_url(grant: ObjectGrant) -> str:
    """The 外部账号授权 page of the object a grant is on."""
    content_type = grant.content_type
    return reverse(
        "accounts:object_grants", args=[f"{content_type.app_label}.{content_type.model}", grant.object_id]
    )

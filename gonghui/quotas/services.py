"""Writing quotas: create a set, allocate it to child unions by hand or in proportion to weights (largest
remainder), re-allocate an allocation further down, take and release places. Every place-counting write locks the
row whose places it spends (the set for the first level, the parent allocation below, the allocation for a use)
with `core.locking.lock` in its own transaction, so two concurrent writes never both pass the check."""

from collections.abc import Mapping

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from gonghui.accounts.actors import Actor
from gonghui.core.audit import AuditContext, audit_log
from gonghui.core.choices import AuditAction
from gonghui.core.locking import lock
from gonghui.orgs.models import Org

from .apportion import largest_remainder
from .choices import QuotaSource
from .models import QuotaAllocation, QuotaSet, QuotaUse
from .selectors import allocation_remaining, allocation_sub_allocated, allocation_used, set_allocated

EXHAUSTED = "名额已用完"


def _org_error(message: str, org_id: int) -> ValidationError:
    # with params, Django formats the message with `%`: a name holding "%" must not break it
    return ValidationError(message.replace("%", "%%"), code="org", params={"org_id": org_id})


@transaction.atomic
def quota_set_create(
    *,
    org: Org,
    title: str,
    total: int,
    actor: Actor,
    source: str = QuotaSource.LOCAL,
    issuer: str = "",
    received_reference: str = "",
    incoming_document_id: int | None = None,
    owner: models.Model | None = None,
    context: AuditContext | None = None,
) -> QuotaSet:
    title, issuer = title.strip(), issuer.strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = "请填写名额名称"
    if total < 1:
        errors["total"] = "名额总数至少为 1"
    if source not in QuotaSource.values:
        errors["source"] = "名额来源无效"
    elif source == QuotaSource.ISSUED and not issuer:
        errors["issuer"] = "上级下达的名额须填写下达单位"
    if errors:
        raise ValidationError(errors)
    quota_set = QuotaSet.objects.create(
        org=org,
        title=title,
        total=total,
        source=source,
        issuer=issuer if source == QuotaSource.ISSUED else "",
        received_reference=received_reference.strip(),
        incoming_document_id=incoming_document_id,
        owner_type=ContentType.objects.get_for_model(owner) if owner is not None else None,
        owner_id=owner.pk if owner is not None else None,
        created_by=actor,
    )
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=quota_set,
        org_id=org.pk,
        summary=f"新建名额「{title}」共 {total} 个",
    )
    return quota_set


@transaction.atomic
def quota_set_update(
    *,
    quota_set: QuotaSet,
    title: str,
    total: int,
    actor: Actor,
    issuer: str = "",
    received_reference: str = "",
    context: AuditContext | None = None,
) -> QuotaSet:
    """Change a set's title, total and source text; the total never drops below what its first level holds."""
    quota_set = lock(QuotaSet, pk=quota_set.pk)
    title, issuer = title.strip(), issuer.strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = "请填写名额名称"
    floor = set_allocated(quota_set)
    if total < max(floor, 1):
        errors["total"] = f"已分配 {floor} 个名额，名额总数不能少于 {floor}" if floor else "名额总数至少为 1"
    if quota_set.source == QuotaSource.ISSUED and not issuer:
        errors["issuer"] = "上级下达的名额须填写下达单位"
    if errors:
        raise ValidationError(errors)
    before = quota_set.total
    quota_set.title, quota_set.total = title, total
    quota_set.issuer = issuer if quota_set.source == QuotaSource.ISSUED else ""
    quota_set.received_reference = received_reference.strip()
    quota_set.save(update_fields=["title", "total", "issuer", "received_reference", "updated_at"])
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=quota_set,
        org_id=quota_set.org_id,
        summary=f"修改名额「{title}」：总数 {before} → {total}",
    )
    return quota_set


@transaction.atomic
def quota_allocate(
    *,
    quota_set: QuotaSet,
    shares: Mapping[int, int],
    actor: Actor,
    parent: QuotaAllocation | None = None,
    context: AuditContext | None = None,
) -> list[QuotaAllocation]:
    """Set the places of the given child unions ({org_id: places}); the others keep theirs. Without `parent` the
    holder allocates the set to its child unions; with it, the union holding `parent` re-allocates its places to
    its own child unions. The allocations of one level never add up to more than the total they split, and an
    allocation never drops below what is already used or handed down from it."""
    if parent is not None and parent.quota_set_id != quota_set.pk:
        raise ValidationError("上级分配不属于该名额")
    # the row whose places this level splits, locked so concurrent allocations and uses wait for each other
    if parent is None:
        lock(QuotaSet, pk=quota_set.pk)
        giver_org = quota_set.org
        available = quota_set.total
    else:
        parent = lock(QuotaAllocation, pk=parent.pk, related=("org",))
        giver_org = parent.org
        available = parent.allocated - allocation_used(parent)
    orgs = {org.pk: org for org in Org.objects.filter(pk__in=list(shares))}
    # an error about one union carries its id (`params["org_id"]`), so a page puts it on that union's row
    errors: list[ValidationError] = []
    for org_id, places in shares.items():
        org = orgs.get(org_id)
        if org is None:
            errors.append(ValidationError(f"工会（编号 {org_id}）不存在"))
        elif org.path[: -Org.steplen] != giver_org.path or len(org.path) <= Org.steplen:
            errors.append(_org_error(f"「{org.name}」不是「{giver_org.name}」的直属下级工会", org_id))
        elif places < 0:
            errors.append(_org_error(f"「{org.name}」的分配名额不能为负数", org_id))
    if errors:
        raise ValidationError(errors)
    level = QuotaAllocation.objects.filter(quota_set=quota_set, parent=parent)
    existing = {allocation.org_id: allocation for allocation in level.select_for_update(of=("self",))}
    for org_id, places in shares.items():
        current = existing.get(org_id)
        if current is None:
            continue
        floor = allocation_sub_allocated(current) + allocation_used(current)
        if places < floor:
            errors.append(
                _org_error(
                    f"「{orgs[org_id].name}」已使用或下拨 {floor} 个名额，分配数不能少于 {floor}", org_id
                )
            )
    kept = sum(allocation.allocated for org_id, allocation in existing.items() if org_id not in shares)
    wanted = kept + sum(shares.values())
    if wanted > available:
        names = "、".join(f"「{orgs[org_id].name}」{places} 个" for org_id, places in shares.items())
        # the rows that ask for more than they hold are the ones to change
        raised = [
            org_id
            for org_id, places in shares.items()
            if places > (existing[org_id].allocated if org_id in existing else 0)
        ]
        errors.append(
            ValidationError(
                f"分配合计 {wanted} 个，超过可分配的 {available} 个（{names}）".replace("%", "%%"),
                code="over_allocated",
                params={"org_ids": raised},
            )
        )
    if errors:
        raise ValidationError(errors)
    saved: list[QuotaAllocation] = []
    for org_id, places in shares.items():
        current = existing.get(org_id)
        if current is None:
            current = QuotaAllocation.objects.create(
                quota_set=quota_set, org=orgs[org_id], parent=parent, allocated=places, created_by=actor
            )
        elif current.allocated != places:
            current.allocated = places
            current.save(update_fields=["allocated", "updated_at"])
        saved.append(current)
    summary = "、".join(f"{orgs[org_id].name} {places} 个" for org_id, places in shares.items())
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        context=context,
        subject=parent if parent is not None else quota_set,
        org_id=giver_org.pk,
        summary=f"{'再分配' if parent is not None else '分配'}名额「{quota_set.title}」：{summary}"[:300],
        detail={"shares": {str(org_id): places for org_id, places in shares.items()}},
    )
    return saved


def quota_shares_by_weight(*, quota_set: QuotaSet, weights: Mapping[int, int], amount: int) -> dict[int, int]:
    """`amount` places split over the child unions in proportion to `weights` ({org_id: weight}, e.g. member
    counts the caller computed), largest remainder first, ties to the smaller org path; raises a Chinese error."""
    if amount < 0:
        raise ValidationError({"amount": "分配名额不能为负数"})
    if any(weight < 0 for weight in weights.values()):
        raise ValidationError({"weights": "权重不能为负数"})
    if sum(weights.values()) <= 0:
        raise ValidationError({"weights": "请至少为一个单位填写大于 0 的权重（如会员人数）"})
    paths = dict(Org.objects.filter(pk__in=list(weights)).values_list("pk", "path"))
    return largest_remainder(amount, weights, order=lambda org_id: paths.get(org_id, ""))


@transaction.atomic
def quota_allocate_by_weight(
    *,
    quota_set: QuotaSet,
    weights: Mapping[int, int],
    actor: Actor,
    parent: QuotaAllocation | None = None,
    amount: int | None = None,
    context: AuditContext | None = None,
) -> list[QuotaAllocation]:
    """按比例分配: `amount` places (by default all those of this level not held by unions outside `weights`)
    split by `quota_shares_by_weight`, then allocated as by hand."""
    if amount is None:
        if parent is None:
            total = lock(QuotaSet, pk=quota_set.pk).total
        else:
            parent = lock(QuotaAllocation, pk=parent.pk, related=("org",))
            total = parent.allocated - allocation_used(parent)
        others = QuotaAllocation.objects.filter(quota_set=quota_set, parent=parent).exclude(
            org_id__in=list(weights)
        )
        amount = total - sum(others.values_list("allocated", flat=True))
    shares = quota_shares_by_weight(quota_set=quota_set, weights=weights, amount=amount)
    return quota_allocate(quota_set=quota_set, shares=shares, actor=actor, parent=parent, context=context)


@transaction.atomic
def quota_use(*, allocation: QuotaAllocation, owner: models.Model, actor: Actor, count: int = 1) -> QuotaUse:
    """Take `count` places of the allocation for `owner` (a nomination …). The allocation row is locked first, so
    of many concurrent calls only as many pass as there are places; refuses with 「名额已用完」. Taking places
    again for the same owner returns its active use unchanged."""
    if count < 1:
        raise ValidationError({"count": "占用名额至少为 1"})
    locked = lock(QuotaAllocation, pk=allocation.pk, related=("org", "quota_set"))
    owner_type = ContentType.objects.get_for_model(owner)
    current = QuotaUse.objects.filter(
        allocation=locked, used_by_type=owner_type, used_by_id=owner.pk, released_at__isnull=True
    ).first()
    if current is not None:
        return current
    remaining = allocation_remaining(locked)
    if remaining <= 0:
        raise ValidationError(EXHAUSTED)
    if count > remaining:
        raise ValidationError(f"名额不足：「{locked.org.name}」只剩 {remaining} 个名额")
    use = QuotaUse.objects.create(
        allocation=locked, used_by_type=owner_type, used_by_id=owner.pk, count=count, created_by=actor
    )
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=locked,
        org_id=locked.org_id,
        summary=f"占用「{locked.quota_set.title}」名额 {count} 个（{locked.org.name}）",
        detail={"use": use.pk, "owner": f"{owner_type.app_label}.{owner_type.model}:{owner.pk}"},
    )
    return use


@transaction.atomic
def quota_release(*, use: QuotaUse, actor: Actor) -> QuotaUse:
    """Give the places of a use back to its allocation (a withdrawn nomination …); releasing twice is a no-op."""
    locked_allocation = lock(QuotaAllocation, pk=use.allocation_id, related=("org", "quota_set"))
    use = lock(QuotaUse, pk=use.pk)
    if use.released_at is not None:
        return use
    use.released_at = timezone.now()
    use.released_by = actor
    use.save(update_fields=["released_at", "released_by", "updated_at"])
    audit_log(
        action=AuditAction.ADMIN_EDIT,
        actor=actor,
        subject=locked_allocation,
        org_id=locked_allocation.org_id,
        summary=f"释放「{locked_allocation.quota_set.title}」名额 {use.count} 个（{locked_allocation.org.name}）",
        detail={"use": use.pk},
    )
    return use


@transaction.atomic
def quota_release_for_owner(*, owner: models.Model, actor: Actor) -> int:
    """Release every active use held by `owner` (the owner app calls this when it withdraws the object)."""
    uses = QuotaUse.objects.filter(
        used_by_type=ContentType.objects.get_for_model(owner), used_by_id=owner.pk, released_at__isnull=True
    )
    released = 0
    for use in uses:
        quota_release(use=use, actor=actor)
        released += 1
    return released

"""主送/抄送 as written on a 公文 ("各县（市）区教科文卫体工会、教育工会，市属各基层工会") turned into org targets
(`orgs.targeting.OrgTarget`) under the issuing union, and expanded into the recipient orgs.

Recognised parts (separated by ，；; org names also by 、):
- 各县（市）区…工会 / 各县区工会 (with its 、-joined variants such as "、教育工会"): every county-level union below;
- 市属各基层工会 / 直属各基层工会 / 市直各基层工会: the grassroots unions directly under the issuer;
- 各基层工会: every grassroots union below; 各分工会 / 各工会小组: every branch below;
- otherwise the full name or short name of an active org inside the issuer's subtree."""

import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from gonghui.orgs.choices import OrgLevel, OrgStatus
from gonghui.orgs.models import Org
from gonghui.orgs.targeting import OrgTarget, TargetKind, targets_expand

_MAJOR = re.compile(r"[，,；;\n]+")
_MINOR = re.compile(r"[、/]+")
_COUNTY = re.compile(r"^各县")
_BRACKETS = re.compile(r"[（(][^）)]*[）)]")
# the kinds of county-level union written after 各县（市）区…工会 with 、 (not the name of one union)
_COUNTY_VARIANT = re.compile(r"^(教育|教科文卫体|教科文卫|科教文卫|文教|卫生|卫健|文体)?工会$")
_DIRECT_GRASSROOTS = re.compile(r"^各?(市属|直属|市直|局属)各?基层工会(组织)?$")
_ALL_GRASSROOTS = re.compile(r"^各(级)?基层工会(组织)?$")
_BRANCHES = re.compile(r"^各(分工会|工会小组|分工会、工会小组)$")


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", text).strip("：:。. ")


def targets_from_phrase(phrase: str, *, issuer: Org, field: str = "main_to") -> list[OrgTarget]:
    """Targets named by a 主送/抄送 phrase; an unrecognised part raises ValidationError on `field`."""
    targets: list[OrgTarget] = []
    unknown: list[str] = []
    for major in _MAJOR.split(_clean(phrase)):
        part = _clean(major)
        if not part:
            continue
        county = bool(_COUNTY.match(part))
        if county:
            targets.append(OrgTarget(kind=TargetKind.LEVEL, org_id=issuer.pk, level=OrgLevel.COUNTY))
        # 、 inside brackets ("各县（市、区）教育工会") does not join names
        for index, minor in enumerate(_MINOR.split(_BRACKETS.sub("", part) if county else part)):
            name = _clean(minor)
            # "各县（市）区教科文卫体工会、教育工会": the head and the kinds of county union joined to it
            if not name or (county and (index == 0 or _COUNTY_VARIANT.match(name))):
                continue
            found = _target_for(name, issuer)
            if found is None:
                unknown.append(name)
            else:
                targets.extend(found)
    if unknown:
        raise ValidationError(
            {field: f"无法识别的收文单位：{'、'.join(unknown)}（请填写本会下级组织的全称或简称）"}
        )
    return targets


def _target_for(name: str, issuer: Org) -> list[OrgTarget] | None:
    if _DIRECT_GRASSROOTS.match(name):
        children = Org.objects.filter(
            path__startswith=issuer.path,
            depth=issuer.depth + 1,
            level=OrgLevel.GRASSROOTS,
            status=OrgStatus.ACTIVE,
        ).order_by("path")
        return [OrgTarget(kind=TargetKind.ORG, org_id=pk) for pk in children.values_list("pk", flat=True)]
    if _ALL_GRASSROOTS.match(name):
        return [OrgTarget(kind=TargetKind.LEVEL, org_id=issuer.pk, level=OrgLevel.GRASSROOTS)]
    if _BRANCHES.match(name):
        return [OrgTarget(kind=TargetKind.LEVEL, org_id=issuer.pk, level=OrgLevel.BRANCH)]
    org = (
        Org.objects.filter(
            Q(name=name) | Q(short_name=name), path__startswith=issuer.path, status=OrgStatus.ACTIVE
        )
        .exclude(pk=issuer.pk)
        .order_by("path")
        .first()
    )
    return None if org is None else [OrgTarget(kind=TargetKind.ORG, org_id=org.pk)]


def targets_to_dicts(targets: Iterable[OrgTarget]) -> list[dict[str, object]]:
    seen: list[dict[str, object]] = []
    for target in targets:
        data = target.as_dict()
        if data not in seen:
            seen.append(data)
    return seen


def phrase_orgs(phrase: str, *, issuer: Org, field: str = "main_to") -> QuerySet[Org]:
    """The orgs a phrase reaches from `issuer` today."""
    return targets_orgs(
        targets_to_dicts(targets_from_phrase(phrase, issuer=issuer, field=field)), issuer=issuer
    )


def targets_orgs(stored: list[dict[str, object]], *, issuer: Org) -> QuerySet[Org]:
    """The active orgs stored targets expand to today (empty targets: no org)."""
    if not stored:
        return Org.objects.none()
    return targets_expand([OrgTarget.from_dict(d) for d in stored], within=issuer)

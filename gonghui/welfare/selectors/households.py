"""Reads of 困难职工帮扶 — part `households`: the household of a member (一户一档), the people of a household
unsealed for the class computation (`people_facts`, never rendered) and masked for pages (`people_masked`), and
the people card of the file page (`households_panel`)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from gonghui.accounts.scoping import has_action
from gonghui.members.models import Member

from ..choices import ENDED_STATUSES, Relation
from ..models import HardshipFile, Household, HouseholdMember
from ..permissions import MANAGE, REVEAL, VIEW
from ..sealing import unseal

SEALED_MARK = "已登记（已加密）"
NOT_REGISTERED = "未登记"


def age_on(birth: dt.date, day: dt.date) -> int:
    """Full years of age on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def consent_label(person: HouseholdMember) -> str:
    if person.consent_at is None or not person.consent_signer:
        return _("未授权")
    signed = formats.date_format(timezone.localtime(person.consent_at), "Y年n月j日")
    if person.consent_by_guardian:
        return _("监护人%(signer)s已授权（%(date)s）") % {"signer": person.consent_signer, "date": signed}
    return _("%(signer)s已授权（%(date)s）") % {"signer": person.consent_signer, "date": signed}


def file_of_household(household: Household) -> HardshipFile | None:
    """The household's file, None before the application is saved."""
    return HardshipFile.objects.filter(household=household).first()


def household_of_member(member: Member) -> Household | None:
    """The household the member belongs to: linked as a person, or entered by ID number only (a spouse entered
    before they applied themselves)."""
    match = Q(people__member=member)
    if member.id_number_hash:
        match |= Q(people__id_number_hash=member.id_number_hash)
    return Household.objects.filter(match).order_by("pk").first()


def file_for_people(user: Any, pk: int) -> HardshipFile:
    """A file the user sees (welfare.view), else 404."""
    return HardshipFile.objects.select_related("org", "household").get_visible_or_404(user, VIEW, pk=pk)


def person_visible_or_404(user: Any, person_id: int) -> tuple[HouseholdMember, HardshipFile]:
    """A person of a household whose file the user sees (welfare.view), and that file; else 404."""
    person = HouseholdMember.objects.select_related("household__org", "member").get_visible_or_404(
        user, VIEW, pk=person_id
    )
    file = HardshipFile.objects.select_related("org").filter(household_id=person.household_id).first()
    if file is None:
        raise Http404
    return person, file


@dataclass(frozen=True)
class PersonFacts:
    """One person, unsealed, for the class computation inside the server. Never rendered. `annual_income` is
    元/年 (0 while not registered: `income_registered` tells)."""

    pk: int
    relation: str
    name: str
    birth_date: dt.date | None
    age: int | None
    schooling: str
    employment: str
    health: str
    health_note: str
    disability_kind: str
    disability_grade: str
    annual_income: Decimal
    income_registered: bool
    income_note: str
    member_id: int | None
    has_consent: bool


def _facts(person: HouseholdMember, today: dt.date) -> PersonFacts:
    sealed = unseal(person.sealed)
    income = sealed.get("annual_income") or ""
    return PersonFacts(
        pk=person.pk,
        relation=person.relation,
        name=person.name,
        birth_date=person.birth_date,
        age=age_on(person.birth_date, today) if person.birth_date else None,
        schooling=person.schooling,
        employment=person.employment,
        health=sealed.get("health", ""),
        health_note=sealed.get("health_note", ""),
        disability_kind=sealed.get("disability_kind", ""),
        disability_grade=sealed.get("disability_grade", ""),
        annual_income=Decimal(income) if income else Decimal("0.00"),
        income_registered=bool(income),
        income_note=sealed.get("income_note", ""),
        member_id=person.member_id,
        has_consent=person.consent_at is not None and bool(person.consent_signer),
    )


def people_facts(household: Household) -> list[PersonFacts]:
    """The people of the household, unsealed (本人 first), for the class computation — never for a page."""
    today = timezone.localdate()
    people = sorted(household.people.all(), key=lambda p: (p.relation != Relation.SELF, p.pk))
    return [_facts(person, today) for person in people]


def person_facts(person: HouseholdMember) -> PersonFacts:
    """One person, unsealed: the current values an edit form keeps when a sealed field is left unchanged."""
    return _facts(person, timezone.localdate())


@dataclass(frozen=True)
class PersonRow:
    """One person as pages show them: the ID number masked, health, disability and income only marked."""

    pk: int
    name: str
    relation: str
    is_self: bool
    is_member: bool
    id_masked: str
    age: int | None
    schooling: str
    employment: str
    health: str
    disability: str
    income: str
    consent: str
    has_consent: bool


def people_masked(household: Household) -> list[PersonRow]:
    today = timezone.localdate()
    people = sorted(household.people.all(), key=lambda p: (p.relation != Relation.SELF, p.pk))
    mark = _(SEALED_MARK)
    rows = []
    for person in people:
        registered = mark if person.sealed else _(NOT_REGISTERED)
        rows.append(
            PersonRow(
                pk=person.pk,
                name=person.name,
                relation=person.get_relation_display(),
                is_self=person.relation == Relation.SELF,
                is_member=person.member_id is not None,
                id_masked=person.id_number_masked,
                age=age_on(person.birth_date, today) if person.birth_date else None,
                schooling=person.get_schooling_display(),
                employment=person.get_employment_display(),
                health=registered,
                disability=registered,
                income=registered,
                consent=consent_label(person),
                has_consent=person.consent_at is not None and bool(person.consent_signer),
            )
        )
    return rows


def households_panel(*, user: Any, file: HardshipFile) -> dict[str, Any]:
    """The context of this part's card on the file page (`welfare/files/_households.html`): the people masked,
    the add/edit/remove links for a holder of `welfare.manage` while the file is not ended, and the audited
    “查看完整信息” button for a holder of `welfare.reveal`."""
    ended = file.status in ENDED_STATUSES
    return {
        "file": file,
        "people": people_masked(file.household),
        "ended": ended,
        "may_manage": not ended and has_action(user, MANAGE, file.org),
        "may_reveal": has_action(user, REVEAL, file.org),
    }

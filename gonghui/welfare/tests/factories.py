"""Welfare rows for tests, written straight to the tables so each part's tests stand alone; parts whose services
exist build on them in their own fixtures. `grant_officer` makes a user a 帮扶干事 of an org."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.accounts.scoping import forget_grants
from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.welfare.choices import (
    Employment,
    FileStatus,
    HardshipCause,
    HealthStatus,
    Housing,
    MedicalInsurance,
    Relation,
)
from gonghui.welfare.models import HardshipFile, Household, HouseholdMember, PovertyLine
from gonghui.welfare.permissions import OFFICER_ROLE
from gonghui.welfare.sealing import seal


def grant_officer(user: Any, org: Any) -> Any:
    RoleGrantFactory.create(user=user, role=OFFICER_ROLE, org=org)
    forget_grants(user)  # a permission check before this grant cached the user's grants on the object
    return user


def make_line(
    *, org: Any, actor: Any, year: int = 2026, monthly_line: str = "600", **extra: Any
) -> PovertyLine:
    return PovertyLine.objects.create(
        org=org, year=year, monthly_line=Decimal(monthly_line), updated_by=actor, **extra
    )


def make_person(
    *,
    household: Household,
    name: str,
    relation: str = Relation.OTHER,
    annual_income: str = "0",
    health: str = HealthStatus.HEALTHY,
    employment: str = Employment.EMPLOYED,
    **extra: Any,
) -> HouseholdMember:
    return HouseholdMember.objects.create(
        household=household,
        name=name,
        relation=relation,
        employment=employment,
        sealed=seal({"health": health, "annual_income": annual_income}),
        consent_at=timezone.now(),
        consent_signer=name,
        **extra,
    )


def make_file(
    *,
    member: Any,
    actor: Any,
    status: str = FileStatus.APPLIED,
    annual_income: str = "24000",
    **extra: Any,
) -> HardshipFile:
    """A household of the member (本人, income `annual_income`) and its file in `status`."""
    household = Household.objects.create(org=member.org, address="甲县人民路1号", created_by=actor)
    make_person(
        household=household,
        name=member.name,
        relation=Relation.SELF,
        member=member,
        annual_income=annual_income,
    )
    fields: dict[str, Any] = {
        "cause_main": HardshipCause.ILLNESS,
        "housing": Housing.OWN,
        "medical_insurance": MedicalInsurance.EMPLOYEE,
        "submitted_at": timezone.now(),
    }
    if status in (FileStatus.FILED, FileStatus.LIFTED, FileStatus.CLOSED):
        fields["filed_at"] = timezone.now()
        fields["next_review_due"] = timezone.localdate() + dt.timedelta(days=365)
    fields.update(extra)
    return HardshipFile.objects.create(
        household=household, org=member.org, applicant=member, status=status, created_by=actor, **fields
    )

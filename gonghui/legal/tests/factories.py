"""Factories for 法律服务 tests: lawyers (with a login holding the 律师 role), consultations and legal-aid
applications in a given state, written directly (the services are tested on their own)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gonghui.accounts.tests.factories import RoleGrantFactory, UserFactory
from gonghui.calendars.workdays import add_workdays
from gonghui.legal.choices import AidStatus, ConsultationStatus, DisputeType, LegalCategory
from gonghui.legal.models import Consultation, Lawyer, LegalAidApplication
from gonghui.legal.services import LAWYER_ROLE

_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


def make_lawyer(
    org: Any, *, name: str = "", user: Any = None, with_user: bool = True, active: bool = True
) -> Lawyer:
    n = _next()
    if user is None and with_user:
        user = UserFactory.create(username=f"lawyer{n}", name=name or f"律师{n}")
    if user is not None:
        RoleGrantFactory.create(user=user, role=LAWYER_ROLE, org=org)
    return Lawyer.objects.create(
        org=org,
        user=user,
        name=name or f"律师{n}",
        firm="测试律师事务所",
        licence_number=f"{14108000000000000 + n}",
        phone="03910000000",
        specialties="劳动争议",
        active=active,
    )


def make_consultation(
    org: Any,
    *,
    member: Any = None,
    status: str = ConsultationStatus.PENDING,
    lawyer: Lawyer | None = None,
    title: str = "",
    question: str = "单位拖欠工资怎么办",
    consent: bool = True,
    answer: str = "",
) -> Consultation:
    n = _next()
    published = status == ConsultationStatus.PUBLISHED
    return Consultation.objects.create(
        org=org,
        number=f"ZX-T-{n:05d}",
        member=member,
        asker_name=member.name if member is not None else "来电人",
        asker_phone=member.phone if member is not None else "",
        category=LegalCategory.WAGES,
        title=title or f"咨询{n}",
        question=question,
        publish_consent=consent,
        status=status,
        assigned_lawyer=lawyer,
        answer=answer or ("可以申请劳动仲裁" if status != ConsultationStatus.PENDING else ""),
        answered_at=timezone.now() if status != ConsultationStatus.PENDING else None,
        published_title=(title or f"咨询{n}") if published else "",
        published_question=question if published else "",
        published_answer=(answer or "可以申请劳动仲裁") if published else "",
        published_at=timezone.now() if published else None,
    )


def make_application(
    org: Any,
    *,
    member: Any = None,
    status: str = AidStatus.SUBMITTED,
    lawyer: Lawyer | None = None,
    submitted_on: dt.date | None = None,
    applicant_name: str = "",
    **extra: Any,
) -> LegalAidApplication:
    n = _next()
    day = submitted_on or timezone.localdate()
    fields: dict[str, Any] = {"amount_involved": Decimal("10000"), **extra}
    return LegalAidApplication.objects.create(
        org=org,
        number=f"FY-T-{n:05d}",
        member=member,
        applicant_name=applicant_name or (member.name if member is not None else f"申请人{n}"),
        applicant_phone=member.phone if member is not None else "13900000000",
        dispute_type=DisputeType.WAGES,
        opposing_party="某公司",
        facts="拖欠工资三个月",
        status=status,
        assigned_lawyer=lawyer,
        submitted_on=day,
        review_due_on=add_workdays(day, 10),
        **fields,
    )

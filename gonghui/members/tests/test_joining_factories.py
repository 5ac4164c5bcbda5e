"""Builders for join applications, transfers and correction requests, shared by the joining, transfer and
correction tests and the crawler declarations (no tests in this module)."""

import datetime as dt

from django.utils import timezone

from gonghui.accounts.choices import IdType
from gonghui.members.choices import CorrectionStatus, JoinChannel, JoinStatus, TransferStatus
from gonghui.members.models import CorrectionRequest, JoinApplication, Member, Transfer
from gonghui.members.services import identity_fields
from gonghui.members.tests.factories import valid_id_number

APPLICANT_AREA = "410803"  # distinct from the member factory's area, so applicants never clash with members


def applicant_id_number(n: int, *, male: bool = True, birth: dt.date = dt.date(1992, 4, 9)) -> str:
    return valid_id_number(n, area=APPLICANT_AREA, birth=birth, male=male)


def make_join_application(
    org,
    *,
    n: int = 1,
    name: str = "申请人",
    phone: str = "13600000001",
    status: str = JoinStatus.SUBMITTED,
    male: bool = True,
    reject_reason: str = "",
) -> JoinApplication:
    fields = identity_fields(id_type=IdType.RESIDENT, id_number=applicant_id_number(n, male=male))
    return JoinApplication.objects.create(
        org=org,
        channel=JoinChannel.ONLINE,
        status=status,
        name=name,
        phone=phone,
        unit_name=org.unit_name,
        privacy_accepted_at=timezone.now(),
        reject_reason=reject_reason,
        **fields,
    )


def make_transfer(
    member: Member,
    *,
    to_org=None,
    to_org_outside: str = "",
    status: str = TransferStatus.REQUESTED,
    requested_by=None,
    reason: str = "工作调动",
) -> Transfer:
    return Transfer.objects.create(
        member=member,
        from_org=member.org,
        to_org=to_org,
        to_org_outside=to_org_outside,
        status=status,
        reason=reason,
        requested_by=requested_by,
    )


def make_correction(
    member: Member, *, changes=None, status: str = CorrectionStatus.SUBMITTED, note: str = ""
) -> CorrectionRequest:
    return CorrectionRequest.objects.create(
        member=member, changes=changes or {"position_title": ["", "一级教师"]}, status=status, note=note
    )

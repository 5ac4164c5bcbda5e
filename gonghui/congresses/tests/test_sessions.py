"""Part sessions: the live quorum (delegates and 大会 mode), open counts against those present and the passing rule
of more than half of all, secret ballots whose stored rows never link a member to a choice, petitions reaching one
third and convening an extraordinary session, and the three-actor matrix of the pages."""

import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from gonghui.congresses.choices import CongressKind, MotionStatus, PetitionStatus, SessionKind
from gonghui.congresses.selectors.sessions import session_quorum
from gonghui.congresses.services import sessions as services
from gonghui.core.models import AuditLog, TimelineEntry
from gonghui.notifications.models import Notification
from gonghui.responses import services as store
from gonghui.responses.models import AnonymousAnswer, Participation, PendingAnswer

from .factories import make_congress, make_delegate_member, make_delegates
from .factories_sessions import check_in, motion, open_session, session_now

pytestmark = pytest.mark.django_db


def _rows(model):
    return list(model.objects.values())


def _user(seat):
    return seat.member.user


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_quorum_counts_full_delegates_present_against_two_thirds(world):
    congress = make_congress(org=world.org_a, actor=world.org_admin)
    seats = make_delegates(congress, 9)
    observer = make_delegates(congress, 1, start=50)[0]
    observer.role = "observer"
    observer.save()
    session = session_now(congress=congress, actor=world.org_admin)
    check_in(session, [*seats[:5], observer], world.org_admin)
    quorum = session_quorum(session)
    assert (quorum.electorate, quorum.present, quorum.needed, quorum.others_present) == (9, 5, 6, 1)
    assert not quorum.reached
    check_in(session, seats[5:6], world.org_admin)
    assert session_quorum(session).reached


def test_assembly_mode_admits_all_staff_and_counts_staff_count(world):
    congress = make_congress(
        org=world.org_a, actor=world.org_admin, kind=CongressKind.TEACHERS_ASSEMBLY, staff_count=3
    )
    session = session_now(congress=congress, actor=world.org_admin)
    staff = [make_delegate_member(org=world.org_a, index=700 + i, with_user=False) for i in range(2)]
    for member in staff:
        from gonghui.checkins.services import checkin_manual

        checkin_manual(target=session, member=member, actor=world.org_admin)
    quorum = session_quorum(session)
    assert (quorum.electorate, quorum.present, quorum.needed) == (3, 2, 2)
    assert quorum.reached


def test_open_count_cannot_exceed_present_and_passes_on_half_of_all(world):
    session, _ = open_session(org=world.org_a, actor=world.org_admin, delegates=6, present=5)
    item = motion(session, world.org_admin)
    with pytest.raises(ValidationError, match="超过了实到人数5人"):
        services.motion_record_open(
            motion=item, votes_for=4, votes_against=1, votes_abstain=1, actor=world.org_admin
        )
    # 3 of 6 is half, not more than half: not passed even though 3 of the 5 present agree
    decided = services.motion_record_open(
        motion=item, votes_for=3, votes_against=1, votes_abstain=1, actor=world.org_admin
    )
    assert decided.passed is False
    assert decided.electorate == 6
    assert TimelineEntry.objects.filter(action="motion_decided").exists()
    other = motion(session, world.org_admin, title="财务工作报告")
    assert services.motion_record_open(
        motion=other, votes_for=4, votes_against=0, votes_abstain=1, actor=world.org_admin
    ).passed


def test_no_vote_without_quorum(world):
    session, _ = open_session(org=world.org_a, actor=world.org_admin, delegates=6, present=3)
    with pytest.raises(ValidationError, match="未达到应到人数的三分之二"):
        services.motion_record_open(
            motion=motion(session, world.org_admin),
            votes_for=3,
            votes_against=0,
            votes_abstain=0,
            actor=world.org_admin,
        )


def test_secret_ballot_counts_and_no_stored_row_links_a_member_to_a_choice(world, monkeypatch):
    monkeypatch.setattr(store, "_shuffler", random.Random(25))
    session, seats = open_session(org=world.org_a, actor=world.org_admin, delegates=12, present=12)
    ballot = motion(session, world.org_admin, secret=True)
    services.motion_ballot_open(motion=ballot, actor=world.org_admin)
    choices = ["赞成"] * 8 + ["反对"] * 3 + ["弃权"]
    for seat, choice in zip(seats, choices, strict=True):
        client = _client(seat.member.user)
        response = client.post(
            reverse("congresses_portal:motion_vote", args=[ballot.public_id]), {"choice": choice}
        )
        assert response.status_code == 302
    with pytest.raises(ValidationError, match="只能提交一次"):
        services.motion_vote(motion=ballot, member=seats[0].member, choice="反对")
    decided = services.motion_ballot_close(motion=ballot, actor=world.org_admin)
    assert (decided.votes_for, decided.votes_against, decided.votes_abstain, decided.passed) == (
        8,
        3,
        1,
        True,
    )
    assert decided.status == MotionStatus.DECIDED
    # the participations name members but no choice; the answers name choices but no member, user or time
    assert Participation.objects.count() == 12
    assert not PendingAnswer.objects.exists()
    member_keys = {str(s.member.pk) for s in seats} | {str(s.member.public_id) for s in seats}
    member_keys |= {str(_user(s).pk) for s in seats}
    for row in _rows(AnonymousAnswer):
        assert set(row) == {
            "id",
            "kind",
            "content_type_id",
            "object_id",
            "recorded_on",
            "answers",
            "attributes",
        }
        assert row["attributes"] == {}
        assert not member_keys & {str(v) for v in row["answers"].values()}
    for row in _rows(Participation):
        assert "赞成" not in str(row)
        assert "反对" not in str(row)
    texts = " ".join(str(v) for v in TimelineEntry.objects.values_list("note", flat=True))
    texts += " ".join(str(v) for v in AuditLog.objects.values_list("summary", "detail"))
    for seat in seats:
        assert seat.member.name not in texts


def test_petition_reaches_one_third_notifies_union_and_convenes(world):
    congress = make_congress(org=world.org_a, actor=world.org_admin)
    seats = make_delegates(congress, 6, with_users=True)
    petition = services.petition_start(
        congress=congress, member=seats[0].member, reason="审议绩效工资方案", actor=_user(seats[0])
    )
    assert petition.status == PetitionStatus.COLLECTING
    with pytest.raises(ValidationError, match="已联名"):
        services.petition_sign(petition=petition, member=seats[0].member, actor=_user(seats[0]))
    with pytest.raises(PermissionDenied):
        services.petition_sign(petition=petition, member=world.member_a, actor=world.org_member)
    petition = services.petition_sign(petition=petition, member=seats[1].member, actor=_user(seats[1]))
    assert petition.status == PetitionStatus.REACHED  # 2 of 6 = one third
    assert Notification.objects.filter(recipient=world.org_admin, title__contains="三分之一").exists()
    session = session_now(congress=congress, actor=world.org_admin, title="placeholder")
    data = services.SessionInput(title="临时会议", starts_at=session.starts_at, ends_at=session.ends_at)
    extraordinary = services.session_create(
        congress=congress, data=data, actor=world.org_admin, petition=petition
    )
    petition.refresh_from_db()
    assert (extraordinary.kind, extraordinary.number) == (SessionKind.EXTRAORDINARY, 2)
    assert (petition.status, petition.session_id) == (PetitionStatus.CONVENED, extraordinary.pk)


def test_session_pages_three_actors(world):
    session, _ = open_session(org=world.org_a, actor=world.org_admin, delegates=3, present=3)
    detail = reverse("congresses:session_detail", args=[session.public_id])
    create = reverse("congresses:session_create", args=[session.congress.public_id])
    admin = _client(world.org_admin)
    assert admin.get(detail).status_code == 200
    assert admin.get(create).status_code == 200
    assert _client(world.outsider).get(detail).status_code == 404
    assert _client(world.org_member).get(detail).status_code == 403
    # the member of the unit reads the portal page (agenda, resolutions) but sees no ballot
    portal = _client(world.org_member).get(
        reverse("congresses_portal:session_detail", args=[session.public_id])
    )
    assert portal.status_code == 200
    assert "会议议程" in portal.content.decode()


def test_session_create_numbers_and_validates(world):
    congress = make_congress(org=world.org_a, actor=world.org_admin)
    first = session_now(congress=congress, actor=world.org_admin)
    response = _client(world.org_admin).post(
        reverse("congresses:session_create", args=[congress.public_id]),
        {"title": "第二次", "starts_at": "2026-03-01T09:00", "ends_at": "2026-03-01T08:00"},
    )
    assert response.status_code == 200
    assert "结束时间不能早于开始时间" in response.content.decode()
    assert first.number == 1


def test_a_checked_in_delegate_sees_the_check_in_instead_of_the_code_button(world):
    # given a session with the first of two delegates checked in
    session, seats = open_session(org=world.org_a, actor=world.org_admin, delegates=2, present=1)
    url = reverse("congresses_portal:session_detail", args=[session.public_id])
    # then the first reads 已签到, the second is offered the member code
    present = _client(seats[0].member.user).get(url).content.decode()
    absent = _client(seats[1].member.user).get(url).content.decode()
    assert "已签到" in present
    assert "出示会员码签到" not in present
    assert "出示会员码签到" in absent
    assert "已签到" not in absent

"""指派律师 (a pending consultation) and 更换律师 (a case in aid) come from the workflow tables: the detail page shows
the button only when `CONSULTATION_WORKFLOW` / `AID_WORKFLOW` allow it, the action page and the service refuse
with the table's own reason, and the three actors (org A's 法律服务干事, org A's plain member, org B's 法律服务干事)
get what the table and the scoping say."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gonghui.legal.choices import AidAction, AidStatus, ConsultationAction, ConsultationStatus
from gonghui.legal.services import AID_WORKFLOW, CONSULTATION_WORKFLOW, aid_reassign, consultation_assign

from .factories import make_application, make_consultation

pytestmark = pytest.mark.django_db

ASSIGN_REFUSED = "当前状态“已解答”下不能执行“指派律师”"
REASSIGN_REFUSED = "当前状态“待审查”下不能执行“更换律师”"


def _flashes(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- the tables -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (ConsultationStatus.PENDING, True),
        (ConsultationStatus.ANSWERED, False),
        (ConsultationStatus.PUBLISHED, False),
    ],
)
def test_assign_is_in_the_table_only_while_pending(world, handler_a, status, offered):
    consultation = make_consultation(world.org_a, status=status)
    actions = [str(t.action) for t in CONSULTATION_WORKFLOW.available_actions(consultation, handler_a)]
    assert (ConsultationAction.ASSIGN in actions) is offered


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (AidStatus.SUBMITTED, False),
        (AidStatus.APPROVED, True),
        (AidStatus.REJECTED, False),
        (AidStatus.CLOSED, False),
    ],
)
def test_reassign_is_in_the_table_only_while_in_aid(world, handler_a, lawyer_a, status, offered):
    lawyer = lawyer_a if status in (AidStatus.APPROVED, AidStatus.CLOSED) else None
    application = make_application(world.org_a, status=status, lawyer=lawyer)
    actions = [str(t.action) for t in AID_WORKFLOW.available_actions(application, handler_a)]
    assert (AidAction.REASSIGN in actions) is offered


def test_the_assigned_lawyer_may_answer_but_not_reassign_themselves(world, lawyer_a):
    consultation = make_consultation(world.org_a, lawyer=lawyer_a)
    application = make_application(world.org_a, status=AidStatus.APPROVED, lawyer=lawyer_a)
    assert CONSULTATION_WORKFLOW.can(consultation, ConsultationAction.ANSWER, lawyer_a.user)
    assert not CONSULTATION_WORKFLOW.can(consultation, ConsultationAction.ASSIGN, lawyer_a.user)
    assert AID_WORKFLOW.can(application, AidAction.CLOSE, lawyer_a.user)
    assert not AID_WORKFLOW.can(application, AidAction.REASSIGN, lawyer_a.user)


# --- the services refuse with the table's reason ----------------------------------------------------------


def test_assign_refuses_an_answered_consultation_naming_its_state(world, handler_a, lawyer_a):
    consultation = make_consultation(world.org_a, status=ConsultationStatus.ANSWERED)
    with pytest.raises(ValidationError) as exc:
        consultation_assign(consultation=consultation, lawyer=lawyer_a, actor=handler_a)
    assert exc.value.messages == [ASSIGN_REFUSED]
    consultation.refresh_from_db()
    assert consultation.assigned_lawyer is None


def test_reassign_refuses_an_application_under_review_naming_its_state(world, handler_a, lawyer_a):
    application = make_application(world.org_a)
    with pytest.raises(ValidationError) as exc:
        aid_reassign(application=application, lawyer=lawyer_a, actor=handler_a)
    assert exc.value.messages == [REASSIGN_REFUSED]
    application.refresh_from_db()
    assert application.assigned_lawyer is None


@pytest.mark.parametrize(
    ("_case", "actor", "allowed"),
    [
        ("handler of org A assigns", "handler_a", True),
        ("plain member of org A may not", "org_member", False),
        ("handler of org B may not", "handler_b", False),
    ],
)
def test_assign_service_three_actors(request, world, lawyer_a, _case, actor, allowed):
    consultation = make_consultation(world.org_a)
    user = request.getfixturevalue(actor)
    if allowed:
        consultation_assign(consultation=consultation, lawyer=lawyer_a, actor=user)
    else:
        with pytest.raises(PermissionDenied):
            consultation_assign(consultation=consultation, lawyer=lawyer_a, actor=user)
    consultation.refresh_from_db()
    assert (consultation.assigned_lawyer == lawyer_a) is allowed


@pytest.mark.parametrize(
    ("_case", "actor", "allowed"),
    [
        ("handler of org A reassigns", "handler_a", True),
        ("plain member of org A may not", "org_member", False),
        ("handler of org B may not", "handler_b", False),
    ],
)
def test_reassign_service_three_actors(request, world, lawyer_a, lawyer_city, _case, actor, allowed):
    application = make_application(world.org_a, status=AidStatus.APPROVED, lawyer=lawyer_a)
    user = request.getfixturevalue(actor)
    if allowed:
        aid_reassign(application=application, lawyer=lawyer_city, actor=user)
    else:
        with pytest.raises(PermissionDenied):
            aid_reassign(application=application, lawyer=lawyer_city, actor=user)
    application.refresh_from_db()
    assert application.assigned_lawyer == (lawyer_city if allowed else lawyer_a)


# --- the pages: the button only when allowed, the action page refuses with the same reason ----------------


def _assign_url(consultation):
    return reverse("legal:consultation_assign", args=[consultation.public_id])


def _reassign_url(application):
    return reverse("legal:application_reassign", args=[application.public_id])


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (ConsultationStatus.PENDING, True),
        (ConsultationStatus.ANSWERED, False),
        (ConsultationStatus.PUBLISHED, False),
    ],
)
def test_assign_button_only_on_a_pending_consultation(client, world, handler_a, status, shown):
    consultation = make_consultation(world.org_a, status=status)
    client.force_login(handler_a)
    page = client.get(reverse("legal:consultation_detail", args=[consultation.public_id])).content.decode()
    assert (f'href="{_assign_url(consultation)}"' in page) is shown
    # the FAQ copy is shown exactly while published
    assert ("公开内容（常见问题）" in page) is (status == ConsultationStatus.PUBLISHED)


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (AidStatus.SUBMITTED, False),
        (AidStatus.APPROVED, True),
        (AidStatus.CLOSED, False),
    ],
)
def test_reassign_button_only_on_a_case_in_aid(client, world, handler_a, lawyer_a, status, shown):
    lawyer = None if status == AidStatus.SUBMITTED else lawyer_a
    application = make_application(world.org_a, status=status, lawyer=lawyer)
    client.force_login(handler_a)
    page = client.get(reverse("legal:application_detail", args=[application.public_id])).content.decode()
    assert (f'href="{_reassign_url(application)}"' in page) is shown


@pytest.mark.parametrize(
    ("_case", "actor", "status", "shown"),
    [
        ("handler of org A sees the button", "handler_a", 200, True),
        ("org A's union admin handles its union's cases", "org_admin", 200, True),
        ("plain member of org A is refused at the console gate", "org_member", 403, False),
        ("handler of org B does not know the case exists", "handler_b", 404, False),
    ],
)
def test_assign_and_reassign_buttons_three_actors(
    request, client, world, lawyer_a, _case, actor, status, shown
):
    consultation = make_consultation(world.org_a)
    application = make_application(world.org_a, status=AidStatus.APPROVED, lawyer=lawyer_a)
    client.force_login(request.getfixturevalue(actor))
    consultation_page = client.get(reverse("legal:consultation_detail", args=[consultation.public_id]))
    application_page = client.get(reverse("legal:application_detail", args=[application.public_id]))
    assert consultation_page.status_code == application_page.status_code == status
    assert (f'href="{_assign_url(consultation)}"' in consultation_page.content.decode()) is shown
    assert (f'href="{_reassign_url(application)}"' in application_page.content.decode()) is shown


def test_assign_page_on_an_answered_consultation_flashes_the_tables_reason(client, world, handler_a):
    consultation = make_consultation(world.org_a, status=ConsultationStatus.ANSWERED)
    client.force_login(handler_a)
    response = client.get(_assign_url(consultation))
    assert response.status_code == 302
    assert response["Location"] == reverse("legal:consultation_detail", args=[consultation.public_id])
    assert _flashes(response) == [ASSIGN_REFUSED]


def test_reassign_page_on_an_application_under_review_flashes_the_tables_reason(
    client, world, handler_a, lawyer_a
):
    application = make_application(world.org_a)
    client.force_login(handler_a)
    response = client.post(_reassign_url(application), {"lawyer": lawyer_a.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("legal:application_detail", args=[application.public_id])
    assert _flashes(response) == [REASSIGN_REFUSED]
    application.refresh_from_db()
    assert (application.status, application.assigned_lawyer) == (AidStatus.SUBMITTED, None)


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("handler of org A reassigns", "handler_a", 302),
        ("plain member of org A is refused", "org_member", 403),
        ("handler of org B gets 404", "handler_b", 404),
    ],
)
def test_reassign_page_three_actors(request, client, world, lawyer_a, lawyer_city, _case, actor, status):
    application = make_application(world.org_a, status=AidStatus.APPROVED, lawyer=lawyer_a)
    client.force_login(request.getfixturevalue(actor))
    response = client.post(_reassign_url(application), {"lawyer": lawyer_city.pk, "note": "律师出差"})
    assert response.status_code == status
    application.refresh_from_db()
    assert application.assigned_lawyer == (lawyer_city if status == 302 else lawyer_a)


def test_the_portal_shows_the_review_deadline_only_while_under_review(client, world, lawyer_a):
    waiting = make_application(world.org_a, member=world.member_a)
    decided = make_application(world.org_a, member=world.member_a, status=AidStatus.APPROVED, lawyer=lawyer_a)
    client.force_login(world.org_member)
    for application, shown in ((waiting, True), (decided, False)):
        page = client.get(reverse("legal:my_application", args=[application.public_id])).content.decode()
        assert ("审查期限" in page) is shown

"""提案 pages: the three-actor matrix on the console, who reads a proposal on the portal (delegates of its congress;
the unit's staff once published), 附议 and 提交 on the phone, query counts of the lists."""

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.congresses.choices import HonourKind, ProposalStatus
from gonghui.congresses.models import CongressHonour, Proposal, ProposalSecond

from .factories_proposals import proposal_at, proposal_setup

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("outsider sees nothing", "outsider", 404),
        ("plain member may not use the console", "org_member", 403),
        ("org admin reviews", "org_admin", 302),
    ],
)
def test_review_page_access(request, client, world, _case, actor, status):
    # given
    setup = proposal_setup(org=world.org_a, actor=world.org_admin, delegates=3)
    proposal = proposal_at(setup, world.org_admin, "submitted")
    client.force_login(request.getfixturevalue(actor))
    # when
    url = reverse("congresses:proposal_review", args=[proposal.public_id])
    response = client.post(url, {"decision": "accept", "note": ""})
    # then
    assert response.status_code == status
    proposal.refresh_from_db()
    assert (proposal.status == ProposalStatus.ACCEPTED) is (status == 302)


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [("outsider", "outsider", 404), ("member", "org_member", 403), ("admin", "org_admin", 200)],
)
def test_console_detail_access(request, client, world, _case, actor, status):
    setup = proposal_setup(org=world.org_a, actor=world.org_admin, delegates=3)
    proposal = proposal_at(setup, world.org_admin, "handling")
    client.force_login(request.getfixturevalue(actor))
    response = client.get(reverse("congresses:proposal_detail", args=[proposal.public_id]))
    assert response.status_code == status
    if status == 200:
        assert "后勤处" in response.content.decode()


def test_portal_detail_delegates_see_staff_only_once_published(client, world):
    # given: a proposal of org A's congress; member A is unit staff but no delegate; a delegate of org B's unit
    setup = proposal_setup(org=world.org_a, actor=world.org_admin, delegates=3)
    other = proposal_setup(org=world.org_b, actor=world.outsider, delegates=1, start=700)
    proposal = proposal_at(setup, world.org_admin, "replied")
    url = reverse("congresses_portal:proposal_detail", args=[proposal.public_id])
    delegate_user = setup.delegates[1].member.user
    stranger_user = other.delegates[0].member.user
    # then: a delegate of the same congress reads it, the unit's staff and strangers do not
    client.force_login(delegate_user)
    assert client.get(url).status_code == 200
    client.force_login(world.org_member)
    assert client.get(url).status_code == 404
    # when published, the unit's staff read it (without the seconders); a member of another unit still does not
    Proposal.objects.filter(pk=proposal.pk).update(published_at=timezone.now())
    response = client.get(url)
    assert response.status_code == 200
    assert setup.delegates[1].member.name not in response.content.decode()
    client.force_login(stranger_user)
    assert client.get(url).status_code == 404


def test_portal_second_posts_and_get_changes_nothing(client, world):
    # given
    setup = proposal_setup(org=world.org_a, actor=world.org_admin, delegates=3)
    proposal = proposal_at(setup, world.org_admin, "seconding")
    url = reverse("congresses_portal:proposal_second", args=[proposal.public_id])
    client.force_login(setup.delegates[1].member.user)
    # when: a GET goes back to the page
    assert client.get(url).status_code == 302
    assert ProposalSecond.objects.count() == 0
    # when: the page shows 我要附议 and the POST seconds it
    page = client.get(reverse("congresses_portal:proposal_detail", args=[proposal.public_id]))
    assert "我要附议" in page.content.decode()
    response = client.post(url, follow=True)
    # then
    second = ProposalSecond.objects.get()
    assert second.delegate == setup.delegates[1]
    assert second.receipt_code in response.content.decode()


def test_portal_submit_in_the_window(client, world):
    # given
    setup = proposal_setup(org=world.org_a, actor=world.org_admin, delegates=2)
    client.force_login(setup.delegates[0].member.user)
    url = reverse("congresses_portal:proposal_create")
    # when: missing 理由 → the field's message, nothing stored
    response = client.post(
        url, {"category": "logistics", "title": "关于增设停车位的提案", "measures": "扩建"}
    )
    assert "请填写理由" in response.content.decode()
    assert Proposal.objects.count() == 0
    response = client.post(
        url,
        {
            "congress": str(setup.congress.public_id),
            "category": "logistics",
            "title": "关于增设停车位的提案",
            "reasons": "车位紧张",
            "measures": "扩建",
        },
    )
    # then: the receipt says where the other delegates find it to second
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("congresses_portal:proposal_detail", args=[proposal.public_id])
    assert (proposal.status, proposal.session) == (ProposalStatus.SECONDING, setup.session)
    page = client.get(response["Location"]).content.decode()
    assert (
        f"回执编号 {proposal.receipt_code}。本届其他代表可在「待我附议」中看到并附议，满 2 人后提交审查"
        in page
    )


def test_portal_rating_page_flow(client, world):
    # given
    setup = proposal_setup(org=world.org_a, actor=world.org_admin, delegates=3)
    proposal = proposal_at(setup, world.org_admin, "replied")
    client.force_login(setup.delegates[0].member.user)
    url = reverse("congresses_portal:proposal_rate", args=[proposal.public_id])
    # when
    client.post(url, {"satisfaction": "unsatisfied", "rating_note": "未落实"})
    # then
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REHANDLING


def test_lists_do_not_query_per_row(client, world, django_assert_max_num_queries):
    # given: five proposals in different states
    setup = proposal_setup(org=world.org_a, actor=world.org_admin, delegates=4)
    for index, stage in enumerate(("seconding", "submitted", "handling", "replied", "closed")):
        proposal_at(setup, world.org_admin, stage, title=f"提案{index}")
    # then: console list
    client.force_login(world.org_admin)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("congresses:proposal_list"))
    assert response.content.decode().count("congresses/proposals/") >= 5
    # and the portal lists
    client.force_login(setup.delegates[1].member.user)
    for tab in ("mine", "second", "all"):
        with django_assert_max_num_queries(20):
            assert client.get(reverse("congresses_portal:proposal_list"), {"tab": tab}).status_code == 200


def test_console_detail_offers_publish_and_unpublish_and_shows_the_honour(client, world):
    # given: a replied proposal of org A
    setup = proposal_setup(org=world.org_a, actor=world.org_admin, delegates=3)
    proposal = proposal_at(setup, world.org_admin, "replied")
    url = reverse("congresses:proposal_detail", args=[proposal.public_id])
    publish = reverse("congresses:proposal_publish", args=[proposal.public_id])
    unpublish = reverse("congresses:proposal_unpublish", args=[proposal.public_id])
    client.force_login(world.org_admin)
    # then: 向职工公开, no badge yet
    page = client.get(url).content.decode()
    assert publish in page
    assert unpublish not in page
    assert "优秀提案" not in page
    # when: published and named 优秀提案
    Proposal.objects.filter(pk=proposal.pk).update(published_at=timezone.now())
    CongressHonour.objects.create(
        session=setup.session, kind=HonourKind.EXCELLENT_PROPOSAL, proposal=proposal
    )
    page = client.get(url).content.decode()
    # then
    assert unpublish in page
    assert publish not in page
    assert "优秀提案" in page


def test_console_detail_offers_no_publish_before_a_reply(client, world):
    setup = proposal_setup(org=world.org_a, actor=world.org_admin, delegates=3)
    proposal = proposal_at(setup, world.org_admin, "handling")
    client.force_login(world.org_admin)
    page = client.get(reverse("congresses:proposal_detail", args=[proposal.public_id])).content.decode()
    assert reverse("congresses:proposal_publish", args=[proposal.public_id]) not in page


@pytest.mark.parametrize("page_name", ["congresses:proposal_review", "congresses:proposal_assign"])
def test_review_and_assign_pages_show_the_matter(client, world, page_name):
    # given
    setup = proposal_setup(org=world.org_a, actor=world.org_admin, delegates=3)
    stage = "submitted" if page_name.endswith("review") else "accepted"
    proposal = proposal_at(setup, world.org_admin, stage)
    client.force_login(world.org_admin)
    # when
    page = client.get(reverse(page_name, args=[proposal.public_id])).content.decode()
    # then: 理由, 建议措施 and the seconders are on screen above the form
    assert "午餐高峰排队时间长。" in page
    assert "增设座位，错峰就餐。" in page
    for delegate in setup.delegates[1:3]:
        assert delegate.member.name in page

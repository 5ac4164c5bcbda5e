"""推荐 pages with three actors (org A's admin, its plain member, org B's admin) and the cadres above (the county
reviewer, the city runner): the list with the quota left and 推荐, the form with member search, the detail with
materials and the actions of whoever may do them, the POST-only actions, the audited export."""

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.core.models import AuditLog
from gonghui.honours.choices import NominationStatus
from gonghui.honours.models import Nomination
from gonghui.honours.services.nominations import nomination_submit

from .test_nominations_factories import campaign_setup, person, ready_draft, upload

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def setup(world):
    made = campaign_setup(world, org_a_places=2)
    made.nomination = ready_draft(made.campaign, world.org_a, person(world.org_a, "李老师"), world.org_admin)  # type: ignore[attr-defined]
    return made


def test_the_list_for_three_actors(world, setup):
    url = reverse("honours:nominations", args=[setup.campaign.pk])
    page = _client(world.org_admin).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "李老师" in html
    assert 'id="nomination-create"' in html
    assert 'data-quota-org="甲县第一中学工会"' in html
    assert _client(world.org_member).get(url).status_code == 403
    # org B's admin sees the city's running campaign (it nominates to it) but none of org A's nominations
    theirs = _client(world.outsider).get(url)
    assert theirs.status_code == 200
    assert "李老师" not in theirs.content.decode()
    filtered = _client(setup.runner).get(url, {"q": "王"})
    assert "没有符合条件的推荐" in filtered.content.decode()


def test_the_detail_for_three_actors(world, setup):
    url = reverse("honours:nomination_detail", args=[setup.nomination.pk])
    page = _client(world.org_admin).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "李老师" in html
    assert "提交推荐" in html
    assert 'id="material-add"' in html
    assert "退回修改</label>" not in html  # the nominating union does not return its own
    assert _client(world.org_member).get(url).status_code == 403
    assert _client(world.outsider).get(url).status_code == 404
    assert (
        _client(world.outsider)
        .post(reverse("honours:nomination_submit", args=[setup.nomination.pk]))
        .status_code
        == 404
    )


def test_nominate_through_the_pages(world, setup):
    client = _client(world.org_admin)
    create = reverse("honours:nomination_create", args=[setup.campaign.pk])
    wang = person(world.org_a, "王老师", phone="13911112222")
    searched = client.get(create, {"q": "王"})
    assert searched.status_code == 200
    html = searched.content.decode()
    assert "王老师" in html
    assert "139****2222" in html
    assert "13911112222" not in html
    assert "李老师" not in html  # already nominated
    by_phone = client.post(create, {"q": "13911112222", "search": "1", "nominating_org": world.org_a.pk})
    assert "王老师" in by_phone.content.decode()
    assert not Nomination.objects.filter(member=wang).exists()  # searching writes nothing
    done = client.post(create, {"nominating_org": world.org_a.pk, "member": wang.pk, "deeds": "事迹"})
    assert done.status_code == 302
    nomination = Nomination.objects.get(member=wang)
    detail = reverse("honours:nomination_detail", args=[nomination.pk])
    assert done["Location"] == detail
    for material in setup.campaign.materials:
        added = client.post(
            reverse("honours:nomination_material_add", args=[nomination.pk]),
            {"material": material, "file": upload()},
        )
        assert added.status_code == 302
    assert client.post(reverse("honours:nomination_submit", args=[nomination.pk])).status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    # the member and org B's admin reach no form
    assert _client(world.org_member).get(create).status_code == 403
    assert _client(world.outsider).get(create).status_code == 403


def test_edit_page_for_three_actors(world, setup):
    url = reverse("honours:nomination_edit", args=[setup.nomination.pk])
    assert _client(world.org_admin).get(url).status_code == 200
    assert _client(world.org_member).get(url).status_code == 403
    assert _client(world.outsider).get(url).status_code == 404
    saved = _client(world.org_admin).post(url, {"deeds": "新的事迹", "story": ""})
    assert saved.status_code == 302
    setup.nomination.refresh_from_db()
    assert setup.nomination.deeds == "新的事迹"


def test_return_review_and_withdraw_through_the_pages(world, setup):
    nomination_submit(nomination=setup.nomination, actor=world.org_admin)
    pk = setup.nomination.pk
    detail = reverse("honours:nomination_detail", args=[pk])
    county = _client(setup.county)
    html = county.get(detail).content.decode()
    assert 'id="review-form"' in html
    assert "退回修改</button>" in html
    # org A's admin may not return or review its own nomination
    admin = _client(world.org_admin)
    assert admin.post(reverse("honours:nomination_return", args=[pk]), {"reason": "x"}).status_code == 403
    assert (
        admin.post(reverse("honours:nomination_review", args=[pk]), {"decision": "pass"}).status_code == 403
    )
    county.post(reverse("honours:nomination_return", args=[pk]), {"reason": "请补充盖章"})
    setup.nomination.refresh_from_db()
    assert setup.nomination.status == NominationStatus.RETURNED
    assert "请补充盖章" in admin.get(detail).content.decode()
    admin.post(reverse("honours:nomination_submit", args=[pk]))
    county.post(reverse("honours:nomination_review", args=[pk]), {"decision": "reject", "reason": ""})
    setup.nomination.refresh_from_db()
    assert setup.nomination.status == NominationStatus.SUBMITTED  # a rejection without a reason is refused
    county.post(reverse("honours:nomination_review", args=[pk]), {"decision": "pass"})
    setup.nomination.refresh_from_db()
    assert setup.nomination.status == NominationStatus.PASSED
    admin.post(reverse("honours:nomination_withdraw", args=[pk]), {"reason": "本人放弃"})
    setup.nomination.refresh_from_db()
    assert setup.nomination.status == NominationStatus.WITHDRAWN


def test_export_is_audited_and_scoped(world, setup):
    url = reverse("honours:nominations_export", args=[setup.campaign.pk])
    response = _client(world.org_admin).post(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditLog.objects.filter(action="export", summary__contains="推荐名单").exists()
    assert _client(world.org_admin).get(url).status_code == 405
    assert _client(world.org_member).post(url).status_code == 403


def test_material_remove_and_attachment_access(world, setup):
    from gonghui.honours.selectors.nominations import materials_of

    attachment = materials_of(setup.nomination)[0].files[0][0]
    download = attachment.get_absolute_url()
    assert _client(world.org_admin).get(download).status_code == 200
    assert _client(world.outsider).get(download).status_code == 404
    assert _client(setup.runner).get(download).status_code == 200
    removed = _client(world.org_admin).post(
        reverse("honours:nomination_material_remove", args=[setup.nomination.pk]),
        {"attachment": str(attachment.public_id)},
    )
    assert removed.status_code == 302
    assert materials_of(setup.nomination)[0].files == []

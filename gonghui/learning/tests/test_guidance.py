"""业务指导 and the 业务知识库: asking the union above, answering (and answering again), closing, sharing with the
asker anonymised (the refusal names the field), who reads the 业务知识库, the home counter, and the pages for the
three actors (org A's admin, org A's member, org B's admin)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from conftest import make_cadre
from gonghui.accounts.roles import AUDITOR, UNION_STAFF
from gonghui.core.models import TimelineEntry
from gonghui.core.registry import home_counters
from gonghui.learning.choices import LearningAction, QuestionStatus
from gonghui.learning.models import GuidanceQuestion
from gonghui.learning.selectors.guidance import QuestionFilters, knowledge_entries
from gonghui.learning.services.guidance import question_close, question_share, question_unshare
from gonghui.notifications.models import Notification

from .factories_guidance import answered, ask, shared

pytestmark = pytest.mark.django_db


@pytest.fixture
def county_admin(world):
    return make_cadre("county_x_admin", world.county_x)


@pytest.fixture
def question(world, county_admin):
    return ask(asker=world.org_admin, asker_org=world.org_a, org=world.county_x)


def _actions(question):
    return list(
        TimelineEntry.objects.filter(object_id=str(question.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_ask_notifies_the_answering_union_and_records_the_step(world, county_admin, question):
    assert question.status == QuestionStatus.OPEN
    assert question.asked_by == world.org_admin
    assert _actions(question) == [LearningAction.ASKED]
    note = Notification.objects.get(recipient=county_admin)
    assert question.title in note.title
    assert note.url == reverse("learning:question_detail", args=[question.public_id])
    assert not Notification.objects.filter(recipient=world.outsider).exists()


def test_ask_only_an_ancestor_and_only_for_own_union(world, county_admin):
    with pytest.raises(ValidationError) as refused:
        ask(asker=world.org_admin, asker_org=world.org_a, org=world.county_y)
    assert "org" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        ask(asker=world.outsider, asker_org=world.org_a, org=world.county_x)
    city_question = ask(asker=world.org_admin, asker_org=world.org_a, org=world.city)  # any ancestor
    assert city_question.org == world.city


def test_answer_then_answer_again_notifies_the_asker(world, county_admin, question):
    with pytest.raises(PermissionDenied):  # the asking union does not answer itself
        answered(question=question, answerer=world.org_admin)
    with pytest.raises(ValidationError) as refused:
        answered(question=question, answerer=county_admin, answer="  ")
    assert "answer" in refused.value.message_dict
    done = answered(question=question, answerer=county_admin)
    assert done.status == QuestionStatus.ANSWERED
    assert done.answered_by == county_admin
    again = answered(question=done, answerer=county_admin, answer="按工资总额的2%拨缴经费，会费另计。")
    assert again.answer.startswith("按工资总额")
    assert _actions(question) == [LearningAction.ASKED, LearningAction.ANSWERED, LearningAction.EDITED]
    assert Notification.objects.filter(recipient=world.org_admin).count() == 2


def test_the_asker_closes_and_nothing_more_is_answered(world, county_admin, question):
    with pytest.raises(PermissionDenied):  # the answering union does not close the asker's question
        question_close(question=question, actor=world.outsider)
    closed = question_close(question=question, actor=world.org_admin)
    assert closed.status == QuestionStatus.CLOSED
    with pytest.raises(ValidationError):
        answered(question=closed, answerer=county_admin)


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("shared_title", "甲县第一中学工会的会费问题"),  # the asking union's name
        ("shared_body", "admin_a 问：会费按什么计缴？"),  # the asker's account
        ("shared_body", "甲县第一中学新进教师的会费怎么算？"),  # the asking unit's name
    ],
)
def test_share_refuses_a_text_naming_the_asker(world, county_admin, question, field, text):
    answered(question=question, answerer=county_admin)
    data = {"shared_title": "会费的计缴基数", "shared_body": "会员会费按什么基数计缴？", field: text}
    with pytest.raises(ValidationError) as refused:
        question_share(question=question, actor=county_admin, **data)
    assert list(refused.value.message_dict) == [field]
    assert "隐去提问人" in refused.value.message_dict[field][0]
    assert not GuidanceQuestion.objects.get(pk=question.pk).shared


def test_share_needs_an_answer_and_the_answering_union(world, county_admin, question):
    with pytest.raises(ValidationError):
        shared(question=question, answerer=county_admin)
    answered(question=question, answerer=county_admin)
    with pytest.raises(PermissionDenied):
        shared(question=question, answerer=world.org_admin)
    entry = shared(question=question, answerer=county_admin)
    assert entry.shared
    assert entry.shared_at is not None
    with pytest.raises(
        ValidationError
    ) as refused:  # a shared answer is read as it stands: no name added later
        answered(question=entry, answerer=county_admin, answer="甲会员所在的甲县第一中学应按0.5%计缴。")
    assert list(refused.value.message_dict) == ["answer"]
    removed = question_unshare(question=entry, actor=county_admin)
    assert not removed.shared
    assert removed.shared_title == "会费的计缴基数"
    assert _actions(question)[-2:] == [LearningAction.SHARED, LearningAction.UNSHARED]


def test_knowledge_is_read_by_every_cadre_of_the_tree_not_by_members(world, county_admin, question):
    answered(question=question, answerer=county_admin)
    shared(question=question, answerer=county_admin)
    ask(
        asker=world.org_admin, asker_org=world.org_a, org=world.county_x, title="换届选举的程序"
    )  # not shared
    for cadre in (world.outsider, world.org_admin, county_admin):  # org B lies in the other county
        titles = [entry.shared_title for entry in knowledge_entries(cadre, QuestionFilters())]
        assert titles == ["会费的计缴基数"]
    assert not knowledge_entries(world.org_member, QuestionFilters()).exists()
    assert knowledge_entries(world.outsider, QuestionFilters(query="0.5%")).exists()  # the answer is searched
    assert not knowledge_entries(world.outsider, QuestionFilters(query="换届")).exists()
    assert not knowledge_entries(world.outsider, QuestionFilters(topic="congress")).exists()


def test_home_counter_counts_open_questions_for_the_answerers(world, county_admin, question):
    counter = home_counters.get("learning.guidance_open")
    assert counter.count(county_admin, world.county_x) == 1
    assert counter.count(world.org_admin, world.org_a) == 0
    answered(question=question, answerer=county_admin)
    assert counter.count(county_admin, world.county_x) == 0


# --- pages ------------------------------------------------------------------------------------------------


def test_question_list_tabs(client, world, county_admin, question):
    client.force_login(world.org_admin)
    page = client.get(reverse("learning:question_list"))
    assert page.status_code == 200
    assert question.title in page.content.decode()
    client.force_login(county_admin)
    page = client.get(reverse("learning:question_list"))  # open questions waiting: 待我答复 first
    assert page.context["tab"] == "to_answer"
    assert question.title in page.content.decode()
    client.force_login(world.outsider)
    assert (
        question.title
        not in client.get(reverse("learning:question_list") + "?tab=to_answer").content.decode()
    )
    assert question.title not in client.get(reverse("learning:question_list")).content.decode()


def test_ask_page_addresses_the_union_above_by_default(client, world, county_admin):
    client.force_login(world.org_admin)
    page = client.get(reverse("learning:question_ask"))
    assert page.status_code == 200
    assert page.context["form"].fields["org"].initial == world.county_x.pk
    answer = client.post(
        reverse("learning:question_ask"),
        {
            "asker_org": world.org_a.pk,
            "org": world.county_x.pk,
            "topic": "congress",
            "title": "职代会",
            "body": "",
        },
    )
    assert answer.status_code == 200
    assert "body" in answer.context["form"].errors
    answer = client.post(
        reverse("learning:question_ask"),
        {
            "asker_org": world.org_a.pk,
            "org": world.county_x.pk,
            "topic": "congress",
            "title": "职代会的召开程序",
            "body": "学校职代会需要哪些程序？",
        },
        follow=True,
    )
    question = GuidanceQuestion.objects.get(title="职代会的召开程序")
    assert answer.redirect_chain[-1][0] == reverse("learning:question_detail", args=[question.public_id])
    assert "问题已提交给甲县教育工会" in answer.content.decode()


def test_a_read_only_auditor_neither_asks_nor_closes(client, world, county_admin, question):
    auditor = make_cadre("auditor_a", world.org_a, role=AUDITOR)  # learning.view only
    with pytest.raises(PermissionDenied):
        ask(asker=auditor, asker_org=world.org_a, org=world.county_x)
    with pytest.raises(PermissionDenied):
        question_close(question=question, actor=auditor)
    client.force_login(auditor)
    listing = client.get(reverse("learning:question_list"))
    assert listing.status_code == 200
    assert question.title in listing.content.decode()  # reads its union's questions
    assert reverse("learning:question_ask") not in listing.content.decode()
    assert client.get(reverse("learning:question_ask")).status_code == 403
    page = client.get(reverse("learning:question_detail", args=[question.public_id]))
    assert page.status_code == 200
    assert not page.context["can_close"]
    close = reverse("learning:question_close", args=[question.public_id])
    assert client.get(close).status_code == 403
    assert client.post(close).status_code == 403
    staff = make_cadre("staff_a", world.org_a, role=UNION_STAFF)  # learning.manage on the asking union
    client.force_login(staff)
    assert client.get(reverse("learning:question_ask")).status_code == 200
    assert client.get(close).status_code == 200
    client.post(close)
    assert GuidanceQuestion.objects.get(pk=question.pk).status == QuestionStatus.CLOSED


def test_question_page_three_actors(client, world, county_admin, question):
    url = reverse("learning:question_detail", args=[question.public_id])
    client.force_login(world.org_admin)  # admin of the asking union: reads it, may close, may not answer
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["can_close"]
    assert not page.context["can_answer"]
    client.force_login(world.org_member)  # a plain member: no console
    assert client.get(url).status_code == 403
    client.force_login(world.outsider)  # another county's admin: not even its existence
    assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("learning:question_answer", args=[question.public_id]), {"answer": "x"}
        ).status_code
        == 404
    )
    client.force_login(county_admin)
    client.post(
        reverse("learning:question_answer", args=[question.public_id]), {"answer": "请参照有关规定执行。"}
    )
    assert GuidanceQuestion.objects.get(pk=question.pk).status == QuestionStatus.ANSWERED


def test_knowledge_detail_never_names_the_asker(client, world, county_admin, question):
    answered(question=question, answerer=county_admin)
    entry = shared(question=question, answerer=county_admin)
    url = reverse("learning:knowledge_detail", args=[entry.public_id])
    client.force_login(world.outsider)
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "会费的计缴基数" in html
    for secret in (
        world.org_admin.name,
        world.org_admin.username,
        world.org_a.name,
        "甲县第一中学",
        question.body,
    ):
        assert secret not in html
    # the question's own page sends a cadre of the other county to the anonymised entry
    assert client.get(reverse("learning:question_detail", args=[entry.public_id])).url == url
    listing = client.get(reverse("learning:knowledge_list") + "?q=计缴").content.decode()
    assert "会费的计缴基数" in listing
    assert world.org_a.name not in listing
    client.force_login(world.org_member)
    assert client.get(url).status_code == 403


def test_share_page_reports_the_refusal_on_the_field(client, world, county_admin, question):
    answered(question=question, answerer=county_admin)
    client.force_login(county_admin)
    url = reverse("learning:question_share", args=[question.public_id])
    page = client.get(url)
    assert page.context["form"]["shared_title"].value() == question.title  # prefilled, to be reviewed
    page = client.post(url, {"shared_title": "甲县第一中学工会问会费", "shared_body": "会费怎么计缴？"})
    assert page.status_code == 200
    assert page.context["form"].errors["shared_title"]
    client.force_login(world.org_admin)  # the asking union cannot share: no page, no change
    assert client.get(url).status_code == 403
    assert client.post(url, {"shared_title": "会费", "shared_body": "会费怎么计缴？"}).status_code == 403
    assert not GuidanceQuestion.objects.get(pk=question.pk).shared
    unshare = reverse("learning:question_unshare", args=[question.public_id])
    assert client.get(unshare).status_code == 403

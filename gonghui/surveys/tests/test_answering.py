"""Part answering: the member's 问卷 list and answer page — who reaches them, the window, skip logic and required
questions enforced on the server, anonymous answers through the store, named answers saved and resumed, receipts,
and the portal's 待填写 / 我的办理."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_member_user
from gonghui.core.models import TimelineEntry
from gonghui.core.registry import member_requests, portal_cards
from gonghui.responses.models import Participation, PendingAnswer
from gonghui.responses.selectors import response_todo_items
from gonghui.surveys.choices import ResponseStatus, SurveyMode, SurveyStatus
from gonghui.surveys.models import SurveyResponse
from gonghui.surveys.selectors.answering import member_surveys, survey_accepts_answers
from gonghui.surveys.services.answering import answer_submit
from gonghui.surveys.tests.factories import make_questions, make_survey
from gonghui.surveys.tests.factories_answering import full_answer, make_open_survey

pytestmark = pytest.mark.django_db


def _url(survey) -> str:
    return reverse("surveys_portal:answer", args=[survey.public_id])


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def anonymous(world):
    return make_open_survey(org=world.org_a, actor=world.org_admin)


@pytest.fixture
def named(world):
    return make_open_survey(
        org=world.org_a, actor=world.org_admin, mode=SurveyMode.NAMED, title="2021年职工疗休养意向调查"
    )


def test_a_survey_accepts_answers_only_while_open_and_inside_its_window(world):
    now = timezone.now()
    hour = dt.timedelta(hours=1)
    survey = make_survey(org=world.org_a, actor=world.org_admin, opens_at=now - hour, closes_at=now + hour)
    assert survey_accepts_answers(survey, now) is False  # a draft
    survey.status = SurveyStatus.OPEN
    assert survey_accepts_answers(survey, now) is True
    assert survey_accepts_answers(survey, now - 2 * hour) is False  # not yet open
    assert survey_accepts_answers(survey, now + hour) is False  # the end is exclusive
    survey.opens_at = survey.closes_at = None
    assert survey_accepts_answers(survey, now) is True  # no window: open while 收集中
    survey.status = SurveyStatus.CLOSED
    assert survey_accepts_answers(survey, now) is False


@pytest.mark.parametrize(
    ("_case", "actor", "status"),
    [
        ("the member of org A answers", "org_member", 200),
        ("org A's admin has no member record", "org_admin", 403),
        ("org B's admin has no member record", "outsider", 403),
        ("a member of org B is not asked", "member_b", 404),
    ],
)
def test_answer_page_access(world, anonymous, _case, actor, status):
    if actor == "member_b":
        user, _ = make_member_user("13700003333", world.org_b, name="乙会员")
    else:
        user = getattr(world, actor)
    client = _client(user)
    assert client.get(_url(anonymous)).status_code == status
    assert client.get(reverse("surveys_portal:home")).status_code == (403 if status == 403 else 200)
    assert client.post(_url(anonymous), full_answer()).status_code == (302 if status == 200 else status)
    assert Participation.objects.count() == (1 if status == 200 else 0)


def test_a_draft_survey_and_one_whose_sample_leaves_the_member_out_are_not_found(world):
    draft = make_survey(org=world.org_a, actor=world.org_admin)
    make_questions(draft)
    sampled = make_open_survey(
        org=world.org_a, actor=world.org_admin, target_kind="sample", sample_per_union=5, title="抽样问卷"
    )  # nobody drawn yet
    client = _client(world.org_member)
    assert client.get(_url(draft)).status_code == 404
    assert client.get(_url(sampled)).status_code == 404
    page = client.get(reverse("surveys_portal:home")).content.decode()
    assert "抽样问卷" not in page
    assert 'id="surveys-empty"' in page


def test_the_list_groups_todo_done_and_ended_newest_first(world, anonymous, named):
    county = make_open_survey(org=world.county_x, actor=world.org_admin, title="县级问卷")
    ended = make_open_survey(
        org=world.city,
        actor=world.org_admin,
        title="已截止问卷",
        opens_at=timezone.now() - dt.timedelta(days=20),
        closes_at=timezone.now() - dt.timedelta(days=1),
    )
    make_open_survey(org=world.org_b, actor=world.org_admin, title="乙单位问卷")  # not asking org A
    answer_submit(survey=anonymous, member=world.member_a, answers=full_answer())
    groups = member_surveys(world.member_a)
    assert [item.survey for item in groups.todo] == [county, named]  # newest published first
    assert [item.survey for item in groups.done] == [anonymous]
    assert groups.done[0].receipt_code == Participation.objects.get().receipt_code
    assert [item.survey for item in groups.ended] == [ended]
    page = _client(world.org_member).get(reverse("surveys_portal:home")).content.decode()
    assert "乙单位问卷" not in page
    assert page.index("县级问卷") < page.index("2021年职工疗休养意向调查") < page.index("已截止问卷")
    assert groups.done[0].receipt_code in page


def test_an_anonymous_answer_goes_to_the_store_and_the_page_shows_the_receipt_only(world, anonymous):
    client = _client(world.org_member)
    response = client.post(_url(anonymous), full_answer(), follow=True)
    assert "提交成功，感谢您的参与" in response.content.decode()
    participation = Participation.objects.get()
    assert participation.member == world.member_a
    pending = PendingAnswer.objects.get()
    assert pending.answers == {
        "q1": "满意",
        "q2": ["收入待遇", "身体健康"],
        "q3": "4",
        "q5.1": "满意",
        "q5.2": "一般",
        "q5.3": "不满意",
    }
    assert SurveyResponse.objects.count() == 0
    assert TimelineEntry.objects.count() == 0
    page = client.get(_url(anonymous)).content.decode()
    assert participation.receipt_code in page
    assert 'data-response-draft-clear="gonghui.responses.draft.survey.' in page
    assert "收入待遇" not in page  # the member's own answer is not shown back: it is not linked to them
    # a second submission is refused and writes nothing
    again = client.post(_url(anonymous), full_answer(q1="不满意", q4="再提交一次"), follow=True)
    assert "您已经提交过本问卷" in again.content.decode()
    assert PendingAnswer.objects.count() == 1
    assert Participation.objects.count() == 1


def test_required_questions_and_skip_logic_are_enforced_on_the_server(world, anonymous):
    client = _client(world.org_member)
    # q1 不满意 shows q4, which is required; q3 and a matrix row left empty
    data = full_answer(q1="不满意", q3="", **{"q5.2": ""})
    response = client.post(_url(anonymous), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "还有 3 处需要修改" in page
    assert "请回答第4题“不满意的主要原因是什么？”" in page
    assert "请回答第3题“您的工作压力有多大？”" in page
    assert "请回答第5题“您对以下方面的评价”" in page
    assert 'value="不满意" checked' in page  # the posted answers stay on the page
    assert Participation.objects.count() == 0
    # q1 满意 hides q4: its text is dropped, not stored
    client.post(_url(anonymous), full_answer(q4="隐藏题的答案"))
    assert "q4" not in PendingAnswer.objects.get().answers
    # a scale point outside the scale is refused
    with pytest.raises(Exception, match="选项无效"):
        answer_submit(
            survey=anonymous,
            member=make_member_user("13700004444", world.org_a)[1],
            answers=full_answer(q3="9"),
        )


def test_a_named_survey_is_saved_resumed_and_submitted_with_a_receipt(world, named):
    client = _client(world.org_member)
    saved = client.post(_url(named), {"q1": "不满意", "q2": ["职称评聘"], "intent": "save"}, follow=True)
    assert "已保存" in saved.content.decode()
    response = SurveyResponse.objects.get()
    assert (response.status, response.answers) == (ResponseStatus.DRAFT, {"q1": "不满意", "q2": ["职称评聘"]})
    assert Participation.objects.count() == 0
    # another device: the saved answers come back checked
    page = _client(world.org_member).get(_url(named)).content.decode()
    assert 'value="职称评聘" checked' in page
    assert 'id="survey-save"' in page
    assert "data-response-draft" not in page  # the named draft lives on the server, not in the browser
    assert client.post(_url(named), full_answer(q1="不满意", q4="食堂太远")).status_code == 302
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    assert response.answers["q4"] == "食堂太远"
    assert len(response.receipt_code) == 12
    assert response.submitted_at is not None
    entry = TimelineEntry.objects.get()
    assert (entry.subject, entry.actor, entry.action_label) == (response, world.org_member, "提交答卷")
    page = client.get(_url(named)).content.decode()
    assert response.receipt_code in page
    assert "食堂太远" in page  # a named answer is the member's own, shown back on the receipt
    # submitted: neither saving nor submitting again changes it
    client.post(_url(named), {"q1": "满意", "intent": "save"})
    response.refresh_from_db()
    assert response.answers["q1"] == "不满意"


def test_named_surveys_appear_in_todo_and_my_requests(world, named, anonymous):
    todo = portal_cards.get("surveys.named_todo").items
    requests = member_requests.get("surveys.named").requests
    assert [item.title for item in todo(world.org_member)] == ["待填写：2021年职工疗休养意向调查"]
    assert todo(world.org_admin) == []  # a cadre without a member record
    # the anonymous survey is the store's: listed there, linking to this part's page
    assert [item.url for item in response_todo_items(world.org_member)] == [_url(anonymous)]
    assert requests(world.org_member) == []
    _client(world.org_member).post(_url(named), {"q1": "满意", "intent": "save"})
    assert todo(world.org_member)[0].detail == "问卷调查 · 实名 · 已保存未提交"
    (row,) = requests(world.org_member)
    assert (row.status, row.next_step, row.url) == ("填写中", "继续填写并提交", _url(named))
    _client(world.org_member).post(_url(named), full_answer())
    assert todo(world.org_member) == []
    (row,) = requests(world.org_member)
    code = SurveyResponse.objects.get().receipt_code
    assert (row.status, row.title) == ("已提交", f"2021年职工疗休养意向调查（回执码 {code}）")
    home = _client(world.org_member).get(reverse("portal:requests")).content.decode()
    assert code in home


@pytest.mark.parametrize("mode", [SurveyMode.ANONYMOUS, SurveyMode.NAMED])
def test_answers_are_refused_before_the_window_and_after_the_close(world, mode):
    later = make_open_survey(
        org=world.org_a,
        actor=world.org_admin,
        mode=mode,
        title="下月问卷",
        opens_at=timezone.now() + dt.timedelta(days=3),
    )
    closed = make_open_survey(org=world.org_a, actor=world.org_admin, mode=mode, status=SurveyStatus.CLOSED)
    client = _client(world.org_member)
    page = client.get(_url(later)).content.decode()
    assert "本问卷尚未开始" in page
    assert 'id="survey-form"' not in page
    assert "本问卷已结束收集" in client.get(_url(closed)).content.decode()
    refused = client.post(_url(later), full_answer(), follow=True).content.decode()
    assert "本问卷尚未开始填写，将于" in refused
    assert (
        "本问卷已结束收集，不能再提交"
        in client.post(_url(closed), full_answer(), follow=True).content.decode()
    )
    assert Participation.objects.count() == SurveyResponse.objects.count() == 0


def test_the_page_renders_the_five_kinds_for_a_phone(world, anonymous):
    page = _client(world.org_member).get(_url(anonymous)).content.decode()
    assert "匿名问卷：您的答案与您的身份分开保存，任何人（包括工会）都无法查看您的答卷" in page
    assert 'type="checkbox" name="q2"' in page
    assert page.count('class="btn-check" type="radio" name="q3"') == 5  # the scale as five buttons
    assert "1 = 很小" in page
    assert "5 = 很大" in page
    assert page.count('class="survey-matrix-row"') == 3  # one block per matrix row
    assert (
        'data-show-if="{&quot;question&quot;: &quot;q1&quot;, &quot;options&quot;: [&quot;不满意&quot;]}"'
        in page
    )
    assert '<textarea class="form-control survey-text" name="q4"' in page
    assert (
        f'data-response-draft="gonghui.responses.draft.survey.{anonymous.pk}" data-response-draft-restore'
        in page
    )
    assert "/static/surveys/answering.js" in page
    assert "/static/surveys/answering.css" in page
    assert " style=" not in page

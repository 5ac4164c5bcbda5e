"""The quiz activity's 会员条件 on the shared member filter: 只限名单 (a target list of the activity's org) narrows the
eligible members and the portal's running activities, a list of another org is refused, and the activity form
writes and reads the filter's JSON (the new criteria beside the old gender / 用工性质)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.forms import ChoiceField
from django.utils import timezone

from gonghui.members.choices import Employment, JobCategory
from gonghui.members.models import MemberTag
from gonghui.members.selectors.filters import MemberFilter
from gonghui.members.services.target_lists import target_list_create_from_filter
from gonghui.members.tests.factories import MemberFactory
from gonghui.quizzes.forms import ActivityForm
from gonghui.quizzes.selectors import activity_eligible_members, portal_running_activities
from gonghui.quizzes.tests.factories import make_activity, make_bank

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher_list(world):
    """A list of org A holding one teacher (not member A)."""
    teacher = MemberFactory.create(org=world.org_a, job_category=JobCategory.TEACHER)
    return target_list_create_from_filter(
        org=world.org_a,
        name="教师名单",
        reason="教师答题",
        member_filter=MemberFilter(job_categories=(JobCategory.TEACHER,)),
        actor=world.org_admin,
    ), teacher


def test_only_the_members_of_the_list_may_take_part(world, teacher_list):
    listed, teacher = teacher_list
    bank = make_bank(world.org_a)
    activity = make_activity(world.org_a, bank, member_filter={"target_list": str(listed.public_id)})
    assert list(activity_eligible_members(activity)) == [teacher]
    assert portal_running_activities(world.org_member) == []
    open_to_all = make_activity(world.org_a, bank, title="全员答题")
    assert [a for a, _tries in portal_running_activities(world.org_member)] == [open_to_all]


def test_a_list_of_another_org_is_refused(world):
    MemberFactory.create(org=world.org_b)  # org B has no members yet
    other = target_list_create_from_filter(
        org=world.org_b, name="乙院名单", reason="通知", member_filter=MemberFilter(), actor=world.outsider
    )
    with pytest.raises(ValidationError) as caught:
        make_activity(
            world.org_a, make_bank(world.org_a), member_filter={"target_list": str(other.public_id)}
        )
    assert caught.value.message_dict == {"target_list": ["请选择本活动所属组织的名单"]}


def test_the_new_criteria_narrow_the_eligible_members(world):
    bank = make_bank(world.org_a)
    young = timezone.localdate().replace(day=1) - dt.timedelta(days=365 * 25)
    tag = MemberTag.objects.create(name="青年教师")
    fit = MemberFactory.create(org=world.org_a, birth_date=young, job_category=JobCategory.TEACHER)
    fit.tags.add(tag)
    MemberFactory.create(org=world.org_a, birth_date=young, job_category=JobCategory.TEACHER)  # no tag
    activity = make_activity(
        world.org_a,
        bank,
        member_filter={"age_bands": ["lt35"], "job_categories": ["teacher"], "tags": [tag.pk]},
    )
    assert list(activity_eligible_members(activity)) == [fit]
    assert activity.member_filter == {"age_bands": ["lt35"], "job_categories": ["teacher"], "tags": [tag.pk]}


def test_the_activity_form_writes_and_reads_the_filter(world, teacher_list):
    listed, _teacher = teacher_list
    bank = make_bank(world.org_a)
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = ActivityForm(
        {
            "title": "教师答题",
            "starts_at": now.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (now + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "target_kind": "subtree",
            "gender": "F",
            "employment": [Employment.CONTRACT],
            "job_categories": [JobCategory.TEACHER],
            "age_bands": ["35-45"],
            "model_worker": "no",
            "target_list": str(listed.public_id),
            "banks": [bank.pk],
            "draw_rules": "劳动法 4\n工会法 1",
            "time_limit_minutes": 10,
            "attempts_per_day": 3,
            "attempts_total": 0,
            "score_rule": "best",
            "points_per_question": 10,
            "pass_mark": 30,
            "excellent_mark": 40,
            "levels": 0,
            "focus_budget": 0,
        },
        banks=bank.__class__.objects.all(),
        target_lists=[listed],
    )
    assert form.is_valid(), form.errors
    stored = form.spec(world.org_a).member_filter
    assert stored == {
        "gender": "F",
        "age_bands": ["35-45"],
        "employment": ["contract"],
        "job_categories": ["teacher"],
        "model_worker": False,
        "target_list": str(listed.public_id),
    }
    assert ActivityForm.member_filter_initial(stored) == {
        "gender": "F",
        "employment": ["contract"],
        "job_categories": ["teacher"],
        "age_bands": ["35-45"],
        "member_tags": [],
        "model_worker": "no",
        "target_list": str(listed.public_id),
    }
    # without lists offered (the page as it is), the form has no 只限名单 field
    assert "target_list" not in ActivityForm(banks=None).fields


def test_the_activity_page_offers_the_lists_of_its_orgs(world, teacher_list):
    from gonghui.orgs.models import Org

    listed, _teacher = teacher_list
    # a new activity: the lists of the orgs the page lets the organiser choose
    choices = _choices(ActivityForm(orgs=Org.objects.filter(pk=world.org_a.pk)))
    assert choices == [("", "不限"), (str(listed.public_id), "教师名单（甲县第一中学工会）")]
    # an edit: the lists of the activity's own org
    edit = ActivityForm(initial={"org": world.org_a.pk, "target_list": str(listed.public_id)})
    assert [value for value, _label in _choices(edit)] == ["", str(listed.public_id)]
    # another org's page does not offer them
    assert _choices(ActivityForm(orgs=Org.objects.filter(pk=world.org_b.pk))) == [("", "不限")]


def _choices(form):
    field = form.fields["target_list"]
    assert isinstance(field, ChoiceField)
    return list(field.choices)  # type: ignore[arg-type]  # a plain list of pairs here

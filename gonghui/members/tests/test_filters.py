"""会员筛选 (`members.selectors.filters`): the JSON form of a `MemberFilter` (and the older quiz filters it reads),
each criterion as a query, the same filter in Python on one member (a property test compares both on random
members, filters and days), the scoping of `members_matching`, and the live count page."""

import datetime as dt
import random

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.accounts.identity import age_on
from gonghui.members.choices import Employment, JobCategory, MemberStatus
from gonghui.members.models import Member, MemberTag
from gonghui.members.selectors.filters import (
    FILTER_AGE_BANDS,
    MemberFilter,
    member_filter_count,
    member_filter_describe,
    member_filter_matches,
    member_filter_q,
    members_matching,
)
from gonghui.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)


def _pks(flt, *, today=TODAY):
    return set(Member.objects.filter(member_filter_q(flt, today=today)).values_list("pk", flat=True))


# ---- the JSON form ------------------------------------------------------------------------------------------------


def test_a_full_filter_survives_its_json_form():
    # given every criterion set
    flt = MemberFilter(
        org="ORGA",
        include_descendants=False,
        gender="F",
        age_bands=("lt35", "55plus"),
        employment=(Employment.CONTRACT,),
        job_categories=(JobCategory.TEACHER, JobCategory.NURSE),
        political_statuses=("01",),
        tags=(3, 5),
        statuses=(MemberStatus.ACTIVE,),
        model_worker=True,
        joined_from=dt.date(2020, 1, 1),
        joined_to=dt.date(2024, 12, 31),
        target_list="6a2f41a0-0000-4000-8000-000000000001",
    )
    # when it goes to JSON and back
    stored = flt.as_dict()
    # then nothing is lost, and the dates are ISO text
    assert MemberFilter.from_dict(stored) == flt
    assert stored["joined_from"] == "2020-01-01"
    assert stored["statuses"] == ["active"]


def test_the_empty_filter_is_an_empty_dict_and_means_members_holding_membership():
    assert MemberFilter().as_dict() == {}
    assert MemberFilter.from_dict({}) == MemberFilter()
    assert MemberFilter.from_dict(None).statuses == ("active", "retired_kept")
    assert MemberFilter().is_empty


def test_the_quiz_filters_stored_before_read_the_same():
    # given a quiz activity's member_filter as stored before the shared filter existed
    old = {"gender": "F", "employment": ["contract", "dispatched"]}
    # when it is read
    flt = MemberFilter.from_dict(old)
    # then the same criteria apply, and it is written back in the same shape
    assert flt.gender == "F"
    assert flt.employment == ("contract", "dispatched")
    assert flt.as_dict() == old


def test_values_no_longer_valid_are_dropped_instead_of_breaking_a_page():
    flt = MemberFilter.from_dict(
        {
            "gender": "X",
            "employment": ["contract", "retired-choice"],
            "age_bands": ["lt35", "nonsense"],
            "tags": ["7", "x"],
            "joined_from": "2024-02-30",
            "target_list": "not-a-uuid",
            "model_worker": "yes",
        }
    )
    assert flt == MemberFilter(employment=("contract",), age_bands=("lt35",), tags=(7,))


def test_an_empty_status_list_means_every_status():
    assert MemberFilter.from_dict({"statuses": []}).statuses == ()
    assert MemberFilter(statuses=()).as_dict() == {"statuses": []}


# ---- each criterion -----------------------------------------------------------------------------------------------


def test_each_criterion_narrows_the_members(world):
    # given members of org A differing in one attribute each from the baseline
    base = {
        "org": world.org_a,
        "gender": "M",
        "birth_date": dt.date(1980, 1, 1),
        "joined_on": dt.date(2010, 1, 1),
    }
    plain = MemberFactory.create(**base)
    woman = MemberFactory.create(**{**base, "gender": "F"})
    young = MemberFactory.create(**{**base, "birth_date": dt.date(1995, 1, 1)})
    contract = MemberFactory.create(**base, employment=Employment.CONTRACT)
    teacher = MemberFactory.create(**base, job_category=JobCategory.TEACHER)
    party = MemberFactory.create(**base, political_status="01")
    model = MemberFactory.create(**base, is_model_worker=True)
    recent = MemberFactory.create(**{**base, "joined_on": dt.date(2025, 3, 1)})
    left = MemberFactory.create(**base, status=MemberStatus.LEFT)
    tagged = MemberFactory.create(**base)
    tag = MemberTag.objects.create(name="青年教师")
    tagged.tags.add(tag)
    in_b = MemberFactory.create(**{**base, "org": world.org_b, "gender": "F"})
    ours = {plain, woman, young, contract, teacher, party, model, recent, tagged, world.member_a}
    ours_pks = {m.pk for m in ours}
    # then
    assert _pks(MemberFilter(org="ORGA")) == ours_pks
    assert _pks(MemberFilter(org="ORGA", gender="F")) == {woman.pk}
    assert _pks(MemberFilter(gender="F")) == {woman.pk, in_b.pk}
    assert _pks(MemberFilter(org="ORGA", age_bands=("lt35",))) == {young.pk}
    assert _pks(MemberFilter(org="ORGA", employment=(Employment.CONTRACT,))) == {contract.pk}
    assert _pks(MemberFilter(job_categories=(JobCategory.TEACHER,))) == {teacher.pk}
    assert _pks(MemberFilter(political_statuses=("01",))) == {party.pk}
    assert _pks(MemberFilter(model_worker=True)) == {model.pk}
    assert _pks(MemberFilter(joined_from=dt.date(2025, 1, 1))) == {recent.pk}
    assert _pks(MemberFilter(tags=(tag.pk,))) == {tagged.pk}
    assert left.pk not in _pks(MemberFilter())
    assert _pks(MemberFilter(statuses=(MemberStatus.LEFT,))) == {left.pk}
    # a county includes its unions below unless told not to; an unknown org matches nobody
    assert _pks(MemberFilter(org="CX")) == ours_pks
    assert _pks(MemberFilter(org="CX", include_descendants=False)) == set()
    assert _pks(MemberFilter(org="NOPE")) == set()


def test_age_bands_count_whole_years_on_the_day_asked():
    # born 1991-06-02: 34 on 2026-06-01, 35 the next day
    birth = dt.date(1991, 6, 2)
    assert age_on(birth, TODAY) == 34
    assert age_on(birth, TODAY + dt.timedelta(days=1)) == 35
    assert [b.key for b in FILTER_AGE_BANDS] == ["lt35", "35-45", "45-55", "55plus"]


def test_the_description_names_each_criterion(world):
    flt = MemberFilter(org="ORGA", gender="F", age_bands=("lt35",), job_categories=(JobCategory.TEACHER,))
    assert member_filter_describe(flt) == [
        ("所属工会", "甲县第一中学工会"),
        ("性别", "女"),
        ("年龄", "35岁以下"),
        ("岗位类别", "专业技术人员（教师）"),
    ]
    assert member_filter_describe(MemberFilter()) == []


# ---- the query and the Python check agree (property test) ---------------------------------------------------------

BIRTHS = st.dates(min_value=dt.date(1955, 1, 1), max_value=dt.date(2006, 12, 31))
FILTERS = st.builds(
    MemberFilter,
    org=st.sampled_from(["", "CX", "ORGA", "ORGB"]),
    include_descendants=st.booleans(),
    gender=st.sampled_from(["", "M", "F"]),
    age_bands=st.lists(st.sampled_from([b.key for b in FILTER_AGE_BANDS]), unique=True, max_size=2).map(
        tuple
    ),
    employment=st.lists(st.sampled_from(Employment.values), unique=True, max_size=2).map(tuple),
    job_categories=st.lists(st.sampled_from(JobCategory.values), unique=True, max_size=2).map(tuple),
    political_statuses=st.lists(st.sampled_from(["01", "03", "13"]), unique=True, max_size=2).map(tuple),
    statuses=st.lists(st.sampled_from(MemberStatus.values), unique=True, max_size=3).map(tuple),
    model_worker=st.sampled_from([None, True, False]),
    joined_from=st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2026, 1, 1))),
    joined_to=st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2026, 1, 1))),
)


@pytest.fixture
def random_members(world):
    """40 members of both unions with random attributes, among them 29 February birthdays."""
    rng = random.Random(15)
    tags = [MemberTag.objects.create(name=n) for n in ("青年教师", "援鄂医疗队")]
    members = []
    for i in range(40):
        birth = (
            dt.date(1988, 2, 29)
            if i % 9 == 0
            else dt.date(rng.randint(1958, 2004), rng.randint(1, 12), rng.randint(1, 28))
        )
        member = MemberFactory.create(
            org=rng.choice([world.org_a, world.org_b]),
            gender=rng.choice("MF"),
            birth_date=birth,
            employment=rng.choice(Employment.values),
            job_category=rng.choice(["", *JobCategory.values]),
            political_status=rng.choice(["", "01", "03", "13"]),
            status=rng.choice(MemberStatus.values),
            is_model_worker=rng.random() < 0.2,
            joined_on=rng.choice([None, dt.date(rng.randint(2000, 2025), rng.randint(1, 12), 1)]),
        )
        member.tags.set(rng.sample(tags, rng.randint(0, 2)))
        members.append(member)
    return tags


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    flt=FILTERS,
    tag_picks=st.lists(st.integers(0, 1), unique=True, max_size=2),
    today=st.dates(dt.date(2024, 1, 1), dt.date(2032, 12, 31)),
)
def test_the_query_and_the_python_check_agree(random_members, flt, tag_picks, today):
    # given a random filter (with some of the tags) and a random day
    flt = MemberFilter(**{**flt.__dict__, "tags": tuple(random_members[i].pk for i in tag_picks)})
    members = list(Member.objects.select_related("org").prefetch_related("tags"))
    # when the filter runs in the database and in Python
    in_database = _pks(flt, today=today)
    in_python = {m.pk for m in members if member_filter_matches(flt, m, today=today)}
    # then both select the same members
    assert in_database == in_python


# ---- scoping and the live count -----------------------------------------------------------------------------------


def test_members_matching_keeps_to_the_members_the_user_may_see(world):
    MemberFactory.create(org=world.org_b, gender="F")
    woman_a = MemberFactory.create(org=world.org_a, gender="F")
    flt = MemberFilter(gender="F")
    assert list(members_matching(world.org_admin, flt)) == [woman_a]
    assert woman_a not in members_matching(world.outsider, flt)
    assert member_filter_count(world.org_member, flt) == 0


def test_the_live_count_answers_the_changed_form(client, world):
    # given two women and a man in org A (member A is a man)
    MemberFactory.create_batch(2, org=world.org_a, gender="F")
    client.force_login(world.org_admin)
    # when the filter form changes
    r = client.get(reverse("members:member_filter_count"), {"gender": "F"}, headers={"HX-Request": "true"})
    # then the count of the filter comes back
    assert r.status_code == 200
    assert "符合条件：<strong>2</strong> 人" in r.content.decode()
    r = client.get(
        reverse("members:member_filter_count"), {"joined_from": "2025-01-02", "joined_to": "2025-01-01"}
    )
    assert "入会日期（止）不能早于入会日期（起）" in r.content.decode()


@pytest.mark.parametrize(
    ("_case", "actor", "status"), [("org admin", "org_admin", 200), ("member", "org_member", 403)]
)
def test_the_live_count_is_a_console_page(client, world, _case, actor, status):
    client.force_login(getattr(world, actor))
    assert client.get(reverse("members:member_filter_count")).status_code == status

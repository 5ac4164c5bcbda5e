"""The demo 三委: committees in the city, county and most grassroots unions (the 工会委员会's term is the union's),
seats from each union's own holding members (women only on the 女职工委员会, one 主任 / 主席 each, the 主席 the
union's 工会主席) — and a second run adds nothing."""

from collections import Counter

from conftest import make_cadre
from gonghui.accounts.roles import SYSADMIN
from gonghui.members import demo
from gonghui.members.choices import CommitteeRole
from gonghui.members.models import CommitteeSeat
from gonghui.members.tests.factories import MemberFactory
from gonghui.orgs.choices import CommitteeKind, FoundingStatus, OrgLevel
from gonghui.orgs.models import Committee, Org
from gonghui.orgs.tests.factories import OrgFactory


def test_demo_committees(db):
    # given a small tree with members in its grassroots unions
    city = OrgFactory.create(code="ROOT", name="演示市总", level=OrgLevel.CITY)
    county = OrgFactory.create(parent=city, code="CTY", name="演示县教育工会", level=OrgLevel.COUNTY)
    grassroots = [
        OrgFactory.create(parent=county, code=f"G{i:02d}", name=f"演示第{i}中学工会") for i in range(1, 9)
    ]
    founding = OrgFactory.create(
        parent=county, code="G99", name="演示筹建中工会", founding_status=FoundingStatus.DEVELOPING
    )
    for org in [*grassroots, founding]:
        for i in range(12):
            MemberFactory.create(org=org, gender="F" if i % 2 else "M")
    make_cadre(demo.COMMITTEE_ACTOR, city, role=SYSADMIN)
    # when
    first = demo.seed_committees()
    again = demo.seed_committees()
    # then
    with_committees = set(Committee.objects.values_list("org__code", flat=True))
    assert {"ROOT", "CTY"} <= with_committees
    assert "G99" not in with_committees
    assert 5 <= len(with_committees & {o.code for o in grassroots}) < len(grassroots)
    assert Counter(Committee.objects.values_list("org_id", flat=True)).most_common()[0][1] == 3
    for org in Org.objects.filter(code__in=with_committees):
        assert org.term_started_on is not None
        assert org.term_ends_on is not None
        union = Committee.objects.get(org=org, kind=CommitteeKind.UNION)
        assert (union.term_started_on, union.term_ends_on) == (None, None)
    assert not CommitteeSeat.objects.filter(
        committee__org__level__in=[OrgLevel.CITY, OrgLevel.COUNTY]
    ).exists()
    women = CommitteeSeat.objects.filter(committee__kind=CommitteeKind.WOMEN)
    assert women.exists()
    assert set(women.values_list("member__gender", flat=True)) == {"F"}
    assert all(
        seat.member.org_id == seat.committee.org_id
        for seat in CommitteeSeat.objects.select_related("member", "committee")
    )
    chairs = Counter(
        CommitteeSeat.objects.filter(role=CommitteeRole.CHAIR).values_list("committee_id", flat=True)
    )
    assert set(chairs.values()) == {1}
    for seat in CommitteeSeat.objects.filter(role=CommitteeRole.CHAIR, committee__kind=CommitteeKind.UNION):
        assert Org.objects.get(pk=seat.committee.org_id).chair_name == seat.member.name
    assert "本次新建 0 个" in again
    assert first != again

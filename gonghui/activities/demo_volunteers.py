"""Demo 志愿服务 (part of `demo.py`): the city union's 送教下乡 team with the README member, its project at a 脱贫村
school of 修武县 with two rounds of service (the first round's 公示 closed and counted, the second still in 公示),
the README member's training and 证明; the 送医 team of 焦作市人民医院 with the README nurse and one day of 义诊
waiting for its 公示."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from gonghui.accounts.demo import demo_clock
from gonghui.accounts.models import User
from gonghui.members.choices import MemberStatus
from gonghui.members.models import Member
from gonghui.notices.services import notice_close
from gonghui.orgs.models import Org

from .choices import ServiceEvaluation, ServiceRecordStatus, VolunteerNoteKind, VolunteerTeamKind
from .models import ProofRequest, ServiceRecord, VolunteerTeam
from .services.volunteers import (
    RecordRow,
    note_save,
    project_save,
    proof_request,
    records_enter,
    records_publicise,
    team_save,
    volunteer_add,
)

TEACHING_TEAM = "焦作市教科文卫体工会送教下乡志愿服务队"
TEACHING_PROJECT = "2026年送教下乡·修武县西村乡"
TEACHING_PLACE = "修武县西村乡东岭后村小学"
TEACHING_TAGS = ["脱贫村", "乡村学校"]
# Teachers of these unions volunteer with the README member: (code, how many).
TEACHERS = (("SS05", 3), ("JFQ01", 2), ("JFQ02", 2))
# The two rounds: days back from today of each service day, the 公示 day, and the day its window was closed.
COUNTED_DAYS = (36, 35, 29)
COUNTED_PUBLICISED, COUNTED_CLOSED = 27, 19
PENDING_DAYS = (6, 5)
PENDING_PUBLICISED = 3
TRAVEL = Decimal("2.5")  # the round trip from the city to 西村乡, never counted
LESSONS = ("示范课：小学数学“分数的初步认识”", "教研交流：乡村学校课堂教学诊断", "示范课：小学语文阅读教学")

MEDICAL_TEAM = "焦作市人民医院送医下乡志愿服务队"
MEDICAL_PROJECT = "送医下乡·武陟县大封镇义诊"
MEDICAL_PLACE = "武陟县大封镇老催庄村卫生室"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _back(today: dt.date, days: int) -> dt.date:
    return today - dt.timedelta(days=days)


def _colleagues(code: str, count: int, taken: set[int]) -> list[Member]:
    org = Org.objects.filter(code=code).first()
    if org is None:
        return []
    rows = list(
        Member.objects.filter(org__path__startswith=org.path, status=MemberStatus.ACTIVE)
        .exclude(pk__in=taken)
        .select_related("org")
        .order_by("-member_number", "pk")[:count]
    )
    taken.update(m.pk for m in rows)
    return rows


def _day_rows(people: list[Member], n: int) -> list[RecordRow]:
    evaluations = (ServiceEvaluation.EXCELLENT, ServiceEvaluation.GOOD, ServiceEvaluation.GOOD)
    return [
        RecordRow(
            member=m,
            hours=Decimal("4") if (i + n) % 3 else Decimal("3.5"),
            travel_hours=TRAVEL,
            evaluation=evaluations[(i + n) % 3],
        )
        for i, m in enumerate(people)
    ]


def _teaching(root: Org, admin: User, today: dt.date, member: Member | None) -> bool:
    if VolunteerTeam.objects.filter(org=root, name=TEACHING_TEAM).exists():
        return False
    taken = {member.pk} if member is not None else set()
    people = [m for code, n in TEACHERS for m in _colleagues(code, n, taken)]
    if member is not None:
        people.insert(1, member)
    with demo_clock(_at(_back(today, 400), 10)):
        team = team_save(
            actor=admin,
            org=root,
            name=TEACHING_TEAM,
            kind=VolunteerTeamKind.TEACHING,
            description="由市直学校和县区骨干教师组成，定期到脱贫村和乡村学校开展示范课、教研指导和送书活动。",
            leader=people[0] if people else None,
            founded_on=_back(today, 400),
            active=True,
        )
    with demo_clock(_at(_back(today, 60), 10)):
        for person in people:
            volunteer_add(
                team=team, member=person, joined_on=_back(today, 60), speciality="学科教学", actor=admin
            )
    with demo_clock(_at(_back(today, 45), 17)):
        project = project_save(
            actor=admin,
            team=team,
            title=TEACHING_PROJECT,
            place=TEACHING_PLACE,
            place_tags=TEACHING_TAGS,
            content="每周到东岭后村小学上示范课，与当地教师集体备课、听评课，并捐赠图书。",
            starts_on=_back(today, 40),
            ends_on=today + dt.timedelta(days=60),
        )
        for person in people:
            note_save(
                member=person,
                org=root,
                actor=admin,
                kind=VolunteerNoteKind.TRAINING,
                title="送教下乡志愿者岗前培训",
                on_date=_back(today, 45),
                issuer="焦作市教科文卫体工会",
                hours=Decimal("4"),
            )
    for n, days in enumerate(COUNTED_DAYS + PENDING_DAYS):
        with demo_clock(_at(_back(today, days), 18)):
            records_enter(
                project=project,
                served_on=_back(today, days),
                content=LESSONS[n % len(LESSONS)],
                rows=_day_rows(people if n % 2 == 0 else people[:-2], n),
                actor=admin,
            )
        if days == COUNTED_DAYS[-1]:
            with demo_clock(_at(_back(today, COUNTED_PUBLICISED), 9)):
                notice = records_publicise(project=project, actor=admin)
            with demo_clock(_at(_back(today, COUNTED_CLOSED), 0, 30)):
                notice_close(notice=notice)
    with demo_clock(_at(_back(today, PENDING_PUBLICISED), 9)):
        records_publicise(project=project, actor=admin)
    if member is not None and member.user is not None:
        with demo_clock(_at(_back(today, 12), 20, 15)):
            proof_request(
                member=member,
                org=root,
                period_from=_back(today, 40),
                period_to=_back(today, 13),
                purpose="职称评审材料",
                actor=member.user,
            )
    return True


def _medical(today: dt.date, nurse: Member | None) -> bool:
    hospital = Org.objects.filter(code="SS01").first()
    admin = User.objects.filter(username="ss01_admin").first()
    if (
        hospital is None
        or admin is None
        or VolunteerTeam.objects.filter(org=hospital, name=MEDICAL_TEAM).exists()
    ):
        return False
    taken = {nurse.pk} if nurse is not None else set()
    people = _colleagues("SS01", 5, taken)
    if nurse is not None:
        people.insert(0, nurse)
    with demo_clock(_at(_back(today, 200), 10)):
        team = team_save(
            actor=admin,
            org=hospital,
            name=MEDICAL_TEAM,
            kind=VolunteerTeamKind.MEDICAL,
            description="市人民医院医生、护士组成，深入乡镇卫生院和村卫生室开展义诊、健康宣教和带教。",
            leader=people[1] if len(people) > 1 else None,
            founded_on=_back(today, 200),
            active=True,
        )
        for person in people:
            volunteer_add(
                team=team,
                member=person,
                joined_on=_back(today, 200),
                speciality="义诊、健康宣教",
                actor=admin,
            )
    with demo_clock(_at(_back(today, 10), 10)):
        project = project_save(
            actor=admin,
            team=team,
            title=MEDICAL_PROJECT,
            place=MEDICAL_PLACE,
            place_tags=["脱贫村"],
            content="内科、外科、护理义诊，测血压血糖，慢病用药指导和健康知识讲座。",
            starts_on=_back(today, 3),
            ends_on=_back(today, 3),
        )
    with demo_clock(_at(_back(today, 3), 19)):
        records_enter(
            project=project,
            served_on=_back(today, 3),
            content="义诊及健康宣教，服务村民120余人次",
            rows=[RecordRow(member=m, hours=Decimal("5"), travel_hours=Decimal("1.5")) for m in people],
            actor=admin,
        )
    return True


def seed_volunteer_demo(
    root: Org, admin: User, today: dt.date, member: Member | None, nurse: Member | None
) -> list[str]:
    made = []
    if _teaching(root, admin, today, member):
        made.append(TEACHING_TEAM)
    if _medical(today, nurse):
        made.append(MEDICAL_TEAM)
    return made


def volunteer_summary(root: Org) -> str:
    records = ServiceRecord.objects.filter(project__team__org__path__startswith=root.path)
    teams = VolunteerTeam.objects.filter(org__path__startswith=root.path).count()
    counted = records.filter(status=ServiceRecordStatus.COUNTED).count()
    publicised = records.filter(status=ServiceRecordStatus.PUBLICISED).count()
    proofs = ProofRequest.objects.filter(org__path__startswith=root.path, certificate__isnull=False).count()
    return (
        f"志愿服务队 {teams} 支，服务记录 {records.count()} 条（已计入 {counted} 条、公示中 {publicised} 条），"
        f"志愿服务证明 {proofs} 份"
    )

"""Demo data: each issuing union's 发文设置 (焦教工 for the city union, a 代字 of the same pattern for each county
union; 拟稿、核稿、签发 by different people, their default), the root union's notices of 2020 up to the seed notice
焦教工〔2020〕8号 (印发 the 2020 work plan to "各县（市）区教科文卫体工会、教育工会，市属各基层工会"), with part of the
签收 done, plus one 收文 being routed, one draft waiting for 核稿 (a 联合行文 with 焦作市教育局: the 教学技能竞赛
notice), and the first county union's 转发 of the seed
notice to its schools. The notices run through the services as three people of the city union — 拟稿 `shi_ganshi`
(干事), 核稿 `shi_shenhe` (审核人), 签发 `shi_admin` (工会管理员) — and the 收文 as the platform administrator
(`admin`); the signatures are written as the recipient unions' own admins. Everything is dated in 2020, the year
it describes (under `demo_clock`): each notice drafted, signed off and delivered on its 成文日期 and signed for on
the next working day, the 收文 registered on its 收文日期. Idempotent: a second run adds nothing."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.demo import demo_clock
from gonghui.accounts.models import User
from gonghui.calendars.workdays import add_workdays
from gonghui.orgs.models import Org

from .choices import IncomingMedium, ReceiptAction
from .events import document_event
from .incoming import incoming_propose, incoming_register
from .models import Document, IncomingDocument, IssuerSettings, Receipt
from .selectors import SEPARATE_DUTIES_LEVELS
from .services import document_create, document_issue, document_review, document_submit, receipt_forward

ROOT_CODE = "JZJKWT"
SERIES = "焦教工"
MAIN_TO = "各县（市）区教科文卫体工会、教育工会，市属各基层工会"
PLAN_TITLE = "焦作市教科文卫体工会2020年工作要点"
SEED_BODY = f"现将《{PLAN_TITLE}》印发给你们，请结合工作实际认真贯彻落实。"
EARLIER = [
    (
        dt.date(2020, 1, 6),
        "关于做好2020年元旦春节期间困难职工走访慰问工作的通知",
        "请各单位摸清困难职工底数，于春节前完成走访慰问，并报送慰问情况。",
    ),
    (
        dt.date(2020, 1, 20),
        "关于开展“中国梦·劳动美”主题宣传教育活动的通知",
        "请各单位结合实际组织开展主题宣传教育活动，营造良好氛围。",
    ),
    (
        dt.date(2020, 2, 3),
        "关于做好新冠肺炎疫情防控期间一线医护人员关爱工作的通知",
        "请各单位做好一线医护人员及其家属的关心关爱工作。",
    ),
    (
        dt.date(2020, 2, 26),
        "关于开展“三八”国际劳动妇女节系列活动的通知",
        "请各单位以线上方式组织开展女职工系列活动。",
    ),
    (
        dt.date(2020, 3, 10),
        "关于推荐2020年度焦作标兵候选人的通知",
        "请各单位按分配名额推荐候选人，并按时报送推荐材料。",
    ),
    (dt.date(2020, 3, 24), "关于做好2020年工会经费收缴工作的通知", "请各单位按规定足额收缴工会经费。"),
    (dt.date(2020, 4, 8), "关于组织开展网上答题活动的通知", "请各单位组织职工参加网上答题活动。"),
]
# 发文机关代字 per demo union (org code): the city union's, and the county unions' (place + 教工)
SERIES_BY_ORG = {
    ROOT_CODE: SERIES,
    "JFQ": "解教工",
    "SYQ": "山教工",
    "ZZQ": "中教工",
    "MCQ": "马教工",
    "SFQ": "示教工",
    "XWX": "修教工",
    "BAX": "博教工",
    "WZX": "武教工",
    "WXX": "温教工",
    "QYS": "沁教工",
    "MZS": "孟教工",
}
# the city union's 拟稿, 核稿 and 签发 people (accounts' demo cadres)
DRAFTER, REVIEWER, SIGNER = "shi_ganshi", "shi_shenhe", "shi_admin"
SEED_DATE = dt.date(2020, 4, 17)
# the draft waiting for 核稿: a 联合行文 with the education bureau (work-plan item 七), the city union leading
JOINT_TITLE = "关于联合举办2020年全市教育系统教学技能竞赛的通知"
JOINT_WITH = "焦作市教育局"
SIGNED_COUNTIES = 6  # of the seed notice: the first six county unions signed, two more only read it


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def _issue(
    people: dict[str, User], root: Org, title: str, body: str, issued_on: dt.date, attachment_note: str = ""
) -> Document:
    with demo_clock(_at(issued_on)):
        return _draft_and_issue(people, root, title, body, issued_on, attachment_note)


def _draft_and_issue(
    people: dict[str, User], root: Org, title: str, body: str, issued_on: dt.date, attachment_note: str
) -> Document:
    document = document_create(
        org=root,
        actor=people[DRAFTER],
        series=SERIES,
        title=title,
        body=body,
        main_to=MAIN_TO,
        attachment_note=attachment_note,
    )
    document_submit(document=document, actor=people[DRAFTER])
    document_review(document=document, actor=people[REVIEWER])
    return document_issue(document=document, actor=people[SIGNER], issued_on=issued_on)


def _seed_settings() -> int:
    """Each demo union's 发文设置 (kept when a union already saved its own)."""
    orgs = Org.objects.filter(code__in=SERIES_BY_ORG).exclude(issuer_settings__isnull=False)
    created = IssuerSettings.objects.bulk_create(
        [
            IssuerSettings(
                org=org, series=SERIES_BY_ORG[org.code], separate_duties=org.level in SEPARATE_DUTIES_LEVELS
            )
            for org in orgs
        ]
    )
    return len(created)


def _sign(receipt: Receipt, when: dt.datetime) -> None:
    signer = User.objects.filter(grants__org=receipt.org, grants__role="union_admin").order_by("pk").first()
    with demo_clock(when):
        receipt.read_at = receipt.signed_at = timezone.now()
        receipt.read_by = receipt.signed_by = signer
        receipt.save(update_fields=["read_at", "read_by", "signed_at", "signed_by", "updated_at"])
        document_event(
            subject=receipt.document, actor=signer, action=ReceiptAction.SIGN, note=receipt.org.name
        )


@transaction.atomic
def seed_documents() -> str:
    _seed_settings()
    root = Org.objects.filter(code=ROOT_CODE).first()
    admin = User.objects.filter(username="admin").first()
    people = {u.username: u for u in User.objects.filter(username__in=[DRAFTER, REVIEWER, SIGNER])}
    if root is None or admin is None or len(people) < 3:
        return "缺少根组织、平台管理员或市工会拟稿、核稿、签发人员，跳过公文"
    if Document.objects.filter(org=root, series=SERIES, year=2020, number=8).exists():
        return "公文演示数据已存在，跳过"
    for issued_on, title, body in EARLIER:
        document = _issue(people, root, title, body, issued_on)
        moment = _at(add_workdays(issued_on, 1))
        for receipt in document.receipts.select_related("org"):
            _sign(receipt, moment)
    seed = _issue(
        people, root, f"关于印发《{PLAN_TITLE}》的通知", SEED_BODY, SEED_DATE, attachment_note=PLAN_TITLE
    )
    signed_on = add_workdays(SEED_DATE, 1)
    counties = list(seed.receipts.filter(org__level="county").select_related("org").order_by("org__path"))
    for receipt in counties[:SIGNED_COUNTIES]:
        _sign(receipt, _at(signed_on))
    forwarder = (
        User.objects.filter(grants__org=counties[0].org, grants__role="sysadmin").order_by("pk").first()
    )
    if forwarder is not None:
        with demo_clock(_at(signed_on, 10)):
            receipt_forward(
                receipt=counties[0],
                actor=forwarder,
                targets_text="各基层工会",
                note="请各校结合实际认真贯彻落实。",
            )
    for receipt in counties[SIGNED_COUNTIES : SIGNED_COUNTIES + 2]:
        reader = (
            User.objects.filter(grants__org=receipt.org, grants__role="union_staff").order_by("pk").first()
        )
        Receipt.objects.filter(pk=receipt.pk).update(
            read_at=timezone.make_aware(_at(signed_on, 11)), read_by=reader
        )
    if not IncomingDocument.objects.filter(org=root).exists():
        with demo_clock(_at(dt.date(2020, 4, 20))):
            _seed_incoming(root, admin)
    with demo_clock(_at(dt.date(2020, 4, 21))):
        pending = document_create(
            org=root,
            actor=people[DRAFTER],
            series=SERIES,
            title=JOINT_TITLE,
            body="为提高教师教学水平，市教科文卫体工会、市教育局决定联合举办2020年全市教育系统教学技能竞赛。"
            "请各单位结合实际，认真组织基层初赛，按分配名额推荐选手参加市级决赛。",
            main_to=MAIN_TO,
            co_issuers=[JOINT_WITH],
        )
        document_submit(document=pending, actor=people[DRAFTER])
    signed = seed.receipts.filter(signed_at__isnull=False).count()
    return f"公文 {len(EARLIER) + 2} 件，其中 焦教工〔2020〕8号 送达 {seed.receipts.count()} 个单位、已签收 {signed} 个"


def _seed_incoming(root: Org, admin: User) -> None:
    """One 收文 from the city federation of trade unions, registered and waiting for the leader's 批办."""
    incoming = incoming_register(
        org=root,
        actor=admin,
        source_issuer="焦作市总工会",
        source_number="焦工〔2020〕12号",
        title="关于开展2020年“安康杯”竞赛活动的通知",
        received_on=dt.date(2020, 4, 20),
        doc_date=dt.date(2020, 4, 15),
        medium=IncomingMedium.PAPER,
        summary="市总工会部署2020年“安康杯”竞赛，要求各产业工会组织本系统单位参赛。",
    )
    incoming_propose(
        incoming=incoming,
        actor=admin,
        proposal="建议转发各县（市）区工会和市属基层工会，由经审部牵头落实。",
    )

"""Demo 女工委任务: one 收文 from the 市总工会女职工委员会 registered at the demo city union and forwarded down (a
转发 notice drafted from it, waiting for 核稿), through the documents services under `demo_clock`, so the
女职工工作 page lists a task of 2026. Running it again adds nothing."""

import datetime as dt

from gonghui.accounts.demo import demo_clock
from gonghui.accounts.models import User
from gonghui.documents.choices import IncomingMedium
from gonghui.documents.incoming import incoming_forward, incoming_register
from gonghui.documents.models import IncomingDocument
from gonghui.orgs.models import Org

CITY_CODE = "JZJKWT"  # the demo city union (orgs.demo.ROOT_CODE)
ACTOR = "shi_admin"  # 市工会管理员
SERIES = "焦教工"  # the city union's 发文代字 (documents.demo)
ISSUER = "焦作市总工会女职工委员会"
TITLE = "关于开展2026年“三八”国际劳动妇女节系列活动的通知"
RECEIVED_ON = dt.date(2026, 2, 26)


def seed_women_tasks() -> str:
    city = Org.objects.filter(code=CITY_CODE).first()
    actor = User.objects.filter(username=ACTOR).first()
    if city is None or actor is None:
        return "没有演示市级工会或其管理员，跳过女工委收文"
    if IncomingDocument.objects.filter(org=city, source_issuer=ISSUER, title=TITLE).exists():
        return "女工委收文已存在"
    with demo_clock(dt.datetime.combine(RECEIVED_ON, dt.time(9, 40))):
        incoming = incoming_register(
            org=city,
            actor=actor,
            source_issuer=ISSUER,
            source_number="焦工女〔2026〕2号",
            title=TITLE,
            received_on=RECEIVED_ON,
            doc_date=dt.date(2026, 2, 24),
            medium=IncomingMedium.PAPER,
            summary="市总女工委部署2026年“三八”节系列活动：女职工专场健康讲座、两癌筛查、母婴室建设推进，"
            "请各产业工会组织本系统女职工参加，3月20日前报送活动开展情况。",
        )
        incoming_forward(
            incoming=incoming,
            actor=actor,
            series=SERIES,
            main_to="各县（市）区教科文卫体工会、教育工会，市属各基层工会",
            note="请各单位女职工委员会牵头落实，3月18日前将活动开展情况报市教科文卫体工会女职工部。",
        )
    return "女工委收文 1 件（已转发下级）"

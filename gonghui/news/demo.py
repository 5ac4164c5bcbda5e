"""Demo 宣传 of the city union (焦作市教科文卫体工会), made through the services as the demo cadres; rows of a past day
are written under `demo_clock`, so every timeline, review row and notification is real and dates are relative to
the seeding day:

- The 专栏 中国梦·劳动美 with five articles written by 市工会干事 `shi_ganshi`, each passed through 三审 by three
  different people — 初审 `shi_shenhe` (granted 宣传审核员 on the city union), 复审 the city's 宣传审核员
  `shi_xuanchuan` (刘洋, 市工会宣教部, the one account this demo adds), 终审 `shi_admin` — and published; the two
  最美 stories (最美教师, 最美医生) are 公开 with a cover picture and name the honour record they tell through the
  story subjects (the honours demo's 河南省优秀教师 of the README member and a 全国劳动模范); one article was later
  withdrawn by `shi_admin` with its reason.
- The city union's sensitive-word list (five words); one article waits at 复审 for `shi_xuanchuan`, two of the
  words flagged in it.
- 解放区教科文卫体工会 keeps 二审 (its own policy): its 典型经验 passed 初审 by `jfq_shenhe` (granted 宣传审核员 on
  解放区) and 终审 by `jfq_admin`, was published to its subtree and offered (投稿) to the city union's channel, where
  it waits for `shi_admin`.
- Read counts: reads of the published articles by members of a dozen unions (and, for the 公开 ones, readers
  without login) counted through the reading part's cache counter and flushed by its job, as `run_due_jobs` would.

Idempotent block by block: the column's articles only when the column is new, the pending and the county article
only when no article of that title exists, the accounts, grants and words only when missing."""

import datetime as dt
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from gonghui.accounts.demo import DEMO_PASSWORD, demo_clock
from gonghui.accounts.models import RoleGrant, User
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org

from .choices import ArticleAudience, ArticleKind, ArticleStatus, ContributionStatus, ReviewDecision
from .models import Article, Column, Contribution, SensitiveWord
from .permissions import REVIEWER_ROLE
from .services.articles import article_create, article_file_add, column_create, contribution_create
from .services.reading import article_read_record, reads_flush
from .services.review import (
    article_review_decide,
    article_submit,
    article_withdraw,
    review_policy_set,
    sensitive_words_add,
)
from .subjects import story_subjects

ROOT_CODE = "JZJKWT"
COUNTY_CODE = "JFQ"
WRITER, FIRST, FINAL = "shi_ganshi", "shi_shenhe", "shi_admin"
SECOND, SECOND_NAME = "shi_xuanchuan", "刘洋（市工会宣教部）"
COUNTY_WRITER, COUNTY_FIRST, COUNTY_FINAL = "jfq_ganshi", "jfq_shenhe", "jfq_admin"
COLUMN_NAME = "中国梦·劳动美"
COLUMN_TEXT = "讲述全市教科文卫体系统职工爱岗敬业、创新奉献的故事，弘扬劳模精神、劳动精神、工匠精神。"
HONOUR_SUBJECT = "honours.honour"
DATA = Path(__file__).resolve().parent / "demo_data"
SENSITIVE_WORDS = ("据传", "内部资料", "国家级", "最佳", "绝对")
SENSITIVE_NOTE = "提示审核人核实来源或避免绝对化用语"
OPINIONS = {
    1: "内容真实，导向正确，文字已校对。",
    2: "政治导向正确，所述事实已与供稿单位核实，同意。",
    3: "同意发布。",
}
WITHDRAW_REASON = "文中展览地点和开放时间有误，核实更正后另行发布"


def _body(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


# (kind, title, audience, cover, honour query, body); a {name} in a story is the honour holder's name
COLUMN_ARTICLES: tuple[tuple[str, str, str, str, str, str], ...] = (
    (
        ArticleKind.NEWS,
        "“中国梦·劳动美”主题宣讲走进全市中小学校园",
        ArticleAudience.SUBTREE,
        "",
        "",
        _body(
            "为深化理想信念教育，市教科文卫体工会组织劳模工匠宣讲团走进全市中小学校园，开展“中国梦·劳动美”主题宣讲。",
            "宣讲团由来自教育、卫生、文化战线的劳动模范和先进工作者组成，结合自身经历讲述爱岗敬业、"
            "创新奉献的故事，引导教职工和学生崇尚劳动、尊重劳动者。",
            "各县区工会结合实际，把主题宣讲与师德师风建设、职工书屋、网上学习平台结合起来，"
            "让劳模精神、劳动精神、工匠精神在校园落地生根。",
        ),
    ),
    (
        ArticleKind.ZUIMEI,
        "最美教师｜{name}：三尺讲台守初心",
        ArticleAudience.PUBLIC,
        "cover_teacher.jpg",
        "河南省优秀教师",
        _body(
            "从教二十余年，{name}老师始终坚守在教学一线。早上七点前到校，晚上最后一个离开办公室，"
            "是同事们对这位老师最深的印象。",
            "在班级管理中，{name}老师坚持“不放弃每一个学生”，坚持家访，为学习困难的学生制订个别辅导计划，"
            "所带班级学风浓厚、团结向上。",
            "作为学校骨干教师，{name}老师还牵头组建青年教师成长共同体，带徒结对、听课评课，"
            "帮助一批年轻教师站稳讲台。先后获评焦作市师德标兵、河南省优秀教师。",
            "“教师的幸福，就是看着学生一天天成长。”{name}老师说，会继续守好三尺讲台，做学生成长的引路人。",
        ),
    ),
    (
        ArticleKind.ZUIMEI,
        "最美医生｜{name}：守护“心”生命的人",
        ArticleAudience.PUBLIC,
        "cover_doctor.jpg",
        "全国劳动模范",
        _body(
            "深夜的胸痛中心，一位急性心肌梗死患者被紧急送来。从入院到血管开通，{name}带领团队只用了短短几十分钟。",
            "长期坚守心血管内科临床一线，{name}牵头推进医院胸痛中心建设，打通院前急救与院内救治的“绿色通道”，"
            "让更多患者在黄金时间内得到救治。",
            "在做好临床工作的同时，{name}常年带队到基层医院义诊、授课，把适宜技术带到乡镇卫生院，"
            "培养了一批心血管专科骨干。",
            "荣获全国劳动模范称号后，{name}说：“荣誉属于整个团队，我们要把每一位患者当作亲人。”",
        ),
    ),
    (
        ArticleKind.CASE,
        "把职工书屋建到职工身边——全市教科文卫体系统职工书屋建设经验",
        ArticleAudience.SUBTREE,
        "",
        "",
        _body(
            "近年来，市教科文卫体工会把职工书屋建设作为服务职工精神文化需求的重要抓手，"
            "推动书屋由“有”向“优”转变。",
            "一是建管并重。各基层工会明确专人管理，落实场地、书架和借阅制度，按职工需求每年更新图书。",
            "二是线上线下结合。依托网上学习平台开设电子书屋，职工用手机就能阅读、听书。",
            "三是以书育人。结合“中国梦·劳动美”主题教育，开展读书分享会、征文等活动，"
            "让书屋成为职工学习交流的温馨家园。",
        ),
    ),
    (
        ArticleKind.NEWS,
        "全市教科文卫体系统职工书画摄影作品展开展",
        ArticleAudience.SUBTREE,
        "",
        "",
        _body(
            "为展示新时代职工的精神风貌，市教科文卫体工会举办职工书画摄影作品展，"
            "共展出系统职工创作的书法、绘画和摄影作品一百余件。",
            "作品以“中国梦·劳动美”为主题，记录了教师、医务工作者、文化工作者的工作和生活瞬间。",
            "展览期间，各基层工会将组织职工分批参观。",
        ),
    ),
)
WITHDRAWN_INDEX = 4  # the 书画摄影作品展 news: withdrawn after publication
PENDING_TITLE = "焦作职业技术学院工会创新工作室结出新成果"
PENDING_BODY = _body(
    "焦作职业技术学院工会依托劳模创新工作室，组织青年教师开展技术攻关和教学改革，今年又有多项成果落地。",
    "工作室团队研发的实训教学装置已在多所职业院校推广使用，据传该成果已达到国家级领先水平。",
    "学院工会表示，将继续发挥创新工作室的示范带动作用，为职工搭建学技术、练本领、促创新的平台。",
)
COUNTY_TITLE = "“三个一”工作法激发基层工会活力——解放区教科文卫体工会典型经验"
COUNTY_BODY = _body(
    "解放区教科文卫体工会立足学校、医院等基层单位实际，探索推行“每月一次走访、每季一次议事、每年一次评议”"
    "的“三个一”工作法。",
    "每月一次走访：工会干部深入教研组、科室听取职工意见，建立问题台账，逐项跟踪办结。",
    "每季一次议事：召开工会委员会议事会，研究职工关心的福利、文体活动和困难帮扶等事项。",
    "每年一次评议：组织会员对基层工会工作进行评议，评议结果作为改进工作的重要依据。",
    "推行以来，基层工会解决职工反映的实际问题一百余件，会员满意度明显提升。",
)
COUNTY_NOTE = "解放区基层工会“三个一”工作法，经验可复制，推荐市工会宣传平台采用。"
# the unions whose members read the published articles, and how often (by rank among the tree's grassroots)
READS = (31, 24, 19, 15, 12, 9, 8, 6, 5, 4, 3, 2)
ANONYMOUS_READS = 86


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # no cached grants


def _grant(username: str, org: Org) -> User | None:
    user = User.objects.filter(username=username).first()
    if user is None:
        return None
    RoleGrant.objects.get_or_create(user=user, role=REVIEWER_ROLE, org=org)
    return _fresh(user)


def _reviewer(root: Org) -> User:
    """The city's 宣传审核员 `shi_xuanchuan`, made with its grant when missing."""
    user = User.objects.filter(username=SECOND).first() or User.objects.create(
        username=SECOND, name=SECOND_NAME, password=make_password(DEMO_PASSWORD)
    )
    RoleGrant.objects.get_or_create(user=user, role=REVIEWER_ROLE, org=root)
    return _fresh(user)


def _words(root: Org, admin: User, day: dt.date) -> int:
    with demo_clock(_at(day, 9, 10)):
        added = sensitive_words_add(
            org=root, actor=admin, text="\n".join(SENSITIVE_WORDS), note=SENSITIVE_NOTE
        )
    return len(added.added)


def _honour(writer: User, query: str) -> tuple[str, str]:
    """("honours.honour:<id>", holder name) of the first honour record the writer may see titled `query`, or
    ("", "") when the honours demo has none (the story is then written without its record)."""
    if HONOUR_SUBJECT not in story_subjects:
        return "", ""
    found = story_subjects.get(HONOUR_SUBJECT).choices(writer, query)
    if not found:
        return "", ""
    ref_id, label = found[0]
    return f"{HONOUR_SUBJECT}:{ref_id}", label.split("（", 1)[0]


def _cover(article: Article, writer: User, name: str) -> None:
    upload = SimpleUploadedFile(name, (DATA / name).read_bytes(), content_type="image/jpeg")
    article_file_add(article=article, actor=writer, upload=upload, image=True)


def _review(article: Article, reviewers: list[User], moments: list[dt.datetime]) -> Article:
    for level, (reviewer, moment) in enumerate(zip(reviewers, moments, strict=False), start=1):
        with demo_clock(moment):
            decided = article_review_decide(
                article=article,
                actor=reviewer,
                level=level,
                decision=ReviewDecision.PASS,
                opinion=OPINIONS[level if len(reviewers) == 3 or level == 1 else 3],
            )
        article = decided.article
    return article


def _write(org: Org, writer: User, moment: dt.datetime, data: dict[str, object], cover: str = "") -> Article:
    with demo_clock(moment):
        article = article_create(org=org, actor=writer, data=data)
        if cover:
            _cover(article, writer, cover)
    with demo_clock(moment + dt.timedelta(minutes=40)):
        return article_submit(article=article, actor=writer)


def _column_articles(root: Org, users: dict[str, User], today: dt.date) -> list[Article]:
    writer = users[WRITER]
    with demo_clock(_at(today - dt.timedelta(days=45), 9)):
        column = column_create(
            org=root, actor=writer, data={"name": COLUMN_NAME, "description": COLUMN_TEXT, "order": 10}
        )
    reviewers = [users[FIRST], users[SECOND], users[FINAL]]
    published: list[Article] = []
    for n, (kind, title, audience, cover, query, body) in enumerate(COLUMN_ARTICLES):
        day = today - dt.timedelta(days=40 - 8 * n)
        ref, name = _honour(writer, query) if query else ("", "")
        name = name or "该同志"
        data: dict[str, object] = {
            "kind": kind,
            "title": title.format(name=name),
            "body": body.format(name=name),
            "audience": audience,
            "column": column,
            "byline": "市教科文卫体工会宣教部",
            "source": "焦作市教科文卫体工会",
            "subject_ref": ref,
        }
        article = _write(root, writer, _at(day, 9, 30), data, cover)
        moments = [_at(day, 15), _at(day + dt.timedelta(days=1), 10), _at(day + dt.timedelta(days=1), 16, 30)]
        published.append(_review(article, reviewers, moments))
    withdrawn = published[WITHDRAWN_INDEX]
    with demo_clock(_at(today - dt.timedelta(days=6), 11)):
        published[WITHDRAWN_INDEX] = article_withdraw(
            article=withdrawn, actor=users[FINAL], reason=WITHDRAW_REASON
        )
    return published


def _pending(root: Org, users: dict[str, User], today: dt.date) -> bool:
    """An article past 初审, waiting at 复审 for `shi_xuanchuan`; two sensitive words flagged in it."""
    if Article.objects.filter(org=root, title=PENDING_TITLE).exists():
        return False
    day = today - dt.timedelta(days=2)
    data: dict[str, object] = {
        "kind": ArticleKind.NEWS,
        "title": PENDING_TITLE,
        "body": PENDING_BODY,
        "audience": ArticleAudience.SUBTREE,
        "byline": "市教科文卫体工会宣教部",
    }
    article = _write(root, users[WRITER], _at(day, 10), data)
    _review(article, [users[FIRST]], [_at(day, 16)])
    return True


def _county_case(root: Org, today: dt.date) -> bool:
    """解放区's 典型经验 through its own 二审, published and offered to the city union's channel."""
    county = Org.objects.filter(code=COUNTY_CODE, level=OrgLevel.COUNTY).first()
    writer = User.objects.filter(username=COUNTY_WRITER).first()
    final = User.objects.filter(username=COUNTY_FINAL).first()
    if county is None or writer is None or final is None:
        return False
    first = _grant(COUNTY_FIRST, county)
    if first is None or Article.objects.filter(org=county, title=COUNTY_TITLE).exists():
        return False
    day = today - dt.timedelta(days=12)
    with demo_clock(_at(day - dt.timedelta(days=1), 15)):
        review_policy_set(org=county, actor=final, levels=2)
    data: dict[str, object] = {
        "kind": ArticleKind.CASE,
        "title": COUNTY_TITLE,
        "body": COUNTY_BODY,
        "audience": ArticleAudience.SUBTREE,
        "byline": "解放区教科文卫体工会",
        "source": county.name[:60],
    }
    article = _write(county, writer, _at(day, 9), data)
    article = _review(article, [first, final], [_at(day, 14), _at(day + dt.timedelta(days=1), 9, 30)])
    with demo_clock(_at(day + dt.timedelta(days=3), 10)):
        contribution_create(article=article, actor=final, to_org=root, note=COUNTY_NOTE)
    return True


def _reads(root: Org, articles: list[Article]) -> int:
    """Reads of the published articles by the members of a dozen unions of the tree (and readers without login of
    the 公开 ones): the reading part's cache counter, then its flush job."""
    unions = list(
        Org.objects.filter(path__startswith=root.path, level=OrgLevel.GRASSROOTS)
        .order_by("path")
        .values_list("pk", flat=True)[::5][: len(READS)]
    )
    total = 0
    for n, article in enumerate(articles):
        if article.status != ArticleStatus.PUBLISHED:
            continue
        for rank, org_id in enumerate(unions):
            count = max(1, READS[rank] - 3 * n)
            for _ in range(count):
                article_read_record(article=article, org_id=org_id)
            total += count
        if article.audience == ArticleAudience.PUBLIC:
            for _ in range(ANONYMOUS_READS - 10 * n):
                article_read_record(article=article, org_id=None)
            total += ANONYMOUS_READS - 10 * n
    reads_flush()
    return total


def _summary(root: Org) -> str:
    column = Column.objects.filter(org=root, name=COLUMN_NAME).first()
    articles = Article.objects.filter(column=column) if column else Article.objects.none()
    published = articles.filter(status=ArticleStatus.PUBLISHED).count()
    withdrawn = articles.filter(status=ArticleStatus.WITHDRAWN).count()
    in_review = Article.objects.filter(
        org__path__startswith=root.path, status=ArticleStatus.IN_REVIEW
    ).count()
    offers = Contribution.objects.filter(org=root, status=ContributionStatus.PENDING).count()
    words = SensitiveWord.objects.filter(org=root).count()
    return (
        f"专栏“{COLUMN_NAME}”已发布 {published} 篇、已撤回 {withdrawn} 篇，审核中 {in_review} 篇，"
        f"待处理投稿 {offers} 件，敏感词 {words} 个"
    )


@transaction.atomic
def seed_news() -> str:
    root = Org.objects.filter(code=ROOT_CODE).first()
    if root is None:
        return "没有市级工会，跳过宣传"
    found = {u.username: u for u in User.objects.filter(username__in=[WRITER, FIRST, FINAL])}
    if len(found) < 3:
        return "没有市工会的演示干部账号，跳过宣传"
    today = timezone.localdate()
    made: list[str] = []
    if not User.objects.filter(username=SECOND).exists():
        made.append(f"宣传审核员 {SECOND}")
    users = {WRITER: found[WRITER], FINAL: found[FINAL], SECOND: _reviewer(root)}
    users[FIRST] = _grant(FIRST, root) or found[FIRST]
    added = _words(root, users[FINAL], today - dt.timedelta(days=50))
    if added:
        made.append(f"敏感词 {added} 个")
    if not Column.objects.filter(org=root, name=COLUMN_NAME).exists():
        articles = _column_articles(root, users, today)
        reads = _reads(root, articles)
        made.append(f"专栏文章 {len(articles)} 篇（阅读 {reads} 次）")
    if _pending(root, users, today):
        made.append("待复审稿件 1 篇")
    if _county_case(root, today):
        made.append("县区典型经验投稿 1 件")
    return f"宣传：{_summary(root)}；" + (f"本次新建：{'、'.join(made)}" if made else "本次无新增")

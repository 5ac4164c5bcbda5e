"""A large, realistic tree for the page benches: a city union, 19 county unions, ~2,000 grassroots unions, N members
(Chinese names with their pinyin), and appeals, legal consultations and applications and 公文 in proportion.

Everything goes through `core.bulk.rows_insert` (COPY on PostgreSQL, multi-row INSERTs on SQLite), rows built from
dicts with precomputed tree paths, so 10^6 members take minutes, not hours. Call `world_build(members=N)` inside a
migrated, empty database; it returns the `World` (the city root and an admin user of it)."""

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

TODAY = dt.date(2026, 6, 15)
COUNTIES = 19
GRASSROOTS = 1980
CHUNK = 50_000

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭萧田董潘袁蔡蒋余杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉玲丹建文斌宇浩凯健俊帆帅旭宁龙林欣晨阳佳琳雪梅兰凤洁琴云莲真环荣爱妹霞香月莺媛瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"

EMPLOYMENT = ["established"] * 70 + ["contract"] * 18 + ["dispatched"] * 8 + ["other"] * 4
STATUSES = ["active"] * 88 + ["retired_kept"] * 6 + ["left"] * 3 + ["transferred_out"] * 3


@dataclass
class World:
    root: Any
    admin: Any
    member_public_id: Any
    name_query: str
    pinyin_query: str


def _pinyin_of(chars: str) -> dict[str, str]:
    """Each character's toneless pinyin (the project's own reading, so the stored pinyin is what an import writes)."""
    from gonghui.members.pinyin import name_search_fields

    return {c: name_search_fields(c)["name_pinyin"] for c in set(chars)}


def _orgs() -> tuple[Any, list[int], list[int]]:
    from gonghui.core.bulk import rows_insert
    from gonghui.orgs.choices import OrgLevel
    from gonghui.orgs.models import Org

    rng = random.Random(27)
    root = Org.objects.add_root(
        instance=Org(code="BENCH", name="基准市总工会", unit_name="基准市总工会", level=OrgLevel.CITY)
    )
    per_county = -(-GRASSROOTS // COUNTIES)
    counties: list[dict[str, Any]] = []
    grassroots: list[dict[str, Any]] = []
    made = 0
    for c in range(COUNTIES):
        county_path = Org._get_path(root.path, 2, c + 1)
        children = min(per_county, GRASSROOTS - made)
        counties.append(
            {
                "code": f"BC{c:02d}",
                "name": f"基准第{c}区县总工会",
                "unit_name": f"基准第{c}区县总工会",
                "level": OrgLevel.COUNTY,
                "depth": 2,
                "path": county_path,
                "numchild": children,
            }
        )
        for g in range(children):
            established = rng.randint(20, 400)
            grassroots.append(
                {
                    "code": f"BC{c:02d}G{g:03d}",
                    "name": f"基准第{c}区县单位{g}工会",
                    "unit_name": f"基准第{c}区县单位{g}",
                    "level": OrgLevel.GRASSROOTS,
                    "depth": 3,
                    "path": Org._get_path(county_path, 3, g + 1),
                    "numchild": 0,
                    "headcount_established": established,
                    "headcount_contract": rng.randint(0, established // 2),
                    "headcount_dispatched": rng.randint(0, established // 8),
                }
            )
        made += children
    rows_insert(Org, counties)
    rows_insert(Org, grassroots)
    Org.objects.filter(pk=root.pk).update(numchild=COUNTIES)
    root.refresh_from_db()
    county_ids = list(Org.objects.filter(level=OrgLevel.COUNTY).order_by("path").values_list("pk", flat=True))
    leaf_ids = list(
        Org.objects.filter(level=OrgLevel.GRASSROOTS).order_by("path").values_list("pk", flat=True)
    )
    return root, county_ids, leaf_ids


def _member_rows(members: int, leaf_ids: list[int]) -> Iterator[list[dict[str, Any]]]:
    rng = random.Random(2027)
    readings = _pinyin_of(SURNAMES + GIVEN)
    batch: list[dict[str, Any]] = []
    for i in range(members):
        chars = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        syllables = [readings[c] for c in chars]
        batch.append(
            {
                "org_id": leaf_ids[i % len(leaf_ids)],
                "name": chars,
                "name_pinyin": "".join(syllables),
                "name_initials": "".join(s[:1] for s in syllables),
                "gender": "F" if rng.random() < 0.6 else "M",
                "birth_date": dt.date(1962, 1, 1) + dt.timedelta(days=rng.randrange(42 * 365)),
                "id_number_encrypted": "bench",
                "id_number_hash": f"{i:064d}",
                "id_number_masked": "4108**********0000",
                "employment": rng.choice(EMPLOYMENT),
                "status": rng.choice(STATUSES),
                "joined_on": dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(36 * 365 + 160)),
                "member_number": f"B{i:010d}",
            }
        )
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _appeals(count: int, leaf_ids: list[int], county_ids: list[int]) -> None:
    from gonghui.appeals.choices import AppealChannel, AppealStatus, Rating
    from gonghui.appeals.models import Appeal, AppealCategory
    from gonghui.core.bulk import rows_insert

    rng = random.Random(3)
    categories = list(AppealCategory.objects.values_list("pk", flat=True))
    if not categories:
        AppealCategory.objects.create(code="bench", name="基准类别")
        categories = list(AppealCategory.objects.values_list("pk", flat=True))
    statuses = list(AppealStatus.values)
    channels = list(AppealChannel.values)
    ratings = ["", "", *Rating.values]
    rows: list[dict[str, Any]] = []
    for i in range(count):
        submitted = TODAY - dt.timedelta(days=rng.randrange(500))
        status = rng.choice(statuses)
        replied = status in ("replied", "rated", "closed")
        org = rng.choice(county_ids) if rng.random() < 0.1 else leaf_ids[(i * 7) % len(leaf_ids)]
        rows.append(
            {
                "number": f"SQ{i:010d}",
                "org_id": org,
                "origin_org_id": org,
                "category_id": rng.choice(categories),
                "channel": rng.choice(channels),
                "status": status,
                "contact_name": "基准联系人",
                "title": f"基准诉求{i}",
                "description": "基准诉求内容",
                "text_digest": f"{i:064x}",
                "submitted_on": submitted,
                "accept_due": submitted + dt.timedelta(days=3),
                "reply_due": submitted + dt.timedelta(days=21),
                "handling_workdays": rng.randint(1, 40) if replied else None,
                "replied_on": submitted + dt.timedelta(days=10) if replied else None,
                "was_overdue": rng.random() < 0.1,
                "reopen_count": 1 if rng.random() < 0.05 else 0,
                "rating": rng.choice(ratings) if status in ("rated", "closed") else "",
            }
        )
    rows_insert(Appeal, rows)


def _legal(consultations: int, applications: int, root_id: int, leaf_ids: list[int]) -> None:
    from gonghui.core.bulk import rows_insert
    from gonghui.legal.choices import AidOutcome, AidStatus, ConsultationStatus, DisputeType, LegalCategory
    from gonghui.legal.models import Consultation, Lawyer, LegalAidApplication

    rng = random.Random(4)
    rows_insert(
        Lawyer,
        [
            {
                "org_id": root_id,
                "name": f"基准律师{i}",
                "firm": "基准律师事务所",
                "licence_number": f"1{i:016d}",
            }
            | {"phone": "13900000000"}
            for i in range(20)
        ],
    )
    lawyers = list(Lawyer.objects.values_list("pk", flat=True))
    rows: list[dict[str, Any]] = [
        {
            "number": f"ZX{i:010d}",
            "org_id": leaf_ids[(i * 11) % len(leaf_ids)],
            "asker_name": "基准咨询人",
            "category": rng.choice(LegalCategory.values),
            "title": f"基准咨询{i}",
            "question": "基准问题",
            "publish_consent": True,
            "status": rng.choice(ConsultationStatus.values),
        }
        for i in range(consultations)
    ]
    rows_insert(Consultation, rows)
    rows = []
    for i in range(applications):
        submitted = TODAY - dt.timedelta(days=rng.randrange(500))
        status = rng.choice(AidStatus.values)
        reviewed = status != AidStatus.SUBMITTED
        rows.append(
            {
                "number": f"YZ{i:010d}",
                "org_id": leaf_ids[(i * 13) % len(leaf_ids)],
                "applicant_name": "基准申请人",
                "applicant_phone": "13800000000",
                "dispute_type": rng.choice(DisputeType.values),
                "amount_involved": Decimal(rng.randint(1000, 200000)),
                "opposing_party": "基准公司",
                "facts": "基准事实",
                "status": status,
                "assigned_lawyer_id": rng.choice(lawyers) if status in ("approved", "closed") else None,
                "submitted_on": submitted,
                "review_due_on": submitted + dt.timedelta(days=7),
                "review_workdays": rng.randint(1, 9) if reviewed else None,
                "outcome": rng.choice(AidOutcome.values) if status == AidStatus.CLOSED else "",
                "amount_recovered": Decimal(rng.randint(0, 1000)) if status == AidStatus.CLOSED else None,
            }
        )
    rows_insert(LegalAidApplication, rows)


def _documents(count: int, root_id: int, county_ids: list[int]) -> None:
    from django.utils import timezone

    from gonghui.core.bulk import rows_insert
    from gonghui.documents.choices import DocumentStatus
    from gonghui.documents.models import Document, Receipt

    issuers = [root_id, *county_ids]
    rows = [
        {
            "org_id": issuers[i % len(issuers)],
            "series": "基工",
            "title": f"关于基准工作的通知（{i}）",
            "status": DocumentStatus.ISSUED if i % 4 else DocumentStatus.DRAFT,
            "year": 2026,
            "number": i + 1,
            "document_number": f"基工〔2026〕{i + 1}号",
        }
        for i in range(count)
    ]
    rows_insert(Document, rows)
    now = timezone.now()
    issued = Document.objects.filter(status=DocumentStatus.ISSUED).values_list("pk", "org_id")
    receipts = [
        {"document_id": pk, "org_id": county_ids[(pk + k) % len(county_ids)], "delivered_at": now}
        for pk, org_id in issued
        for k in range(5)
        if county_ids[(pk + k) % len(county_ids)] != org_id
    ]
    rows_insert(Receipt, receipts)


def world_build(*, members: int) -> World:
    """The whole world in the current (empty, migrated) database; one transaction per table."""
    from django.db import transaction

    from gonghui.accounts.models import RoleGrant, User
    from gonghui.core.bulk import rows_insert
    from gonghui.members.models import Member

    with transaction.atomic():
        root, county_ids, leaf_ids = _orgs()
    for batch in _member_rows(members, leaf_ids):
        with transaction.atomic():
            rows_insert(Member, batch)
    try:  # the membership counters (issue 27), when they have landed
        from gonghui.members import counting  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        pass
    else:
        try:
            with transaction.atomic():
                counting.counts_recount(org_ids=[root.pk, *county_ids, *leaf_ids])
        except Exception as exc:  # noqa: BLE001 — a bench: say so loudly and measure the pages anyway
            print(
                f"WARNING: members.counting.counts_recount failed ({exc!r}): counters not filled", flush=True
            )
    with transaction.atomic():
        _appeals(max(20, members // 100), leaf_ids, county_ids)
        _legal(max(20, members // 200), max(10, members // 400), root.pk, leaf_ids)
        _documents(max(10, members // 1000), root.pk, county_ids)
    admin = User.objects.create_user(username="bench_admin", name="基准管理员", password="Bench-2026-pass")
    RoleGrant.objects.create(user=admin, role="union_admin", org=root)
    sample = Member.objects.filter(org_id=leaf_ids[len(leaf_ids) // 2]).order_by("pk").first()
    assert sample is not None
    return World(
        root=root,
        admin=admin,
        member_public_id=sample.public_id,
        name_query=sample.name[:2],
        pinyin_query=sample.name_pinyin[: min(6, len(sample.name_pinyin))],
    )

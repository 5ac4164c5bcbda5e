"""round_compute and the round page take the same number of queries for 15 and 60 target unions (a query per
target would differ; 15 is under the page size, 60 over it): each source is asked once for all targets (the cheap
test source, and members.join_rate when registered); scores are written in bulk (only those that moved, in batches
of 500 — the reads are what stays flat on a first run), and the page paginates its targets."""

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import World, make_cadre
from gonghui.core.pagination import DEFAULT_PER_PAGE
from gonghui.core.registry import indicator_sources
from gonghui.evaluations.computing import round_compute
from gonghui.evaluations.models import Dimension, EvaluationRound, Indicator, RoundTarget
from gonghui.evaluations.tests.factories import make_round
from gonghui.evaluations.tests.factories_rounds import bulk_grassroots, make_hand_scheme, registered_source

SMALL, LARGE = 15, 60


def _selects(captured: CaptureQueriesContext) -> int:
    return sum(1 for q in captured.captured_queries if q["sql"].lstrip().upper().startswith("SELECT"))


def _queries(world: World, count: int, prefix: str, client: Client) -> tuple[int, int, int]:
    admin = make_cadre(f"admin_{prefix}", world.county_x)
    scheme = make_hand_scheme(org=world.county_x, actor=admin, title=f"手算方案{prefix}")
    if "members.join_rate" in indicator_sources:
        Indicator.objects.create(
            scheme=scheme,
            dimension=Dimension.objects.get(scheme=scheme, name="基础工作"),
            number="5",
            name="入会率（平台）",
            points=Decimal(10),
            kind="auto",
            source_key="members.join_rate",
            rule="thresholds",
            params={"direction": "at_least", "steps": [["90", "10"]]},
        )
    orgs = bulk_grassroots(world.county_x, count, prefix=prefix)
    round_ = make_round(scheme=scheme, actor=admin, targets=[])
    RoundTarget.objects.bulk_create([RoundTarget(round=round_, org=o, peer_group="基层工会") for o in orgs])
    with CaptureQueriesContext(
        connection
    ) as first:  # creates and fills the scores: reads flat, writes batched
        round_compute(round_, actor=admin)
    with CaptureQueriesContext(connection) as computed:  # nothing moved: nothing but the read stamp written
        round_compute(round_, actor=admin)
    client.force_login(admin)
    with CaptureQueriesContext(connection) as page:
        assert client.get(round_.get_absolute_url()).status_code == 200
    return _selects(first), len(computed), len(page)


def test_compute_and_page_queries_flat(world: World, client: Client) -> None:
    assert SMALL < DEFAULT_PER_PAGE < LARGE  # one page of targets against several: the page stays flat too
    ContentType.objects.get_for_model(EvaluationRound)  # the timeline's content type, cached from here on
    with registered_source(default=Decimal(85)):
        small = _queries(world, SMALL, "S", client)
        large = _queries(world, LARGE, "L", client)
    assert small == large

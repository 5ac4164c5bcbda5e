"""Permission-crawler routes of part schemes (see tests/test_permission_crawler.py). Org A's admin keeps a draft
scheme of org A (two dimensions, two manual indicators), so every page of it — edit, dimensions, indicators,
publish, copy — is reached by org A's admin and is a 404 for org B's admin."""

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.evaluations.models import Dimension, Indicator

from .factories_schemes import draft_scheme


@build_world("evaluations_schemes")
def _schemes_world(world):
    scheme = draft_scheme(org=world.org_a, actor=world.org_admin, title="甲校2021年度工会工作量化考核")
    world.extra.update(
        evaluation_scheme_a=scheme,
        evaluation_dimension_a=Dimension.objects.filter(scheme=scheme).order_by("order").first(),
        evaluation_indicator_a=Indicator.objects.filter(scheme=scheme).order_by("pk").first(),
    )
    world.extra.setdefault("markers", []).append("甲校2021年度工会工作量化考核")


def _scheme(w):
    return {"public_id": w.extra["evaluation_scheme_a"].public_id}


def _dimension(w):
    return {**_scheme(w), "dimension_id": w.extra["evaluation_dimension_a"].pk}


def _indicator(w):
    return {**_scheme(w), "indicator_id": w.extra["evaluation_indicator_a"].pk}


for name in (
    "evaluations:scheme_detail",
    "evaluations:scheme_edit",
    "evaluations:scheme_publish",
    "evaluations:scheme_copy",
    "evaluations:scheme_retire",
    "evaluations:scheme_import",
    "evaluations:dimension_create",
    "evaluations:indicator_create",
):
    declare(CrawlRoute(name, params=_scheme))
for name in ("evaluations:dimension_edit", "evaluations:dimension_delete", "evaluations:dimension_move"):
    declare(CrawlRoute(name, params=_dimension))
for name in ("evaluations:indicator_edit", "evaluations:indicator_delete", "evaluations:indicator_move"):
    declare(CrawlRoute(name, params=_indicator))

"""Permission-crawler routes of part calls (see tests/test_permission_crawler.py). Org A's admin published a call of
org A and applied to it for org A (handed in), and wrote a second application, still a draft with an attachment:
every call and application page is org A's (org B's admin, in the other county: 404; org A's member: 403)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.surveys.services.calls import application_attach

from .factories_calls import application, published_call


@build_world("surveys_calls")
def _calls_world(world):
    call = published_call(org=world.org_a, actor=world.org_admin, title="甲校课题申报（巡检）")
    handed_in = application(call=call, org=world.org_a, actor=world.org_admin)
    draft = application(call=call, org=world.org_a, actor=world.org_admin, submit=False, title="课后服务调查")
    attachment = application_attach(
        project=draft,
        upload=SimpleUploadedFile("plan.txt", "研究方案".encode(), content_type="text/plain"),
        actor=world.org_admin,
    )
    world.extra["calls_call"] = call
    world.extra["calls_handed_in"] = handed_in
    world.extra["calls_draft"] = draft
    world.extra["calls_attachment"] = attachment


def _call(world):
    return {"public_id": world.extra["calls_call"].public_id}


def _handed_in(world):
    return {"public_id": world.extra["calls_handed_in"].public_id}


def _draft(world):
    return {"public_id": world.extra["calls_draft"].public_id}


for name in (
    "surveys:call_detail",
    "surveys:call_edit",
    "surveys:call_open",
    "surveys:call_close",
    "surveys:call_review",
    "surveys:application_create",
):
    declare(CrawlRoute(name, params=_call))
for name in (
    "surveys:application_return",
    "surveys:application_accept",
    "surveys:application_approve",
    "surveys:application_reject",
):
    declare(CrawlRoute(name, params=_handed_in))
for name in ("surveys:application_edit", "surveys:application_submit", "surveys:application_attach"):
    declare(CrawlRoute(name, params=_draft))
declare(
    CrawlRoute(
        "surveys:application_detach",
        params=lambda w: {**_draft(w), "attachment_id": w.extra["calls_attachment"].public_id},
    )
)
declare(CrawlRoute("surveys:call_export", params=_call))

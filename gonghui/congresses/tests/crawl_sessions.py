"""Permission-crawler routes of part sessions (see tests/test_permission_crawler.py). Under org A, a 二级单位's union
(KSES1) holds a congress with a session in progress (a document uploaded), a draft motion, a secret ballot open and
a decided motion, and a petition: every console page is org A's subtree (org B's admin: 404; org A's member: 403).
Org A's member is a full delegate of that congress, so the portal pages (session, vote, petitions) are theirs."""

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.congresses.choices import DelegateRole
from gonghui.congresses.models import Delegate
from gonghui.congresses.services import sessions as services
from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.orgs.tests.factories import OrgFactory

from .factories_sessions import motion, open_session


@build_world("congresses_sessions")
def _sessions_world(world):
    unit = OrgFactory.create(
        parent=world.org_a, code="KSES1", name="甲县第一中学附属小学工会", unit_name="附属小学"
    )
    session, seats = open_session(org=unit, actor=world.org_admin, delegates=3, present=3)
    Delegate.objects.create(congress=session.congress, member=world.member_a, role=DelegateRole.FULL)
    document = services.session_attach(
        session=session,
        upload=SimpleUploadedFile("report.txt", "工作报告".encode(), content_type="text/plain"),
        actor=world.org_admin,
    )
    draft = motion(session, world.org_admin, title="草案")
    voting = motion(session, world.org_admin, secret=True, title="无记名")
    services.motion_ballot_open(motion=voting, actor=world.org_admin)
    decided = motion(session, world.org_admin, title="已表决")
    services.motion_record_open(
        motion=decided, votes_for=3, votes_against=0, votes_abstain=0, actor=world.org_admin
    )
    petition = services.petition_start(
        congress=session.congress,
        member=seats[0].member,
        reason="讨论绩效方案",
        actor=seats[0].member.user or world.org_admin,
    )
    world.extra["sessions_session"] = session
    world.extra["sessions_document"] = document
    world.extra["sessions_draft"] = draft
    world.extra["sessions_voting"] = voting
    world.extra["sessions_decided"] = decided
    world.extra["sessions_petition"] = petition


def _session(world):
    return {"public_id": world.extra["sessions_session"].public_id}


def _congress(world):
    return {"public_id": world.extra["sessions_session"].congress.public_id}


def _extra(key):
    return lambda world: {"public_id": world.extra[key].public_id}


for name in (
    "congresses:session_detail",
    "congresses:session_edit",
    "congresses:session_open",
    "congresses:session_close",
    "congresses:session_quorum",
    "congresses:session_scan",
    "congresses:session_attach",
    "congresses:motion_create",
):
    declare(CrawlRoute(name, params=_session))
declare(CrawlRoute("congresses:session_create", params=_congress))
declare(
    CrawlRoute(
        "congresses:session_detach",
        params=lambda w: {**_session(w), "attachment_id": w.extra["sessions_document"].public_id},
    )
)
for name in (
    "congresses:motion_edit",
    "congresses:motion_delete",
    "congresses:motion_count",
    "congresses:motion_ballot_open",
):
    declare(CrawlRoute(name, params=_extra("sessions_draft")))
declare(CrawlRoute("congresses:motion_ballot_close", params=_extra("sessions_voting")))
declare(CrawlRoute("congresses:motion_publish", params=_extra("sessions_decided")))
declare(CrawlRoute("congresses_portal:session_detail", kind="portal", params=_session))
declare(CrawlRoute("congresses_portal:motion_vote", kind="portal", params=_extra("sessions_voting")))
declare(CrawlRoute("congresses_portal:petition_list", kind="portal"))
declare(CrawlRoute("congresses_portal:petition_create", kind="portal"))
for name in (
    "congresses_portal:petition_detail",
    "congresses_portal:petition_sign",
    "congresses_portal:petition_withdraw",
):
    declare(CrawlRoute(name, kind="portal", params=_extra("sessions_petition")))

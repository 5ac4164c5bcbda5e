"""Action forms a user cannot perform are not rendered: an action page (a page whose form posts back to itself)
answers 403 on GET to a cadre whose POST it would refuse, and no page shows a form whose POST answers 403.

The crawler walks every console route with the parameters declared in <app>/tests/crawl.py as two cadres who
see org A's objects but may change none of them:
- a read-only cadre (只读审计 of the city union);
- the same, who also holds every console role on org B, so that every console gate ("the action somewhere")
  lets them in and only the object-level check stands between them and org A's objects.
An action page is one that org A's admin sees with a POST form to the page itself."""

import re

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from gonghui.accounts.roles import AUDITOR
from gonghui.accounts.tests.factories import RoleGrantFactory, UserFactory
from gonghui.core.crawler import world_builders
from gonghui.core.registry import roles

from .routes import all_routes, declaration, load_declarations

load_declarations()
ROUTES = all_routes()
CONSOLE_KINDS = {"scoped", "shared", "catalogue", "global"}
FORM = re.compile(r"<form\b[^>]*>", re.IGNORECASE)
METHOD_POST = re.compile(r"""\bmethod\s*=\s*["']?post""", re.IGNORECASE)
ACTION = re.compile(r"""\baction\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
# Pages that show objects and, for those allowed, a form as well: the form is hidden for others, the page stays.
VIEW_PAGES = ("_detail", "_list", "_year", "_home", "inbox")
# POST forms any cadre may use: their own session, or an export their view action allows (an audited POST).
SELF_SERVICE = {"accounts:logout", "accounts:org_switch"}


def post_targets(html: str, url: str) -> set[str]:
    targets = set()
    for tag in FORM.findall(html):
        if METHOD_POST.search(tag):
            found = ACTION.search(tag)
            targets.add((found.group(1) if found and found.group(1) else url).split("?")[0])
    return targets


def _view_name(target: str) -> str:
    try:
        return resolve(target).view_name
    except Resolver404:
        return ""


def _crawl_urls(world) -> list[tuple[str, str]]:
    urls = []
    for route in ROUTES:
        if not route.name or route.name.startswith("api:"):
            continue
        decl = declaration(route.name)
        kind = decl.kind if decl else "scoped"
        if kind not in CONSOLE_KINDS or (route.params and (decl is None or decl.params is None)):
            continue
        urls.append(
            (route.name, reverse(route.name, kwargs=decl.params(world) if decl and decl.params else {}))
        )
    return urls


def _html(response) -> str:
    ok = response.status_code == 200 and "html" in response.get("Content-Type", "")
    return response.content.decode() if ok else ""


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def crawled(world):
    for build in world_builders:
        build(world)
    owner = _client(world.org_admin)
    pages = []
    for name, url in _crawl_urls(world):
        pages.append((name, url, url in post_targets(_html(owner.get(url)), url)))
    return pages


@pytest.fixture
def reader(world):
    user = UserFactory.create(username="reader_city", name="只读审计")
    RoleGrantFactory.create(user=user, role=AUDITOR, org=world.city)
    return user


def _grant_every_console_role(user, org) -> None:
    for role in roles:
        if role.console and "*" not in role.actions:
            RoleGrantFactory.create(user=user, role=role.code, org=org)


@pytest.fixture
def reader_acting_elsewhere(reader, world):
    _grant_every_console_role(reader, world.org_b)
    return reader


def action_page_mismatches(client: Client, pages) -> list[str]:
    problems = []
    for name, url, is_action_page in pages:
        page = client.get(url)
        html = _html(page)
        if not html:
            continue
        if is_action_page and url not in post_targets(html, url) and not name.endswith(VIEW_PAGES):
            problems.append(f"{name} ({url}): GET answers 200 without its form; expected 403")
        for target in sorted(post_targets(html, url)):
            target_name = _view_name(target)
            if not target_name or target_name in SELF_SERVICE or "export" in target_name:
                continue
            if client.post(target, {}).status_code == 403:
                problems.append(f"{name} ({url}) shows a form for {target_name}, whose POST answers 403")
    return problems


def test_a_read_only_cadre_is_shown_no_action_form_nor_when_acting_elsewhere(crawled, reader, world):
    """Org A's pages crawled once as its admin, then read by the city's auditor: read-only, and again once the
    auditor also holds every console role on org B — no org-A action form, every org-A action page a 403."""
    assert action_page_mismatches(_client(reader), crawled) == []
    _grant_every_console_role(reader, world.org_b)
    assert action_page_mismatches(_client(reader), crawled) == []


# ---- action pages whose step the crawler's objects are not in ---------------------------------------------


def test_transfer_approve_in_page_is_403_to_whoever_may_not_approve_it(world, reader_acting_elsewhere):
    from gonghui.members.tests.test_joining_factories import make_transfer

    transfer = make_transfer(world.member_a, to_org=world.county_x, requested_by=world.org_member)
    client = _client(reader_acting_elsewhere)
    url = reverse("members:transfer_approve_in", args=[transfer.public_id])
    assert client.get(reverse("members:transfer_detail", args=[transfer.public_id])).status_code == 200
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403


@pytest.mark.parametrize("step", ["document_return", "document_withdraw"])
def test_document_reason_pages_are_403_to_whoever_may_not_take_the_step(world, reader_acting_elsewhere, step):
    from gonghui.documents.services import document_submit
    from gonghui.documents.tests.factories import make_draft, make_issued, officer

    county = officer("cx_officer", world.county_x)
    if step == "document_return":
        document = make_draft(world.county_x, county, main_to="甲县第一中学工会")
        document_submit(document=document, actor=county)  # 待核稿: 退回 is open to reviewers
    else:
        document = make_issued(world.county_x, county, main_to="甲县第一中学工会")  # 撤回 is open to managers
    client = _client(reader_acting_elsewhere)
    assert client.get(reverse("documents:document_detail", args=[document.public_id])).status_code == 200
    assert client.get(reverse(f"documents:{step}", args=[document.public_id])).status_code == 403
    # the issuing union's own officer still gets the page with its form
    page = _client(county).get(reverse(f"documents:{step}", args=[document.public_id]))
    assert page.status_code == 200
    assert "<form" in page.content.decode()


def test_submission_return_page_is_403_to_whoever_does_not_review_it(world, reader_acting_elsewhere):
    from conftest import make_cadre
    from gonghui.reports.models import ReportSubmission
    from gonghui.reports.tests.factories import make_task

    sender = make_cadre("cx_reports", world.county_x)
    task = make_task(org=world.county_x, actor=sender)
    submission = ReportSubmission.objects.get(task=task, org=world.org_a)
    client = _client(reader_acting_elsewhere)
    assert client.get(reverse("reports:submission_detail", args=[submission.public_id])).status_code == 200
    assert client.get(reverse("reports:submission_return", args=[submission.public_id])).status_code == 403
    assert (
        _client(sender).get(reverse("reports:submission_return", args=[submission.public_id])).status_code
        == 200
    )

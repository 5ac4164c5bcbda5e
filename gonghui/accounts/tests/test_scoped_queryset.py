"""The scoping queryset: `Model.objects.visible_to(user, action)` and `.get_visible_or_404(...)` — 404 outside the
user's scope, 403 in scope without the demanded action, shares OR-ed in by the model — and the rules that keep
every read going through them."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404
from treebeard.mp_tree import MP_NodeQuerySet

from conftest import make_cadre
from gonghui.accounts.roles import PORTAL
from gonghui.accounts.scoping import UNSCOPED_MODELS, OrgScoped, ScopedQuerySet, scope_org
from gonghui.legal.models import Lawyer
from gonghui.legal.tests.factories import make_lawyer
from gonghui.members.models import CorrectionRequest, Member
from gonghui.orgs.models import Org

ROOT = Path(__file__).resolve().parents[3]


# --- visible_to ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "sees_member_a"),
    [
        ("admin of the org sees its member", "org_admin", True),
        ("plain member does not read the roster", "org_member", False),
        ("admin of a sibling org does not see it", "outsider", False),
    ],
)
def test_visible_to_keeps_the_users_subtrees(request, world, _case, actor, sees_member_a):
    user = request.getfixturevalue(actor)
    visible = Member.objects.visible_to(user, "members.view")
    assert isinstance(visible, ScopedQuerySet)
    assert visible.filter(pk=world.member_a.pk).exists() is sees_member_a


def test_org_manager_keeps_treebeard(world):
    # Org's scoped queryset extends treebeard's: tree-aware delete and `path` ordering stay.
    visible = Org.objects.visible_to(world.org_admin, "orgs.view")
    assert isinstance(visible, MP_NodeQuerySet)
    assert list(visible) == [world.org_a]
    assert [o.code for o in Org.objects.visible_to(world.org_member, PORTAL)] == ["ORGA"]
    assert [o.code for o in Org.objects.get_root_nodes()] == ["CITY"]
    assert list(Org.objects.all().values_list("code", flat=True)) == ["CITY", "CX", "ORGA", "CY", "ORGB"]


def test_visible_to_ors_in_shares(world):
    # given a lawyer in 甲县教育工会's 律师库 (shared down to the unions below it)
    lawyer = make_lawyer(world.county_x, with_user=False)
    # then org A's admin (below) sees it, org B's admin (another county) does not
    assert Lawyer.objects.visible_to(world.org_admin, "legal.view").filter(pk=lawyer.pk).exists()
    assert not Lawyer.objects.visible_to(world.outsider, "legal.view").filter(pk=lawyer.pk).exists()


# --- get_visible_or_404 --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "actor", "seen_for", "outcome"),
    [
        ("admin of the org gets the org", "org_admin", "orgs.view", None),
        (
            "plain member sees the org (portal) but may not manage it: 403",
            "org_member",
            PORTAL,
            PermissionDenied,
        ),
        ("admin of a sibling org: 404", "outsider", "orgs.view", Http404),
    ],
)
def test_get_visible_or_404(request, world, _case, actor, seen_for, outcome):
    user = request.getfixturevalue(actor)

    def get() -> Org:
        return Org.objects.get_visible_or_404(user, seen_for, demand="orgs.manage", code="ORGA")

    if outcome is None:
        assert get() == world.org_a
    else:
        with pytest.raises(outcome):
            get()


def test_get_visible_or_404_missing_object_is_404(world):
    with pytest.raises(Http404):
        Member.objects.get_visible_or_404(world.org_admin, "members.view", pk=0)


def test_get_visible_or_404_without_demand_only_checks_visibility(world):
    assert (
        Member.objects.get_visible_or_404(world.org_admin, "members.view", pk=world.member_a.pk)
        == world.member_a
    )


def test_get_visible_or_404_shared_object_is_visible_but_demand_is_checked_on_its_org(world):
    # given a lawyer registered by 甲县教育工会, shared down to org A
    lawyer = make_lawyer(world.county_x, with_user=False)
    # then org A's admin reads it, but may not manage it: the registering union's org decides (403)
    assert Lawyer.objects.get_visible_or_404(world.org_admin, "legal.view", pk=lawyer.pk) == lawyer
    with pytest.raises(PermissionDenied):
        Lawyer.objects.get_visible_or_404(
            world.org_admin, "legal.view", demand="legal.manage_lawyers", pk=lawyer.pk
        )
    # and org B's admin, outside the share, gets 404
    with pytest.raises(Http404):
        Lawyer.objects.get_visible_or_404(
            world.outsider, "legal.view", demand="legal.manage_lawyers", pk=lawyer.pk
        )


def test_scope_org_follows_the_scope_path(world):
    assert scope_org(world.org_a, Org.scope_path) == world.org_a
    assert scope_org(world.member_a, Member.scope_path) == world.org_a
    correction = CorrectionRequest(member=world.member_a)
    assert CorrectionRequest.scope_path == "member__org__path"
    assert scope_org(correction, CorrectionRequest.scope_path) == world.org_a


# --- the rules -----------------------------------------------------------------------------


def _our_models() -> list[Any]:
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("gonghui.") and not m._meta.abstract and not m._meta.proxy
    ]


def test_every_model_is_scoped_or_on_the_allow_list():
    unscoped = {m._meta.label_lower for m in _our_models() if not issubclass(m, OrgScoped)}
    scoped = {m._meta.label_lower for m in _our_models() if issubclass(m, OrgScoped)}
    assert unscoped - set(UNSCOPED_MODELS) == set(), (
        "declare OrgScoped or add to accounts.scoping.UNSCOPED_MODELS"
    )
    assert set(UNSCOPED_MODELS) - unscoped == set(), "stale or scoped entries in UNSCOPED_MODELS"
    assert scoped, "no OrgScoped model found"
    for model in _our_models():
        if issubclass(model, OrgScoped):
            assert hasattr(model.objects, "visible_to"), model
            assert hasattr(model.objects, "get_visible_or_404"), model
            assert model.scope_path.endswith("path"), model


def _view_and_api_modules() -> list[Path]:
    app_root = ROOT / "gonghui"
    found = (
        set(app_root.glob("*/views*.py"))
        | set(app_root.glob("*/views/*.py"))
        | set(app_root.glob("*/api.py"))
    )
    found |= set(app_root.glob("*/api/*.py"))
    return sorted(found)


DIRECT_SCOPING = re.compile(r"\b(visible_q|scope_q)\(")


def test_no_view_or_api_module_combines_scoping_by_hand():
    modules = _view_and_api_modules()
    assert len(modules) > 10
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in modules
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if DIRECT_SCOPING.search(line)
    ]
    assert offenders == [], "use Model.objects.visible_to / get_visible_or_404 or a named selector"


def test_the_rule_catches_a_direct_call():
    assert DIRECT_SCOPING.search("qs = Member.objects.filter(Member.visible_q(request.user, VIEW))")
    assert DIRECT_SCOPING.search("Org.objects.filter(scope_q(user, HANDLE, path_field='path'))")
    assert not DIRECT_SCOPING.search("Member.objects.visible_to(request.user, VIEW)")


def test_get_visible_or_404_malformed_id_is_404(world):
    # a public_id that is not a UUID answers like one that does not exist
    with pytest.raises(Http404):
        Member.objects.get_visible_or_404(world.org_admin, "members.view", public_id="not-a-uuid")


def test_in_subtrees_leaves_out_the_shares(world):
    # given a lawyer registered by 甲县教育工会: shared down to org A, but not org A's own
    lawyer = make_lawyer(world.county_x, with_user=False)
    assert Lawyer.objects.visible_to(world.org_admin, "legal.view").filter(pk=lawyer.pk).exists()
    assert not Lawyer.objects.in_subtrees(world.org_admin, "legal.view").filter(pk=lawyer.pk).exists()
    county_admin = make_cadre("county_admin", world.county_x)
    assert Lawyer.objects.in_subtrees(county_admin, "legal.view").filter(pk=lawyer.pk).exists()

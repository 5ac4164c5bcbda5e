"""The exports are audited through `services.round_export` (three actors; the view answers no-store), a judge
still sees their closed rounds under 已结束 (read-only), and the organiser's pages stay within a bounded number of
queries however many judges and entries a round has."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_cadre
from gonghui.accounts.roles import JUDGE
from gonghui.core.choices import AuditAction
from gonghui.core.models import AuditLog
from gonghui.reviews.choices import ExportKind
from gonghui.reviews.selectors import judge_progress, round_judges
from gonghui.reviews.services import round_close, round_export, round_open

from .conftest import Setup
from .factories import make_entry, make_judge, make_round
from .test_exports import score

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", list(ExportKind))
def test_an_export_writes_an_audit_row(setup: Setup, kind: ExportKind) -> None:
    # when
    content = round_export(review_round=setup.review_round, actor=setup.organiser, kind=kind)

    # then
    assert content.startswith(b"PK")
    row = AuditLog.objects.get(action=AuditAction.EXPORT, object_id=str(setup.review_round.pk))
    assert row.actor == setup.organiser
    assert str(kind.label) in row.summary
    assert row.org_id == setup.review_round.org_id


def test_only_those_who_see_the_round_export_it(world) -> None:
    # given a round of org A: its admin exports, its plain member and org B's admin do not
    review_round = make_round(org=world.org_a, actor=world.org_admin)
    round_export(review_round=review_round, actor=world.org_admin, kind=ExportKind.RESULTS)

    # when / then
    for actor in (world.org_member, world.outsider):
        with pytest.raises(PermissionDenied):
            round_export(review_round=review_round, actor=actor, kind=ExportKind.SHEETS)
    assert AuditLog.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_the_export_buttons_answer_no_store_and_audit(client, world) -> None:
    # given
    review_round = make_round(org=world.org_a, actor=world.org_admin)
    client.force_login(world.org_admin)

    # when
    response = client.post(reverse("reviews:export_sheets", args=[review_round.pk]))

    # then
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert AuditLog.objects.filter(action=AuditAction.EXPORT, object_id=str(review_round.pk)).count() == 1
    client.force_login(world.outsider)
    assert client.post(reverse("reviews:export_results", args=[review_round.pk])).status_code == 404
    assert AuditLog.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_a_judge_sees_a_closed_round_under_已结束_read_only(client, setup: Setup) -> None:
    # given judge A submitted one sheet, then the round closed
    round_open(review_round=setup.review_round, actor=setup.organiser)
    score(setup.judge_a, setup.entry_x, "35", "50")
    round_close(review_round=setup.review_round, actor=setup.organiser)
    client.force_login(setup.judge_a.user)

    # when
    page = client.get(reverse("reviews:judge_list")).content.decode()
    round_page = client.get(reverse("reviews:judge_round", args=[setup.judge_a.pk])).content.decode()
    sheet_page = client.get(reverse("reviews:judge_sheet", args=[setup.judge_a.pk, setup.entry_x.pk]))

    # then
    assert "已结束" in page
    assert 'id="judge-closed-rounds"' in page
    assert "已提交 1 / 2" in page
    assert "评审已结束" in round_page
    assert reverse("reviews:judge_conflict", args=[setup.judge_a.pk, setup.entry_x.pk]) not in round_page
    assert sheet_page.status_code == 200
    assert 'name="step"' not in sheet_page.content.decode()
    conflict = client.get(reverse("reviews:judge_conflict", args=[setup.judge_a.pk, setup.entry_b.pk]))
    assert conflict.status_code == 403
    # another judge's closed round stays 404
    client.force_login(setup.judge_b.user)
    assert client.get(reverse("reviews:judge_round", args=[setup.judge_a.pk])).status_code == 404


def test_judge_progress_agrees_with_entries_for_judge(setup: Setup) -> None:
    # given judge A (own union: org A) scored entry X
    round_open(review_round=setup.review_round, actor=setup.organiser)
    score(setup.judge_a, setup.entry_x, "35", "50")

    # when
    progress = judge_progress(list(round_judges(setup.review_round)))

    # then
    assert (progress[setup.judge_a.pk].total, progress[setup.judge_a.pk].submitted) == (2, 1)
    assert (progress[setup.judge_b.pk].total, progress[setup.judge_b.pk].submitted) == (2, 0)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_round_pages_stay_within_a_bounded_number_of_queries(client, world) -> None:
    # given a draft round of org A with 2 judges and 2 entries, then 8 of each
    review_round = make_round(org=world.org_a, actor=world.org_admin)
    client.force_login(world.org_admin)

    def grow(to: int) -> None:
        for n in range(review_round.entries.count(), to):
            make_entry(
                review_round=review_round, entrant_org=world.county_x, actor=world.org_admin, title=f"成果{n}"
            )
            make_judge(
                review_round=review_round,
                user=make_cadre(f"judge_{n}", world.org_a, role=JUDGE),
                actor=world.org_admin,
            )

    urls = [reverse(f"reviews:{name}", args=[review_round.pk]) for name in ("round_detail", "round_results")]
    grow(2)
    small = [_queries(client, url) for url in urls]
    grow(8)

    # when
    large = [_queries(client, url) for url in urls]

    # then: at most one query more per judge (their member union), and under the demo pages' cap of 40
    assert large[0] <= small[0] + 6
    assert large[1] <= small[1]
    assert max(large) <= 40

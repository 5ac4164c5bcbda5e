"""报名数 on the contest page counts a group's live first-round entries, not the same people carried through every
round nor the withdrawn; any entry at all still keeps the group from being removed."""

from gonghui.contests.choices import EntryStatus
from gonghui.contests.selectors.contests import contest_groups

from .factories import make_contest, make_contest_entry, make_contest_round, make_group


def test_entered_count_is_the_live_first_round_entries(world):
    contest = make_contest(org=world.city, actor=world.org_admin)
    group = make_group(contest=contest)
    first, second = make_contest_round(contest=contest), make_contest_round(contest=contest, level=2)
    entry = make_contest_entry(
        contest_round=first,
        group=group,
        entrant_org=world.org_a,
        members=[world.member_a],
        actor=world.org_admin,
    )
    make_contest_entry(
        contest_round=first,
        group=group,
        entrant_org=world.org_a,
        members=[],
        actor=world.org_admin,
        status=EntryStatus.WITHDRAWN,
    )
    make_contest_entry(
        contest_round=second,
        group=group,
        entrant_org=world.org_a,
        members=[world.member_a],
        actor=world.org_admin,
        promoted_from=entry,
    )
    (row,) = contest_groups(contest)
    assert row.entered_count == 1  # type: ignore[attr-defined]  # annotated by contest_groups
    assert row.entry_count == 3  # type: ignore[attr-defined]

import datetime as dt

from gonghui.accounts.identity import decrypt_identifier
from gonghui.core.crawler import CrawlLookup, CrawlRoute, build_world, declare, declare_lookup
from gonghui.members.services import card_batch_create
from gonghui.members.tests.factories import valid_id_number

# The member registry: every route naming a member of org A (the 会籍 changes answer GET with their form).
for name in [
    "members:member_detail",
    "members:member_reveal",
    "members:member_activation_invite",
    "members:member_edit",
    "members:member_leave",
    "members:member_retire_keep",
    "members:member_death",
    "members:member_reinstate",
]:
    declare(CrawlRoute(name, params=lambda w: {"public_id": w.member_a.public_id}))


# ---- lookups by POST body: org B's admin types org A's member's identifiers ------------------------------------


def _member_a_data(w):
    """What a sibling union must not learn about member A: the name and the union holding them."""
    return [w.member_a.name, w.org_a.name]


def _enrol(w):
    """A complete 会员登记 form of org B, for a new person."""
    return {
        "name": "李芳",
        "id_type": "resident",
        "id_number": valid_id_number(4242, birth=dt.date(1990, 2, 3), male=False),
        "phone": "13912345678",
        "ethnicity": "01",
        "education": "21",
        "political_status": "13",
        "employment": "contract",
        "household_type": "urban",
        "joined_on": "2020-09-01",
        "org": str(w.org_b.pk),
    }


for field, value in (
    ("phone", lambda w: w.member_a.phone),
    ("id_number", lambda w: decrypt_identifier(w.member_a.id_number_encrypted)),
):
    declare_lookup(
        CrawlLookup("members:member_create", field=field, value=value, data=_enrol, secrets=_member_a_data)
    )
declare_lookup(
    CrawlLookup(
        "members:card_apply_bulk",
        field="members",
        value=lambda w: [str(w.member_a.public_id)],
        secrets=_member_a_data,
    )
)
declare_lookup(
    CrawlLookup(
        "members:card_collect_bulk",  # org A's application from crawl_cards.py
        field="applications",
        value=lambda w: [str(w.extra["card_application_a"].public_id)],
        secrets=_member_a_data,
        world=("member_cards",),
    )
)
declare_lookup(
    CrawlLookup(
        "api:members_verify",
        field="id_number",
        value=lambda w: decrypt_identifier(w.member_a.id_number_encrypted),
        data=lambda w: {"name": w.member_a.name},
        secrets=lambda w: [w.org_a.name, w.org_a.code],
    )
)


@build_world("members_lookups", kinds=("lookup",))
def _members_lookup_world(world):
    world.extra["card_batch_b"] = card_batch_create(org=world.org_b, actor=world.outsider)


declare_lookup(
    CrawlLookup(
        "members:card_batch_add",
        field="applications",
        value=lambda w: [str(w.extra["card_application_a"].public_id)],
        params=lambda w: {"public_id": w.extra["card_batch_b"].public_id},
        secrets=_member_a_data,
        world=("member_cards", "members_lookups"),
    )
)

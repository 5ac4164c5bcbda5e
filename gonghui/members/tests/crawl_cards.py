"""Crawler declarations for the member-card pages and the members API."""

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.members.services import card_apply, card_bank_template_default, card_batch_add, card_batch_create


@build_world("member_cards")
def _cards_world(world):
    # org A's member has applied and org A's admin has put the application into a draft batch
    application = card_apply(
        member=world.member_a, actor=world.org_admin, mailing_address="甲县第一中学工会办公室"
    )
    batch = card_batch_create(org=world.org_a, actor=world.org_admin)
    card_batch_add(batch=batch, applications=[application], actor=world.org_admin)
    world.extra["card_application_a"] = application
    world.extra["card_batch_a"] = batch
    world.extra["card_template"] = card_bank_template_default()
    world.extra.setdefault("markers", []).append(batch.number)


for name in [
    "members:card_application_detail",
    "members:card_application_edit",
    "members:card_application_collect",
    "members:card_application_report_lost",
    "members:card_application_reissue",
]:
    declare(CrawlRoute(name, params=lambda w: {"public_id": w.extra["card_application_a"].public_id}))

for name in [
    "members:card_batch_detail",
    "members:card_batch_add",
    "members:card_batch_send",
    "members:card_batch_export",
    "members:card_batch_import",
]:
    declare(CrawlRoute(name, params=lambda w: {"public_id": w.extra["card_batch_a"].public_id}))

declare(
    CrawlRoute(
        "members:card_batch_remove",
        params=lambda w: {
            "public_id": w.extra["card_batch_a"].public_id,
            "application_id": w.extra["card_application_a"].public_id,
        },
    )
)

for name in ["members:card_mine", "members:card_mine_edit", "members:card_mine_reissue"]:
    declare(CrawlRoute(name, kind="portal"))

_TEMPLATE_REASON = (
    "银行制卡模板是全平台的参考数据，不属于任何组织；只有系统管理员（members.card_template_manage）可以修改"
)
declare(CrawlRoute("members:card_template_create", kind="global", reason=_TEMPLATE_REASON))
for name in ["members:card_template_edit", "members:card_template_delete"]:
    declare(
        CrawlRoute(
            name,
            kind="global",
            params=lambda w: {"pk": w.extra["card_template"].pk},
            reason=_TEMPLATE_REASON,
        )
    )
declare(
    CrawlRoute(
        "api:members_me_card",
        kind="personal",
    )
)

"""Crawler declarations for 证书管理, the public check and 我的证书. Org A's and org B's admins are made
证书管理员 of their unions (besides 工会管理员) so the console pages are crawled with the action; org A's member
holds one certificate issued by org A."""

from gonghui.accounts.tests.factories import RoleGrantFactory
from gonghui.core.crawler import CrawlRoute, build_world, declare

from .factories import issue_certificate


@build_world("certificates")
def _certificates_world(world):
    RoleGrantFactory.create(user=world.org_admin, role="certificate_officer", org=world.org_a)
    RoleGrantFactory.create(user=world.outsider, role="certificate_officer", org=world.org_b)
    certificate = issue_certificate(issuer=world.org_a, holder=world.member_a, holder_name="甲证书持有人")
    world.extra["certificate_a"] = certificate
    world.extra.setdefault("markers", []).append("甲证书持有人")


def _certificate(w):
    return {"public_id": w.extra["certificate_a"].public_id}


for name in ("certificates:detail", "certificates:download", "certificates:revoke"):
    declare(CrawlRoute(name, params=_certificate))
declare(
    CrawlRoute(
        "certificates:job",
        kind="unfillable",
        reason="批量发证任务只在某类证书提供候选人时才有，由 test_views 覆盖三方权限",
    )
)
declare(
    CrawlRoute(
        "certificates:batch_issue",
        kind="unfillable",
        reason="批量发证页的参数是证书类别与其发证对象（各类别自定），由 test_views 覆盖三方权限",
    )
)
declare(
    CrawlRoute(
        "certificates:verify_form",
        kind="public",
        reason="证书查验表单：输入验证码后跳转到查验页，本身不读取任何证书",
    )
)
declare(
    CrawlRoute(
        "certificates:verify",
        kind="public",
        params=lambda w: {"code": w.extra["certificate_a"].code},
        reason="证书查验页：持验证码的任何人可核对证书（发证单位、脱敏姓名、事由、编号、日期、是否有效），不显示证件号码和手机号，按 IP 限频",
    )
)
# 我的证书: the member's own certificates, read through `request.member`
declare(CrawlRoute("portal:certificates", kind="portal"))
declare(CrawlRoute("portal:certificate", kind="portal", params=_certificate))

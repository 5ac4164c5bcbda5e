"""Registrations of 竞赛 — part `library`: the portal tile 竞赛成果, who may download an item's files, the job that
flushes the read counts kept in the cache, the API router (/api/v1/contests) and its token scope."""


def register() -> None:
    from gonghui.accounts.api_tokens import API_SCOPES
    from gonghui.attachments.policies import attachment_access
    from gonghui.core.registry import (
        ApiRouter,
        PortalTile,
        ScheduledJob,
        api_routers,
        portal_tiles,
        scheduled_jobs,
    )

    from ..jobs import library_reads_flush_job
    from ..selectors.library import library_item_may_download

    portal_tiles.register(
        "contests.library",
        PortalTile(
            key="contests.library",
            label="竞赛成果",
            url_name="contests_portal:library",
            icon="school",
            order=46,
            description="获奖课例、教案和技术成果，可搜索、下载和观看",
        ),
    )
    attachment_access.register("contests.libraryitem", library_item_may_download)
    scheduled_jobs.register(
        "contests.library_reads_flush",
        ScheduledJob(
            key="contests.library_reads_flush",
            label="竞赛成果阅读次数入库",
            func=library_reads_flush_job,
            order=87,
        ),
    )
    api_routers.register(
        "contests", ApiRouter(prefix="/contests", router="gonghui.contests.api:router", order=87)
    )
    API_SCOPES.setdefault("contests:read", "读取本人可报名的竞赛和可见竞赛的结果（姓名脱敏）")

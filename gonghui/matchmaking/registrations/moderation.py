"""Registrations of part moderation: the role 婚恋交友管理员 (`matchmaking_moderator`), granted on a union by its
admin, who handles reports about members of that subtree and sees only each reported profile."""


def register() -> None:
    """Called once from MatchmakingConfig.ready()."""
    from gonghui.accounts.roles import CONSOLE
    from gonghui.core.registry import Role, roles

    from ..permissions import MODERATE, MODERATOR_ROLE, STATS

    if MODERATOR_ROLE not in roles:
        roles.register(
            MODERATOR_ROLE,
            Role(
                code=MODERATOR_ROLE,
                label="婚恋交友管理员",
                actions=frozenset({CONSOLE, MODERATE, STATS}),
                order=97,
                description="处理婚恋交友的举报：只看被举报的那一份资料（每次查看记入审计），处理结果通知举报人",
            ),
        )

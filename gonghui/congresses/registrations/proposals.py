"""Registrations of part proposals: 提案: submit and second on the phone (我的办理, receipts), the 提案工作委员会's review (立案 / 不予立案 / 转为意见建议), 主办/协办 with a working-day deadline, replies, satisfaction, re-handling once, overdue escalation."""


def register() -> None:
    """Called once from the AppConfig's ready()."""

"""Selectors of part moderation: reports by members and their handling by the 婚恋交友管理员 (who sees only the reported profile, audited)."""

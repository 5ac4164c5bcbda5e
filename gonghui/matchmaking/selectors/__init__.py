"""Selectors of 婚恋交友, one module per part: profiles, browse, moderation, stats. Other apps read matchmaking only
through these modules (never its models)."""

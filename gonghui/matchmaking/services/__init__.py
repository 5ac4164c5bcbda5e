"""Services of 婚恋交友, one module per part: profiles, browse, moderation, stats."""

"""One module per part: profiles, browse, moderation, stats."""

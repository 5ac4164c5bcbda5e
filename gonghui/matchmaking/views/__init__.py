"""Views of 婚恋交友: console pages (`moderation.py`, `stats.py`) and the member's pages on the portal
(`portal_profiles.py`, `portal_browse.py`, `portal_moderation.py`)."""

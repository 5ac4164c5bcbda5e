"""Forms of part moderation."""

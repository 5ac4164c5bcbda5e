"""Turning validation errors into text, for interfaces and services alike."""

from django.core.exceptions import ValidationError


def validation_error_text(exc: ValidationError) -> str:
    """A ValidationError as one Chinese line (messages joined by "；"), for a flash message or a report row."""
    return "；".join(exc.messages)

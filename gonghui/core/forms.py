"""Form helpers shared by every app."""

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest


def posted_data(request: HttpRequest) -> Any:
    """The POST data for a POST (even an empty one, so the form reports its missing fields), None for a GET.
    `request.POST or None` would leave an empty POST unbound and silently ignored."""
    return request.POST if request.method == "POST" else None


def form_error_text(form: forms.BaseForm) -> str:
    """All of a form's errors as one line, for a flash message."""
    return "；".join(str(e) for errors in form.errors.values() for e in errors)


def apply_validation_error(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError onto the form: on the named field when the form has it,
    otherwise as a form-wide error, so the message always reaches the user."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target: Any = field if field in form.fields else None
            for error in errors:
                form.add_error(target if field != NON_FIELD_ERRORS else None, error)
    else:
        form.add_error(None, exc)

"""Form helpers shared by every app."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse


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


def form_perform(
    request: HttpRequest,
    form: forms.BaseForm,
    perform: Callable[[dict[str, Any]], Any],
    *,
    success: str | Callable[[Any], str],
    then: str | Callable[[Any], str],
) -> HttpResponse | None:
    """The POST half of an action page: with a valid form, run the service on its cleaned data; on success flash
    `success` and redirect to `then` (HX-Redirect for HTMX), on a rule error put it on the form. None means
    "render the form (again)". `success` and `then` may be functions of what `perform` returned (the object just
    created, say), for a message or a redirect that names it."""
    from django.contrib import messages

    from .htmx import htmx_redirect

    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = perform(form.cleaned_data)
    except ValidationError as exc:
        apply_validation_error(form, exc)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return htmx_redirect(request, then(result) if callable(then) else then)


def button_perform[T](
    request: HttpRequest,
    perform: Callable[[], T],
    *,
    success: str | Callable[[T], str],
    back: str,
    then: Callable[[T], str] | None = None,
    form: forms.BaseForm | None = None,
    error_prefix: str = "",
) -> HttpResponse:
    """The POST half of a button that has no page of its own (a form page uses `core.forms.form_perform`): with
    `form` (fields posted from another page) an invalid form is flashed as an error; otherwise run the service,
    flash `success` and go to `then` (a function of what the service returned) or `back`; a rule error is
    flashed (after `error_prefix`) and goes `back`, the page the button is on."""
    from django.contrib import messages

    from .errors import validation_error_text
    from .htmx import htmx_redirect

    if form is not None and not form.is_valid():
        messages.error(request, error_prefix + form_error_text(form))
        return htmx_redirect(request, back)
    try:
        result = perform()
    except ValidationError as exc:
        messages.error(request, error_prefix + validation_error_text(exc))
        return htmx_redirect(request, back)
    messages.success(request, success(result) if callable(success) else success)
    return htmx_redirect(request, then(result) if then is not None else back)

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest
from django.http.response import HttpResponseBase
from django.utils.csp import CSP, build_policy
from django.views.decorators.http import require_safe

from gonghui.core.downloads import content_disposition
from gonghui.core.pdf import PDF_CSP

from .policies import INLINE_TYPES
from .selectors import attachment_get_for_user, media_get_for_user, viewable_get_for_user
from .streaming import media_response


@login_required
def attachment_download(request: HttpRequest, public_id: str) -> FileResponse:
    attachment = attachment_get_for_user(user=request.user, public_id=public_id)
    response = FileResponse(attachment.file.open("rb"), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition(attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@login_required
def attachment_stream(request: HttpRequest, public_id: str) -> HttpResponseBase:
    """A video or audio file played in the page (`<video src=…>`): inline, with HTTP Range, after the same check."""
    return media_response(request, media_get_for_user(user=request.user, public_id=public_id))


@require_safe
@login_required
def attachment_view(request: HttpRequest, public_id: str) -> FileResponse:
    """A PDF or picture opened in the browser (查看, e.g. on a phone), after the same check as the download: served
    as its own type, inline; a PDF gets the PDF policy so the browser's viewer may run."""
    attachment = viewable_get_for_user(user=request.user, public_id=public_id)
    response = FileResponse(attachment.file.open("rb"), content_type=INLINE_TYPES[attachment.extension])
    response["Content-Disposition"] = content_disposition(attachment.original_name, inline=True)
    response["X-Content-Type-Options"] = "nosniff"
    if attachment.extension == "pdf":
        response[str(CSP.HEADER_ENFORCE)] = build_policy(PDF_CSP)
    return response

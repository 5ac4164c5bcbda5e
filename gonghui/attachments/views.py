from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest

from gonghui.core.downloads import content_disposition

from .selectors import attachment_get_for_user


@login_required
def attachment_download(request: HttpRequest, public_id: str) -> FileResponse:
    attachment = attachment_get_for_user(user=request.user, public_id=public_id)
    response = FileResponse(attachment.file.open("rb"), content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition(attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response

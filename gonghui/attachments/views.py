from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest

from .selectors import attachment_get_for_user


@login_required
def attachment_download(request: HttpRequest, public_id: str) -> FileResponse:
    attachment = attachment_get_for_user(user=request.user, public_id=public_id)
    response = FileResponse(attachment.file.open("rb"), content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(attachment.original_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response

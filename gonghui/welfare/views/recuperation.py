"""疗休养 programmes, batches, places (part `recuperation`). STUB: the part's helper replaces these views."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise Http404


programme_list = _todo
programme_create = _todo
programme_detail = _todo
programme_edit = _todo
programme_allocate = _todo
place_nominate = _todo
programme_report = _todo
batch_create = _todo
batch_detail = _todo
batch_edit = _todo
batch_roster = _todo
place_cancel = _todo
place_substitute = _todo

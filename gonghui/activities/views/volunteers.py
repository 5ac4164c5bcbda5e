"""Console views of part volunteers — volunteer service: teams, volunteers, projects, service records with hours, 公示, 证明, training and awards, yearly totals, export."""

from django.http import Http404, HttpRequest, HttpResponse


def team_list(request: HttpRequest) -> HttpResponse:
    """Stub until the part is built."""
    raise Http404

"""What every list page shares: pagination and CSV export."""

import csv
from collections.abc import Iterable, Sequence

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, StreamingHttpResponse

PAGE_SIZE = 25


def paginate(request: HttpRequest, queryset, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """UTF-8 with a BOM, so spreadsheet programs read accents correctly; streamed, whatever the size."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow(["" if value is None else value for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def query_without_page(request: HttpRequest) -> str:
    """The current query string without the page number, for links that keep the filters."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()

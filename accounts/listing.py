"""What every list page shares: pagination and CSV export.

Every CSV export goes through `csv_response`, so the defence against formula injection lives here once:
a text cell that a spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage
return) gets a leading apostrophe, as OWASP recommends, and `csv_cell_unguard` takes it off again when a
file is imported. Numbers (int, Decimal, float) are written as they are: -12.50 stays a number, and a
number cannot carry a formula. Text holding a separator (",", ";", tab) or a quote is quoted, so a
spreadsheet that splits on ";" (Excel in French) cannot start a new cell with the rest of it.
"""

from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, StreamingHttpResponse

PAGE_SIZE = 25
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"
_NEEDS_QUOTES = frozenset(',";\t\r\n')


def paginate(request: HttpRequest, queryset, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def _formula_like(text: str) -> bool:
    # Apostrophes in front are skipped, so that a text that really starts with "'=" is guarded too
    # and the import gives it back unchanged: guard and unguard are exact inverses.
    return text.lstrip(GUARD).startswith(FORMULA_STARTS)


def csv_cell_guard(value) -> str:
    """One cell as a spreadsheet must read it: a number as it is, a text never as a formula."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return str(value)
    text = str(value)
    return GUARD + text if _formula_like(text) else text


def csv_cell_unguard(text: str) -> str:
    """The text a guarded cell stood for: what `csv_cell_guard` added, and only that, is taken off."""
    if text.startswith(GUARD) and _formula_like(text[1:]):
        return text[1:]
    return text


def csv_line(cells: Iterable) -> str:
    """One CSV line (RFC 4180, CRLF), every cell guarded, quoted when it holds a separator or a quote."""
    fields = []
    for cell in cells:
        text = csv_cell_guard(cell)
        if _NEEDS_QUOTES.intersection(text) or text != text.strip():
            text = '"' + text.replace('"', '""') + '"'
        fields.append(text)
    return ",".join(fields) + "\r\n"


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """UTF-8 with a BOM, so spreadsheet programs read accents correctly; streamed, whatever the size.

    `no-store`: an export holds the user's clients and invoices; no browser or proxy cache may keep a copy.
    """

    def lines():
        yield "\ufeff" + csv_line(header)
        for row in rows:
            yield csv_line(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def query_without_page(request: HttpRequest) -> str:
    """The current query string without the page number, for links that keep the filters."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()

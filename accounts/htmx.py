"""htmx, the same way on every page: when to answer a fragment, and never let a cache mix the two answers."""

from django.http import HttpRequest
from django.utils.cache import patch_vary_headers


def partial_requested(request: HttpRequest) -> bool:
    """A fragment only for htmx's own swaps: a boosted link or a history restore gets the whole page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


class VaryOnHtmxMiddleware:
    """Every response says it depends on HX-Request, so Back never shows a cached fragment as a page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        return response

"""Who is asking, on the network: the visitor's address, read the same way by every part that counts requests."""

from django.conf import settings
from django.http import HttpRequest
from python_ipware import IpWare

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"


def client_address(request: HttpRequest) -> str:
    """The visitor's address. Behind the proxies listed in `settings.TRUSTED_PROXIES` (outermost first), the one
    the outermost proxy saw, read from X-Forwarded-For by python-ipware; otherwise the connection's own address.

    The connection's address ends the chain that is checked, so a visitor who reaches the server directly, or
    who writes their own X-Forwarded-For, is known by the address they really come from.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = list(settings.TRUSTED_PROXIES)
    if not proxies or not remote:
        return remote
    forwarded = request.META.get(FORWARDED_FOR, "")
    chain = f"{forwarded}, {remote}" if forwarded else remote
    found, through_proxies = IpWare(precedence=(FORWARDED_FOR,), proxy_list=proxies).get_client_ip(
        {FORWARDED_FOR: chain}, strict=False
    )
    return str(found) if found is not None and through_proxies else remote

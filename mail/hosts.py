"""Which mail servers a user may point Tact at, and the addresses to connect to.

On a hosted install a mail host is the one thing a user makes the server connect to: a host that resolves to
loopback, a private network or a link-local address (169.254.169.254, the cloud's metadata service) would let
them probe the inside. Such hosts are refused unless settings.MAIL_ALLOW_PRIVATE_HOSTS (a self-hosted user
points at their own server; the tests run a local one). The addresses checked are the ones connected to, so a
name that resolves differently a second later (DNS rebinding) gains nothing.
"""

from __future__ import annotations

import ipaddress
import socket

from django.conf import settings
from django.utils.translation import gettext as _


class HostRefused(ValueError):
    """The host resolves to an address Tact does not connect to; the message says why, for the user."""


def _is_internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def resolve(host: str, port: int = 0) -> list[str]:
    """Every address of `host` (socket.gaierror when the name cannot be found), in the resolver's order."""
    host = (host or "").strip()
    if not host:
        raise socket.gaierror(socket.EAI_NONAME, "empty host name")
    try:
        infos = socket.getaddrinfo(host, port or None, type=socket.SOCK_STREAM)
    except (UnicodeError, ValueError) as error:  # a label too long for IDNA, a NUL: no such name either
        raise socket.gaierror(socket.EAI_NONAME, str(error)) from error
    return list(dict.fromkeys(info[4][0] for info in infos))


def all_internal(addresses: list[str]) -> bool:
    """True when every address is on this machine or a private network (a server only the site can reach)."""
    return bool(addresses) and all(_is_internal(ipaddress.ip_address(a.split("%")[0])) for a in addresses)


def check_public_host(host: str, port: int = 0) -> list[str]:
    """The addresses Tact may connect to for `host`; HostRefused if any is internal and the site forbids it.

    Every address must be public, not only the first: a name with one public and one private address would
    otherwise reach the private one when the public one fails.
    """
    addresses = resolve(host, port)
    if getattr(settings, "MAIL_ALLOW_PRIVATE_HOSTS", False):
        return addresses
    for address in addresses:
        if _is_internal(ipaddress.ip_address(address.split("%")[0])):
            raise HostRefused(
                _(
                    "%(host)s points to a private or local address (%(address)s): this site does not connect "
                    "to those. Use your mail provider's public server name."
                )
                % {"host": host, "address": address}
            )
    return addresses

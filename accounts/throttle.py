"""Limits on what a password guesser or a mail bomber could repeat, shared by the views that check passwords.

Counted in the cache (Redis in production, so every worker shares the counts) by django-ratelimit.
A wrong password costs one attempt; at the limit the session ends, as axes ends a login guesser's tries.
"""

from django_ratelimit.core import is_ratelimited

# django-ratelimit limits once the count passes the rate: the fifth wrong password ends the session.
PASSWORD_CHECK = {"group": "password-check", "key": "user", "rate": "4/15m"}
RESET_BY_ADDRESS = {"group": "password-reset-address", "key": "ip", "rate": "5/h"}
RESET_BY_EMAIL = {"group": "password-reset-email", "key": "post:email", "rate": "3/h"}


def password_checks_exhausted(request) -> bool:
    """True once this user typed a wrong password too many times (changing it, deleting the account)."""
    return is_ratelimited(request, **PASSWORD_CHECK, increment=False)


def password_check_failed(request) -> None:
    is_ratelimited(request, **PASSWORD_CHECK, increment=True)


def reset_requests_exhausted(request) -> bool:
    """Counts this request: too many reset emails asked from this address or for this email."""
    by_address = is_ratelimited(request, **RESET_BY_ADDRESS, increment=True)
    by_email = is_ratelimited(request, **RESET_BY_EMAIL, increment=True)
    return by_address or by_email

"""Cached fragments of an owner's pages, keyed by a per-owner version that every write moves on.

A fragment's key starts with the owner's id, then holds the owner's current version, the language, the day
(in the active time zone), the code's edition and the fragment's own arguments: one user can never be
served another's fragment, a page in French never gets an English one, a figure that depends on today is
computed again tomorrow, and a deploy serves no fragment of the code before. Nothing is ever deleted:
moving the version on makes every older fragment unreachable, and they expire on their own
(FRAGMENT_SECONDS, which also bounds the life of any write nobody announced).

What moves the version on, once the write is committed (a page read before the commit saw the old rows):
- OwnerCacheVersionMiddleware (accounts.middleware): any request of a logged-in user with a method that may
  write (POST, PUT, PATCH, DELETE) that reached a view, whatever it answered, once the view has returned;
- every save() of an owned row or of a profile (the receiver below), at once and again at the commit: a
  service called from a command, a test, the admin or the public intake form;
- every write of owned rows without a save() of each: OwnedQuerySet's update(), delete(), bulk_create() and
  bulk_update(), an owned row's delete() (they send owned_rows_written, accounts/models.py) and a change of an
  owned row's many-to-many links (m2m_changed), whoever calls them: a service, a sweep, the mail import;
- what writes around the owned querysets (a restore's raw rows, an account deleted) calls bump_owner_version
  itself. No post_delete receiver: one would take Django's fast path away from every bulk delete.

Fragments are only read and written on GET and HEAD: a request that writes renders everything afresh.

A fragment that says how long ago something happened ("3 minutes ago") would go on saying it after the minute:
while a fragment is computed, every such text reports when it will read differently (fragment_valid_until), and
the fragment is kept until the earliest of those moments only. An outer fragment keeps the inner ones' limit.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from datetime import datetime
from functools import cache as cache_for_process
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, cache, caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject, empty

from .models import OwnedModel, Profile, owned_rows_written

FRAGMENT_SECONDS = 15 * 60
READ_METHODS = frozenset({"GET", "HEAD"})
_VERSION_KEY = "owner-version:{}"
_REQUEST_ATTRIBUTE = "_owner_cache_version"


def version_cache() -> BaseCache:
    """Where the versions are: the default cache (Redis), or without Redis files that the web server and the
    worker share (config/settings: each process has its own memory)."""
    return caches["owner_versions" if "owner_versions" in settings.CACHES else "default"]


def _new_version() -> str:
    """Random, not a counter: a version lost from the cache (evicted, Redis restarted) is never reused."""
    return secrets.token_hex(6)


# Owners whose version this process moved on and nobody here has read since: a run of saves in one
# transaction then writes the version once, not once per row (without Redis, each write is a file).
_unread_bumps: set[int] = set()


def owner_version(owner_id: int) -> str:
    """The owner's current version (a new one when the cache has none)."""
    _unread_bumps.discard(owner_id)
    key, versions = _VERSION_KEY.format(owner_id), version_cache()
    version = versions.get(key)
    if version is None:
        version = _new_version()
        if not versions.add(key, version, timeout=None):  # another request made one first: use theirs
            version = versions.get(key) or version
    return version


def bump_owner_version(owner_id: int) -> None:
    """Every fragment cached for this owner is out of date from now on."""
    version_cache().set(_VERSION_KEY.format(owner_id), _new_version(), timeout=None)
    _unread_bumps.add(owner_id)


def bump_owner_version_after_write(owner_id: int) -> None:
    """Move the version on now, and again once the current transaction commits.

    Now: what this transaction reads next (a test's next page, whose transaction never commits) is read
    afresh; saves in a row with no read in between move it once. Again at the commit: a page read elsewhere
    in between still saw the old rows, and may have cached them under the version of now; a run of saves for
    one owner queues one bump for the commit. Outside a transaction the row is committed already: at once.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        bump_owner_version(owner_id)
        return
    if owner_id not in _unread_bumps:
        bump_owner_version(owner_id)
    queued = connection.run_on_commit  # Django's list of (savepoint ids, callback, robust)
    if queued:
        last = queued[-1][1]
        if getattr(last, "func", None) is bump_owner_version and last.args == (owner_id,):
            return
    transaction.on_commit(partial(bump_owner_version, owner_id))


@receiver(post_save, dispatch_uid="accounts.cache.owned_row_saved")
def _owned_row_saved(sender, instance, **kwargs) -> None:
    if isinstance(instance, OwnedModel):
        bump_owner_version_after_write(instance.owner_id)
    elif isinstance(instance, Profile):
        bump_owner_version_after_write(instance.user_id)


@receiver(m2m_changed, dispatch_uid="accounts.cache.owned_links_changed")
def _owned_links_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_") and isinstance(instance, OwnedModel):
        bump_owner_version_after_write(instance.owner_id)


@receiver(owned_rows_written, dispatch_uid="accounts.cache.owned_rows_written")
def _owned_rows_written(sender, owner_ids, **kwargs) -> None:
    for owner_id in owner_ids:
        bump_owner_version_after_write(owner_id)


# --- Reading fragments, for a request ------------------------------------------------------------


def request_owner_version(request: HttpRequest) -> str | None:
    """The version this request's fragments use, read once per request; None when nothing may be cached."""
    if request.method not in READ_METHODS or not request.user.is_authenticated:
        return None
    version = getattr(request, _REQUEST_ATTRIBUTE, None)
    if version is None:
        version = owner_version(request.user.pk)
        setattr(request, _REQUEST_ATTRIBUTE, version)
    return version


SKIPPED = {"var", "tests", "benchmarks", "static", "node_modules", "__pycache__"}  # by code_edition


@cache_for_process
def code_edition() -> str:
    """A digest of the code, templates and translations this process runs (their paths, sizes and times):
    after a deploy, no fragment rendered by the code before is served, even from Redis."""
    digest = hashlib.md5(usedforsecurity=False)
    for folder, subfolders, files in os.walk(settings.BASE_DIR):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith(".") and name not in SKIPPED)
        for name in sorted(files):
            if name.endswith((".py", ".html", ".mo")):
                found = os.stat(os.path.join(folder, name))
                digest.update(f"{folder}/{name}:{found.st_size}:{found.st_mtime_ns}".encode())
    return digest.hexdigest()[:8]


def fragment_key(request: HttpRequest, name: str, *args: Any) -> str | None:
    """`owner:<id>:<version>:<language>:<today>:<name>:<digest of the code, time zone and args>`, or None."""
    version = request_owner_version(request)
    if version is None:
        return None
    arguments = "\x1f".join([code_edition(), timezone.get_current_timezone_name(), *(str(arg) for arg in args)])
    digest = hashlib.md5(arguments.encode(), usedforsecurity=False).hexdigest()
    language = translation.get_language() or ""
    return f"owner:{request.user.pk}:{version}:{language}:{timezone.localdate().isoformat()}:{name}:{digest}"


# While fragments are being computed, the earliest moment each will read differently (innermost last).
_fragments_computed: ContextVar[tuple[list[datetime], ...]] = ContextVar("fragments_computed", default=())


def fragment_valid_until(moment: datetime) -> None:
    """What is being rendered reads differently from `moment` on: no fragment holding it is served after."""
    for limits in _fragments_computed.get():
        limits.append(moment)


def owner_cached(request: HttpRequest, name: str, args: tuple, compute: Callable[[], Any]) -> Any:
    """compute(), or what it gave for the same owner, version, language, day and args (while still true)."""
    key = fragment_key(request, name, *args)
    if key is None:
        return compute()
    cached = cache.get(key)
    if cached is not None:
        value, valid_until = cached
        if valid_until is None or timezone.now() < valid_until:
            if valid_until is not None:
                fragment_valid_until(valid_until)
            return value
    limits: list[datetime] = []
    token = _fragments_computed.set((*_fragments_computed.get(), limits))
    try:
        value = compute()
    finally:
        _fragments_computed.reset(token)
    valid_until = min(limits, default=None)
    seconds = FRAGMENT_SECONDS if valid_until is None else (valid_until - timezone.now()).total_seconds()
    if seconds >= 1:
        cache.set(key, (value, valid_until), min(seconds, FRAGMENT_SECONDS))
    if valid_until is not None:
        fragment_valid_until(valid_until)
    return value


class OnDemand(SimpleLazyObject):
    """A value computed the first time it is read, then kept: inside a cached fragment that the cache answers,
    it is never computed at all. Templates call it (so `{% if value is None %}` sees the value itself); Python
    code reads it like the value (equality, iteration, indexing, attributes).

    A value that holds true only until some moment (it reported fragment_valid_until while computed) reports
    that moment again each time a template reads it: every fragment showing it expires then, not only the one
    that happened to compute it first."""

    def __init__(self, func):
        super().__init__(func)
        self.__dict__["_valid_until"] = None

    def _setup(self) -> None:
        limits: list[datetime] = []
        token = _fragments_computed.set((*_fragments_computed.get(), limits))
        try:
            super()._setup()
        finally:
            _fragments_computed.reset(token)
        self.__dict__["_valid_until"] = min(limits, default=None)

    def __call__(self) -> Any:
        if self._wrapped is empty:
            self._setup()
        if self._valid_until is not None:
            fragment_valid_until(self._valid_until)
        return self._wrapped


def on_demand(names: Iterable[str], compute: Callable[[], dict]) -> dict[str, OnDemand]:
    """One OnDemand per name, all read from a single compute() that returns them in a dict (a name it leaves out
    reads None): the values a cached fragment shows, computed once, and only when the cache does not answer."""
    computed = OnDemand(compute)
    return {name: OnDemand(lambda name=name: computed().get(name)) for name in names}

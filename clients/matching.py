"""Who is asking? Find existing clients that match a name, company, email, phone or SIREN/SIRET.

A match is a hint, not a verdict: the user sees why each client matched. Rules:
same email; same email domain unless it is a public webmail (gmail.com, orange.fr...);
same company name ignoring case, accents and legal forms; same phone digits; same SIREN
(a SIRET's first nine digits); same person's name. Archived clients match too: history counts.
"""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import keys
from .models import Client, RiskLevel
from .selectors import client_list


class MatchReason(models.TextChoices):
    EMAIL = "email", _("Same email address")
    EMAIL_DOMAIN = "email_domain", _("Same email domain")
    COMPANY = "company", _("Same company name")
    PHONE = "phone", _("Same phone number")
    COMPANY_NUMBER = "company_number", _("Same SIREN")
    NAME = "name", _("Same name")


@dataclass(frozen=True)
class ClientMatch:
    client: Client
    reasons: tuple[MatchReason, ...]

    @property
    def reason_labels(self) -> list[str]:
        return [reason.label for reason in self.reasons]


@dataclass(frozen=True)
class MatchReport:
    matches: list[ClientMatch] = field(default_factory=list)

    @property
    def blacklisted(self) -> list[Client]:
        return [m.client for m in self.matches if m.client.is_blacklisted]

    @property
    def high_risk(self) -> list[Client]:
        return [m.client for m in self.matches if m.client.risk_level == RiskLevel.HIGH]

    def __bool__(self) -> bool:
        return bool(self.matches)


@dataclass(frozen=True)
class _Probe:
    email: str
    domain: str
    company: str
    phone: str
    siren: str
    name: str

    @classmethod
    def of(cls, *, name="", company="", email="", phone="", company_number="") -> "_Probe":
        email = (email or "").strip().lower()
        domain = keys.email_domain(email)
        return cls(
            email=email if domain else "",
            domain="" if not domain or keys.is_webmail(domain) else domain,
            company=keys.company_key(company),
            phone=keys.phone_key(phone),
            siren=keys.siren_of(company_number),
            name=keys.name_key(name),
        )

    def query(self) -> Q | None:
        conditions = []
        if self.email:
            conditions.append(Q(email__iexact=self.email))
        if self.domain:
            conditions.append(Q(email__iendswith="@" + self.domain))
        if self.company:
            conditions.append(Q(company_key=self.company))
        if self.phone:
            conditions.append(Q(phone_key=self.phone))
        if self.siren:
            conditions.append(Q(company_number__startswith=self.siren))
        if self.name and " " in self.name:  # a first name alone matches too many people
            conditions.append(Q(name_key=self.name))
        if not conditions:
            return None
        query = conditions[0]
        for condition in conditions[1:]:
            query |= condition
        return query

    def reasons(self, client: Client) -> tuple[MatchReason, ...]:
        found = []
        client_email = client.email.strip().lower()
        if self.email and client_email == self.email:
            found.append(MatchReason.EMAIL)
        elif self.domain and keys.email_domain(client_email) == self.domain:
            found.append(MatchReason.EMAIL_DOMAIN)
        if self.company and client.company_key == self.company:
            found.append(MatchReason.COMPANY)
        if self.phone and client.phone_key == self.phone:
            found.append(MatchReason.PHONE)
        if self.siren and keys.siren_of(client.company_number) == self.siren:
            found.append(MatchReason.COMPANY_NUMBER)
        if self.name and " " in self.name and client.name_key == self.name:
            found.append(MatchReason.NAME)
        return tuple(found)


STRONG_REASONS = (MatchReason.EMAIL, MatchReason.COMPANY_NUMBER, MatchReason.PHONE)


def client_find_matches(
    *,
    owner,
    name: str = "",
    company: str = "",
    email: str = "",
    phone: str = "",
    company_number: str = "",
    exclude_client_id: int | None = None,
) -> MatchReport:
    """Existing clients of this owner that may be the person asking, strongest matches first; one query."""
    probe = _Probe.of(name=name, company=company, email=email, phone=phone, company_number=company_number)
    query = probe.query()
    if query is None:
        return MatchReport()
    candidates = client_list(owner=owner, include_archived=True).filter(query)
    if exclude_client_id:
        candidates = candidates.exclude(pk=exclude_client_id)
    matches = []
    for client in candidates.order_by("name_key", "id")[:50]:
        reasons = probe.reasons(client)
        if reasons:
            matches.append(ClientMatch(client=client, reasons=reasons))
    matches.sort(
        key=lambda m: (-sum(r in STRONG_REASONS for r in m.reasons), -len(m.reasons), -m.client.is_blacklisted)
    )
    return MatchReport(matches)

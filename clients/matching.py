"""Who is asking? Find existing clients that match a name, company, email, phone or SIREN/SIRET.

FIRST VERSION (issue #2): exact email only. Issue #3 completes the rules (email domain except
webmail, normalised company name, phone digits, SIREN/SIRET).
"""

from dataclasses import dataclass, field

from .models import Client, RiskLevel
from .selectors import client_list


@dataclass(frozen=True)
class ClientMatch:
    client: Client
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class MatchReport:
    matches: list[ClientMatch] = field(default_factory=list)

    @property
    def blacklisted(self) -> list[Client]:
        return [m.client for m in self.matches if m.client.is_blacklisted]

    @property
    def high_risk(self) -> list[Client]:
        return [m.client for m in self.matches if m.client.risk_level == RiskLevel.HIGH]


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
    if not email:
        return MatchReport()
    candidates = client_list(owner=owner, include_archived=True).filter(email__iexact=email.strip())
    if exclude_client_id:
        candidates = candidates.exclude(pk=exclude_client_id)
    return MatchReport([ClientMatch(client=c, reasons=("email",)) for c in candidates])

"""Demo data: the profile, tags, skills, colleagues and clients (bilingual, some with SIREN/SIRET)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from clients.models import (
    AddressForm,
    Client,
    Tag,
)
from projects.models import (
    Skill,
)
from referrals.models import Colleague

from . import people, samples
from .base import Planner


class ContactsPlanner(Planner):
    """Who the freelancer works with, and how they work."""

    def plan_profile(self) -> None:
        profile = self.profile
        profile.language = "fr"
        profile.currency = "EUR"
        profile.minimum_hourly_rate = Decimal("55.00")
        profile.target_hourly_rate = Decimal("75.00")
        profile.hours_per_day = Decimal("7.00")
        week = ("7", "7", "7", "7", "5", "0", "0")
        for name, hours in zip(profile.WEEKDAY_FIELDS, week, strict=True):
            setattr(profile, name, Decimal(hours))
        profile.signature = samples.SIGNATURE
        profile.signature_en = samples.SIGNATURE_EN
        profile.untriaged_reminder_hours = 24
        profile.ghosting_reminder_days = 7

    def plan_tags_and_skills(self) -> None:
        since = self.moment(self.first_day - timedelta(days=30))
        self.tags = [self.stamp(Tag(owner=self.owner, name=name), since) for name in samples.TAGS]
        for name in samples.OWN_SKILLS + samples.OTHER_SKILLS:
            # My own skills are offered: triage calls a request needing any other "outside my skills".
            skill = Skill(owner=self.owner, name=name, offered=name in samples.OWN_SKILLS)
            self.skills[name] = self.stamp(skill, since)

    def plan_colleagues(self) -> None:
        rng = self.rng
        for _ in range(self.n(20)):
            language = "fr" if self.chance(0.8) else "en"
            person = people.unique_person(rng, language, self.used_names)
            domain = people.company_domain(person.name, language) if self.chance(0.6) else None
            colleague = Colleague(
                owner=self.owner,
                name=person.name,
                email=people.email_address(rng, person, domain) if domain else people.webmail_address(rng, person),
                phone=people.phone_number(rng, language) if self.chance(0.7) else "",
                website=f"https://{domain}" if domain else "",
                speaks_french=language == "fr" or self.chance(0.3),
                speaks_english=language == "en" or self.chance(0.45),
                notes=rng.choice(samples.COLLEAGUE_NOTES),
                trusted=self.chance(0.9),
            )
            if self.chance(0.15):
                colleague.busy_until = self.today + timedelta(days=rng.randint(10, 90))
            self.stamp(colleague, self.moment(self.days_ago(365 * self.scale, 365 * self.scale + 400)))
            self.colleagues.append(colleague)
            names = rng.sample(samples.OTHER_SKILLS, rng.randint(1, 3))
            if self.chance(0.3):
                names.append(rng.choice(samples.OWN_SKILLS))  # a peer who can take work when I am full
            self.colleague_skills += [(colleague, self.skills[name]) for name in names]

    def plan_clients(self) -> None:
        rng = self.rng
        for _ in range(self.n(40)):
            language = "fr" if self.chance(0.8) else "en"
            person = people.unique_person(rng, language, self.used_names)
            company = people.company_name(rng, language) if self.chance(0.7) else ""
            domain = people.company_domain(company, language) if company else ""
            on_webmail = not domain or self.chance(0.2)
            number = ""
            if company and language == "fr" and self.chance(0.6):
                number = people.siret(rng) if self.chance(0.5) else people.siren(rng)
            address_form = AddressForm.TU if language == "fr" and self.chance(0.25) else AddressForm.VOUS
            client = Client(
                owner=self.owner,
                name=person.name,
                # A first name where a first name is the custom (tu, English); "Bonjour," alone otherwise.
                greeting=person.first_name if language == "en" or address_form == AddressForm.TU else "",
                company=company,
                email=people.webmail_address(rng, person) if on_webmail else people.email_address(rng, person, domain),
                phone=people.phone_number(rng, language) if self.chance(0.8) else "",
                website=f"https://www.{domain}" if domain and self.chance(0.6) else "",
                company_number=number,
                language=language,
                address_form=address_form,
                notes=rng.choice(samples.CLIENT_NOTES[language]) if self.chance(0.35) else "",
            )
            self.clients.append(client)
            picked = rng.sample(self.tags[:6] + self.tags[7:], rng.choice((0, 0, 1, 1, 2)))
            if language == "en":
                picked.append(self.tags[6])  # "UK"
            self.client_tags += [(client, tag) for tag in picked]

    def pick_colleague(self, language: str, skill_names: list[str] | None = None) -> Colleague:
        speaking = [
            c for c in self.colleagues if (c.speaks_french if language == "fr" else c.speaks_english)
        ] or self.colleagues
        if skill_names:
            skilled = {id(c) for c, skill in self.colleague_skills if skill.name in skill_names}
            matching = [c for c in speaking if id(c) in skilled]
            if matching:
                return self.rng.choice(matching)
        return self.rng.choice(speaking)

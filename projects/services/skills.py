"""The skills a request needs, a colleague has and I offer: one list per owner, matched without regard to case."""

from collections.abc import Iterable

from django.db import transaction

from ..models import Skill


def skill_get_or_create_many(*, owner, names: Iterable[str]) -> list[Skill]:
    """The owner's skills with these names, matched without regard to case; missing ones are created."""
    wanted = {}
    for name in names:
        name = " ".join(name.split())[: Skill._meta.get_field("name").max_length]
        if name:
            wanted.setdefault(name.casefold(), name)
    if not wanted:
        return []
    existing = {skill.name.casefold(): skill for skill in Skill.objects.owned_by(owner)}
    skills = []
    for folded, name in wanted.items():
        skill = existing.get(folded) or Skill.objects.get_or_create(owner=owner, name=name)[0]
        skills.append(skill)
    return skills


@transaction.atomic
def skills_offered_set(*, owner, names) -> list:
    """The skills I offer: triage calls a request needing any other skill "outside my skills"."""
    skills = skill_get_or_create_many(owner=owner, names=names)
    Skill.objects.owned_by(owner).exclude(pk__in=[s.pk for s in skills]).update(offered=False)
    Skill.objects.owned_by(owner).filter(pk__in=[s.pk for s in skills]).update(offered=True)
    return skills

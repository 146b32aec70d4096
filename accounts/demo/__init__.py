"""Demo data: a realistic, bilingual freelancer's history, generated deterministically from a seed."""

from .generator import DemoCounts, demo_user_populate

__all__ = ["DemoCounts", "demo_user_populate"]

"""Demo data: a realistic, bilingual freelancer's history, generated deterministically from a seed."""

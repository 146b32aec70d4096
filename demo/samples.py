"""Sample names and texts for the demo data, in French and English.

Plain data only: the generator picks from these lists with a seeded random generator, so the order
of every list matters for determinism (never turn one into a set).
"""

FRENCH_FIRST_NAMES = [
    "Camille", "Julien", "Sophie", "Thomas", "Élodie", "Nicolas", "Claire", "Mathieu", "Aurélie", "Antoine",
    "Isabelle", "Sébastien", "Nathalie", "Guillaume", "Céline", "Maxime", "Émilie", "Romain", "Laure", "Hugo",
    "Manon", "Benoît", "Chloé", "Olivier", "Lucie", "François", "Inès", "Damien", "Margaux", "Rémi",
    "Hélène", "Karim", "Amandine", "Yann", "Sarah", "Jérôme", "Océane", "Pierre-Louis", "Anaïs", "Bastien",
]  # fmt: skip
FRENCH_LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Laurent", "Girard", "Roux", "Fournier", "Mercier",
    "Blanchard", "Garnier", "Chevalier", "Faure", "Rousseau", "Lambert", "Bonnet", "Fontaine", "Perrin", "Morel",
    "Gauthier", "Masson", "Lemaire", "Dupuis", "Benali", "Marchand", "Caron", "Nguyen", "Barbier", "Le Goff",
    "Renaud", "Picard", "Aubert", "Colin", "Vidal", "Brunet", "Schmitt", "Da Silva", "Hoarau", "Besnard",
]  # fmt: skip
ENGLISH_FIRST_NAMES = [
    "Emma", "James", "Olivia", "Daniel", "Charlotte", "Michael", "Grace", "Oliver", "Hannah", "Samuel",
    "Lucy", "Henry", "Amelia", "Jack", "Rachel", "Ethan", "Megan", "Liam", "Zoe", "Aidan",
]  # fmt: skip
ENGLISH_LAST_NAMES = [
    "Smith", "Taylor", "Brown", "Wilson", "Davies", "Evans", "Thompson", "Walker", "Robinson", "Wright",
    "Hughes", "Green", "Hall", "Clarke", "Patel", "O'Brien", "Murphy", "Campbell", "Kennedy", "Foster",
]  # fmt: skip

# (prefix, core, legal form): combined into "Atelier Lumière SARL" and the like.
FRENCH_COMPANY_PREFIXES = [
    "Atelier",
    "Maison",
    "Studio",
    "Cabinet",
    "Librairie",
    "Boulangerie",
    "Agence",
    "Domaine",
]
FRENCH_COMPANY_CORES = [
    "Lumière", "Vert Tilleul", "Saint-Roch", "des Deux Rives", "Hexa", "Boréal", "Mistral", "Opale", "Garonne",
    "Bel Air", "Cèdre", "Ardoise", "Marjolaine", "Pic Blanc", "Ondine", "Chantemerle", "Azur", "Colibri",
]  # fmt: skip
FRENCH_LEGAL_FORMS = ["SARL", "SAS", "SASU", "EURL", "", "SCOP"]
ENGLISH_COMPANY_CORES = [
    "Bright Harbour", "Northgate", "Kettle & Crumb", "Bluefield", "Oakline", "Redbrick", "Silverleaf",
    "Thistle", "Foxglove", "Granite Peak", "Willow Lane", "Lantern",
]  # fmt: skip
ENGLISH_COMPANY_SUFFIXES = ["Ltd", "Studio", "Consulting", "Co.", "Labs", "Trust"]
FRENCH_CITIES = ["Lyon", "Nantes", "Bordeaux", "Lille", "Rennes", "Toulouse", "Grenoble", "Montpellier", "Paris"]
ENGLISH_CITIES = ["London", "Bristol", "Manchester", "Dublin", "Edinburgh", "Leeds"]

WEBMAIL_DOMAINS = ["gmail.com", "orange.fr", "hotmail.fr", "free.fr", "outlook.com", "yahoo.fr", "laposte.net"]

TAGS = [
    "récurrent", "associatif", "e-commerce", "agence", "startup", "collectivité", "UK", "recommandé",
    "paie bien", "urgent souvent", "artisan", "santé",
]  # fmt: skip

# The freelancer's own skills come first; the others are what colleagues do.
OWN_SKILLS = ["WordPress", "Django", "UX/UI", "SEO", "Accessibilité (RGAA)", "Shopify", "Formation"]
OTHER_SKILLS = [
    "Photographie", "Illustration", "Traduction EN↔FR", "Rédaction web", "Vidéo", "Motion design",
    "Identité visuelle", "React", "Application mobile", "Data / Python", "Emailing", "PrestaShop",
]  # fmt: skip

# (French title, English title, skills, (min hours, max hours))
PROJECT_IDEAS = [
    ("Refonte du site vitrine", "Website redesign", ["WordPress", "UX/UI"], (25, 70)),
    ("Boutique en ligne de produits locaux", "Online shop for local produce", ["Shopify", "UX/UI"], (40, 110)),
    ("Audit SEO et plan d'action", "SEO audit and action plan", ["SEO"], (10, 28)),
    ("Audit d'accessibilité RGAA", "Accessibility audit (WCAG)", ["Accessibilité (RGAA)"], (14, 35)),
    ("Application de réservation en ligne", "Online booking application", ["Django", "UX/UI"], (60, 160)),
    ("Maintenance WordPress annuelle", "Yearly WordPress maintenance", ["WordPress"], (12, 30)),
    ("Formation WordPress pour l'équipe", "WordPress training for the team", ["Formation", "WordPress"], (7, 21)),
    ("Migration PrestaShop vers Shopify", "PrestaShop to Shopify migration", ["Shopify", "PrestaShop"], (30, 80)),
    ("Intranet pour l'association", "Members' area for the charity", ["Django"], (45, 120)),
    ("Tableau de bord des ventes", "Sales dashboard", ["Django", "Data / Python"], (30, 90)),
    ("Maquettes de l'application mobile", "Mobile app mock-ups", ["UX/UI", "Application mobile"], (20, 60)),
    (
        "Site multilingue français-anglais",
        "Bilingual French-English website",
        ["WordPress", "Traduction EN↔FR"],
        (30, 75),
    ),
    ("Reportage photo pour le catalogue", "Product photo shoot for the catalogue", ["Photographie"], (8, 24)),
    ("Illustrations pour le livret d'accueil", "Illustrations for the welcome booklet", ["Illustration"], (12, 40)),
    ("Vidéo de présentation de l'entreprise", "Company presentation video", ["Vidéo", "Motion design"], (15, 45)),
    ("Nouvelle identité visuelle", "New brand identity", ["Identité visuelle"], (20, 60)),
    ("Newsletter mensuelle", "Monthly newsletter", ["Emailing", "Rédaction web"], (6, 20)),
    ("Fiches produits optimisées", "Optimised product pages", ["Rédaction web", "SEO"], (10, 35)),
    ("Front-end React du configurateur", "React front end for the configurator", ["React"], (40, 120)),
    ("Correction de bugs sur le site Django", "Bug fixes on the Django site", ["Django"], (5, 20)),
    (
        "Mise en conformité accessibilité",
        "Accessibility compliance work",
        ["Accessibilité (RGAA)", "WordPress"],
        (20, 55),
    ),
    ("Atelier UX avec les utilisateurs", "UX workshop with users", ["UX/UI", "Formation"], (7, 16)),
]
TITLE_SUFFIXES_FR = ["", "", "", " — phase 2", " (urgent)", " — devis", " pour la rentrée", " avant l'été"]
TITLE_SUFFIXES_EN = ["", "", "", " — phase 2", " (urgent)", " — quote", " for the autumn", " before summer"]

DESCRIPTION_OPENINGS = {
    "fr": [
        "Bonjour, nous cherchons un ou une freelance pour ce projet : « {thing} ».",
        "Suite à notre échange téléphonique, voici notre besoin : « {thing} ».",
        "On m'a donné votre nom pour un projet : « {thing} ».",
        "Nous lançons un nouveau chantier (« {thing} ») et aimerions avoir votre avis.",
    ],
    "en": [
        "Hello, we are looking for a freelancer for this project: “{thing}”.",
        "Following our call, here is what we need: “{thing}”.",
        "A friend gave me your name for a project: “{thing}”.",
        "We are starting something new (“{thing}”) and would love your input.",
    ],
}
DESCRIPTION_DETAILS = {
    "fr": [
        "Le site actuel date de 2016 et n'est plus adapté aux mobiles.",
        "Nous avons déjà les textes et les photos.",
        "Le budget est serré mais le projet peut se faire en plusieurs étapes.",
        "Il faudrait que tout soit en ligne pour notre salon professionnel.",
        "Nous sommes une petite équipe de cinq personnes.",
        "Pouvez-vous nous envoyer un devis et vos disponibilités ?",
        "Nous avons eu une mauvaise expérience avec un prestataire précédent.",
        "L'idée est de pouvoir mettre à jour le contenu nous-mêmes ensuite.",
    ],
    "en": [
        "Our current site is from 2016 and does not work well on phones.",
        "We already have the copy and the pictures.",
        "The budget is tight, but the work can be split into stages.",
        "Everything should be live in time for our trade show.",
        "We are a small team of five.",
        "Could you send us a quote and tell us when you could start?",
        "We had a bad experience with a previous provider.",
        "We would like to be able to update the content ourselves afterwards.",
    ],
}

CLIENT_NOTES = {
    "fr": [
        "Préfère le téléphone aux e-mails.",
        "Décide vite, paie à réception.",
        "Toujours joignable le matin uniquement.",
        "Rencontré au salon des entrepreneurs.",
        "Demande souvent des modifications de dernière minute.",
        "Très agréable, recommande volontiers.",
        "Valider chaque étape par écrit.",
    ],
    "en": [
        "Prefers calls to emails.",
        "Decides quickly, pays on receipt.",
        "Only reachable in the morning.",
        "Met at the small business fair.",
        "Often asks for last-minute changes.",
        "A pleasure to work with; happy to recommend.",
        "Confirm every step in writing.",
    ],
}

# Replies by final state and reason; {name} is the client's first name, {date} a date, {amount} a price,
# {colleague} a colleague's name. French replies exist in "vous" and "tu".
GREETINGS = {"vous": "Bonjour {name},", "tu": "Salut {name},", "en": "Hello {name},"}
REPLIES = {
    ("accepted", "fr", "vous"): "merci pour votre demande : je suis partant pour ce projet. Je vous propose de "
    "commencer le {date}. Je vous envoie le devis dans la journée.",
    ("accepted", "fr", "tu"): "merci pour ta demande, ça me plaît beaucoup ! Je peux démarrer le {date}, "
    "je t'envoie le devis aujourd'hui.",
    ("accepted", "en", ""): "thank you for thinking of me: I would be glad to work on this. I can start on "
    "{date}; you will have my quote today.",
    ("negotiating", "fr", "vous"): "votre projet m'intéresse. Pour le mener correctement il faut compter "
    "{amount} ; si le budget est fixe, nous pouvons réduire le périmètre. Je suis disponible à partir du {date}.",
    ("negotiating", "fr", "tu"): "ton projet me tente bien. Pour le faire correctement il faut compter "
    "{amount} ; sinon on peut réduire le périmètre. Je suis libre à partir du {date}.",
    ("negotiating", "en", ""): "your project appeals to me. Doing it properly takes {amount}; if the budget "
    "is fixed, we could reduce the scope. I am free from {date}.",
    ("referred", "fr", "vous"): "ce projet ne correspond pas à ce que je peux vous offrir en ce moment, mais je "
    "connais la bonne personne : {colleague}, à qui je me permets de transmettre votre demande.",
    ("referred", "fr", "tu"): "je ne suis pas la bonne personne cette fois, mais {colleague} fera ça très bien : "
    "je lui transmets ta demande, si tu es d'accord.",
    ("referred", "en", ""): "I am not the right person for this one, but {colleague} is; with your "
    "permission I will pass your request on.",
    ("declined:no_time", "fr", "vous"): "merci pour votre confiance. Mon planning est complet jusqu'au {date} "
    "et je ne pourrais pas offrir à ce projet la disponibilité qu'il mérite. Je reste à votre écoute pour la suite.",
    ("declined:no_time", "fr", "tu"): "merci d'avoir pensé à moi. Je suis pris jusqu'au {date}, je préfère ne "
    "pas m'engager à moitié. Recontacte-moi sans hésiter plus tard !",
    ("declined:no_time", "en", ""): "thank you for your trust. I am booked until {date} and could not give "
    "your project the attention it deserves. Do get back to me later on.",
    ("declined:budget", "fr", "vous"): "merci pour ces précisions. Pour ce travail il faut compter au moins "
    "{amount} ; je comprends que cela dépasse votre budget et préfère vous le dire franchement. Bonne "
    "continuation pour votre projet.",
    ("declined:budget", "fr", "tu"): "merci pour les détails. Pour ce travail il faut compter au moins "
    "{amount}, je préfère te le dire tout de suite. Bonne chance pour ton projet !",
    ("declined:budget", "en", ""): "thank you for the details. This work takes at least {amount}; I "
    "understand that is beyond your budget and would rather say so plainly. Good luck with the project.",
    ("declined:other", "fr", "vous"): "merci d'avoir pensé à moi. Après réflexion, je ne donnerai pas suite à "
    "cette demande. Je vous souhaite de trouver rapidement la bonne personne.",
    ("declined:other", "fr", "tu"): "merci d'avoir pensé à moi. Je ne vais pas donner suite cette fois-ci, "
    "mais je te souhaite de trouver rapidement la bonne personne.",
    ("declined:other", "en", ""): "thank you for thinking of me. I will not be taking this on, and I hope "
    "you find the right person soon.",
}
CLOSINGS = {"vous": "Bien cordialement,", "tu": "À bientôt,", "en": "Kind regards,"}

DECISION_NOTES = {
    "rate_below_minimum": ["Budget sous mon taux minimum.", "Budget too low for the hours."],
    "no_time": ["Planning plein ce trimestre.", "Fully booked this quarter."],
    "outside_skills": ["Pas mon métier.", "Not my field."],
    "red_flag_client": ["Historique de paiements difficile.", "Payment history is poor."],
    "blacklisted": ["Client sur liste noire.", "Blacklisted client."],
    "visibility": ["Propose de la « visibilité » au lieu d'un paiement.", "Offers exposure instead of pay."],
    "spam_or_repeat": ["Démarchage, pas de réponse.", "Cold pitch, no reply needed."],
    "fits": ["Bon projet, bon client.", "Good project, good client."],
}

RED_FLAG_NOTES = {
    "late_payment": ["Facture réglée avec plusieurs semaines de retard.", "Invoice paid weeks late."],
    "unpaid_vanished": [
        "Facture impayée, plus aucune réponse aux relances.",
        "Invoice unpaid, no answer to reminders.",
    ],
    "ghosting": ["Devis « validé à l'oral », puis silence radio.", "Said yes to the quote, then went silent."],
    "visibility": ["Propose de travailler gratuitement « pour le portfolio ».", "Offered exposure instead of pay."],
    "rate_haggling": ["Négocie chaque ligne du devis.", "Haggled over every line of the quote."],
    "renegotiation": ["Veut revoir le contrat signé à mi-parcours.", "Wanted to renegotiate the signed contract."],
    "treats_as_employee": ["Impose horaires et réunions quotidiennes.", "Sets my hours and daily meetings."],
    "disrespect": ["Ton agressif au téléphone.", "Rude and insulting emails."],
    "scope_creep": ["Ajouts permanents hors devis.", "Keeps adding work outside the quote."],
    "spam": ["Relances insistantes, plusieurs fois par jour.", "Pushy messages several times a day."],
}
WITHDRAWAL_REASONS = [
    "Malentendu, le client s'est excusé.",
    "A misunderstanding; the client apologised.",
    "Paiement reçu, l'incident est clos.",
]
BLACKLIST_REASONS = {
    "added": [
        "Facture impayée depuis des mois et client injoignable.",
        "Insultes répétées envers moi et mes collègues.",
        "Unpaid invoice and no answer to any reminder.",
        "Demandes insistantes malgré trois refus.",
    ],
    "lifted": ["A tout réglé et présenté ses excuses.", "Paid in full and apologised."],
    "again": ["Nouveau retard de paiement et même silence.", "Late again, same silence."],
}

COLLEAGUE_NOTES = [
    "Très fiable, délais toujours tenus.",
    "Rencontrée au meetup WordPress.",
    "Reliable, answers within the day.",
    "Ancien collègue d'agence.",
    "Great with small budgets.",
    "Préfère les projets longs.",
    "",
    "",
]
REFERRAL_DESCRIPTIONS = {
    "given": ["Projet hors de mes compétences.", "Passed on: no time this month.", "Client cherchait un spécialiste."],
    "received": [
        "M'a recommandé à son client.",
        "Sent me a client she could not take.",
        "Recommandation suite au salon.",
    ],
}

TIME_OFF = [
    ((8, 4), 17, "Vacances d'été"),
    ((12, 23), 10, "Fêtes de fin d'année"),
    ((2, 17), 5, "Vacances d'hiver"),
    ((5, 9), 2, "Pont de l'Ascension"),
    ((10, 14), 1, "Formation accessibilité"),
    ((6, 19), 2, "Conférence Paris Web"),
]

SIGNATURE = "Alex Morel\nDéveloppeur web indépendant — WordPress, Django, accessibilité\n06 12 34 56 78 · alex-morel.fr"
SIGNATURE_EN = (
    "Alex Morel\nFreelance web developer — WordPress, Django, accessibility\n+33 6 12 34 56 78 · alex-morel.fr"
)

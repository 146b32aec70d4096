"""The default replies in French: content written for Tact, not interface strings (see triage.reply_texts).

Every text writes both forms of address: "[vous|tu]" keeps the first part for a client addressed as
*vous*, the second for *tu* ("[vous |t']envoie" → "vous envoie" / "t'envoie"). The first person never
agrees in gender (no "ravi·e", "engagé·e": the sentence is turned another way), nor does the client.
"""

from accounts.models import VatMode
from projects.models import BudgetKind, DecisionReason, State

GREETING = {"named": "Bonjour {name},", "plain": "Bonjour,"}
# "Re: " stays as mail software writes it, so that the reply threads; other channels get a plain subject.
SUBJECT = {"email": "Re: {title}", "other": "[Votre|Ta] demande : {title}"}
CLOSING = "[Bien cordialement|À bientôt],"
OPENINGS = {
    "request": "Merci pour [votre|ta] demande au sujet de « {title} ».",
    "thought_of_me": "Merci d'avoir pensé à moi pour « {title} ».",
    "phone": "Merci pour notre échange au téléphone au sujet de « {title} ».",
    "after_offer": "Je reviens vers [vous|toi] au sujet de « {title} », à la suite de ma proposition.",
    "referred_by": "{referred_by} m'a parlé de [vous|toi], et je l'en remercie.",
}

# An amount always says what it is with VAT; {per} is empty for a fixed price.
PER = {BudgetKind.FIXED: "", BudgetKind.HOURLY: " de l'heure", BudgetKind.DAILY: " par jour"}
AMOUNT = {
    VatMode.EXCLUDED: "{amount}\u00a0HT{per}",
    VatMode.INCLUDED: "{amount}\u00a0TTC{per}",
    VatMode.EXEMPT: "{amount}{per} (TVA non applicable, art. 293 B du CGI)",
}
AND = " et "

# What to ask when a fact is missing (ReplyFacts.missing), one line each.
QUESTIONS = {
    "scope": "le détail de ce qui est attendu (les livrables, et ce qui existe déjà), pour que je puisse estimer "
    "le travail",
    "budget": "le budget [que vous avez|que tu as] prévu",
    "dates": "la date de démarrage souhaitée et l'échéance à respecter",
}
LIST_PUNCTUATION = (" ;", ".")  # after every line but the last, after the last

# In the user's own wording, a variable whose fact is missing shows what to write in its place.
MISSING = {
    "free_from": "[date à laquelle je suis libre]",
    "proposed_start": "[date de démarrage]",
    "counter_offer": "[montant]",
    "smaller_scope": "[livrables du périmètre réduit, à préciser]",
    "colleague_name": "[nom du ou de la collègue]",
    "colleague_contact": "[coordonnées du ou de la collègue]",
    "referred_by": "[qui m'a recommandé ce client]",
    "skills_outside": "[compétences hors de mon métier]",
    "questions": "[questions à poser]",
}

# Recommending a colleague: the same paragraph whatever the reason.
REFER = (
    (
        "colleague",
        "Plutôt que de [vous|te] laisser sans solution, je [vous|te] recommande {colleague_name}, dont je connais "
        "et apprécie le travail.",
    ),
    ("colleague contact", "Ses coordonnées : {colleague_contact}."),
    ("colleague", "[N'hésitez pas|N'hésite pas] à préciser que cela vient de moi."),
    (
        "!colleague",
        "Plutôt que de [vous|te] laisser sans solution, je [vous |t']envoie très vite les coordonnées d'une "
        "personne de confiance.",
    ),
)
DECLINE_CLOSING = "[Bien cordialement|Bonne continuation],"

CASES = {
    (State.ACCEPTED, None): {
        "opening": "request",
        "closing": "[Bien cordialement|À très vite],",
        "body": (
            ("C'est avec plaisir que je m'en charge.",),
            (
                ("proposed_start", "Je peux commencer {proposed_start}."),
                (
                    "proposed_start",
                    "[Vous recevrez|Tu recevras] dans les prochains jours un devis et un calendrier, pour que nous "
                    "soyons d'accord sur chaque point avant de démarrer.",
                ),
                (
                    "!proposed_start",
                    "[Vous recevrez|Tu recevras] dans les prochains jours un devis, et nous fixerons ensemble la "
                    "date de démarrage.",
                ),
            ),
            ("Si une question se pose d'ici là, il [vous|te] suffit de répondre à ce message.",),
        ),
    },
    (State.NEGOTIATING, DecisionReason.RATE_BELOW_MINIMUM): {
        "opening": "request",
        "body": (
            (
                (
                    "fixed",
                    "Le projet m'intéresse, mais le budget [que vous indiquez|que tu indiques] ne couvre pas le "
                    "temps que demande ce travail pour être bien fait.",
                ),
                (
                    "!fixed",
                    "Le projet m'intéresse, mais le tarif [que vous proposez|que tu proposes] est en dessous de "
                    "celui que je pratique.",
                ),
            ),
            (
                (
                    "counter_offer fixed",
                    "Pour l'ensemble du projet tel que [vous l'avez|tu l'as] décrit, mon prix serait de "
                    "{counter_offer}.",
                ),
                ("counter_offer !fixed", "Mon tarif serait de {counter_offer}."),
                ("!counter_offer", "Ce montant pourrait-il évoluer ?"),
                (
                    "smaller_scope",
                    "Si le budget ne peut pas bouger, je peux aussi [vous|te] proposer un périmètre plus restreint "
                    "qui tienne dans ce montant : {smaller_scope}.",
                ),
            ),
            ("[Dites-moi|Dis-moi] ce qui [vous|te] convient le mieux, et je [vous |t']enverrai un devis détaillé.",),
        ),
    },
    (State.NEGOTIATING, DecisionReason.NO_TIME): {
        "opening": "request",
        "body": (
            (
                "Le projet m'intéresse, mais mon planning est déjà pris par d'autres engagements sur la période "
                "[que vous visez|que tu vises], et je préfère [vous|te] le dire maintenant plutôt que de bâcler "
                "[votre|ton] travail.",
            ),
            (
                (
                    "proposed_start",
                    "Si le démarrage peut être décalé, je peux commencer {proposed_start}. Cette date [vous|te] "
                    "conviendrait-elle ? Si oui, je [vous|te] réserve ce créneau et [vous |t']envoie un devis.",
                ),
                (
                    "!proposed_start free_from",
                    "Je serai de nouveau disponible {free_from} : si le projet peut attendre jusque-là, je [vous|te] "
                    "réserve volontiers ce créneau.",
                ),
                (
                    "!proposed_start !free_from",
                    "[Vos|Tes] dates ont-elles un peu de souplesse ? Si oui, [dites-moi|dis-moi] jusqu'à quand le "
                    "projet peut attendre, et je [vous|te] dirai si je peux le prendre.",
                ),
            ),
            (
                "Si [vos|tes] dates ne peuvent pas bouger, [dites-le-moi|dis-le-moi] : je [vous|te] mettrai en "
                "relation avec quelqu'un de confiance.",
            ),
        ),
    },
    (State.NEGOTIATING, DecisionReason.MISSING_DETAILS): {
        "opening": "request",
        "body": (
            (
                (
                    "missing",
                    "Le projet m'intéresse, et pour [vous|te] répondre précisément, il me manque quelques "
                    "éléments :\n{questions}",
                ),
                (
                    "!missing",
                    "Le projet m'intéresse : [pourriez-vous|pourrais-tu] m'en dire un peu plus sur ce que [vous "
                    "attendez|tu attends] ?",
                ),
            ),
            ("Avec ces précisions, je [vous|te] dirai rapidement si je peux m'en charger, et à quelles conditions.",),
        ),
    },
    (State.NEGOTIATING, None): {
        "opening": "request",
        "body": (
            ("Le projet m'intéresse, et avant de m'engager j'aimerais ajuster quelques points avec [vous|toi].",),
            (
                ("proposed_start", "Je [vous|te] propose un démarrage {proposed_start}."),
                ("counter_offer fixed", "Pour l'ensemble du projet, mon prix serait de {counter_offer}."),
                ("counter_offer !fixed", "Mon tarif serait de {counter_offer}."),
                (
                    "smaller_scope",
                    "Si le budget ne peut pas bouger, je peux aussi [vous|te] proposer un périmètre plus restreint : "
                    "{smaller_scope}.",
                ),
            ),
            ("Pourrions-nous en parler lors d'un court appel cette semaine ?",),
        ),
    },
    (State.REFERRED, DecisionReason.NO_TIME): {
        "opening": "thought_of_me",
        "body": (
            (
                "Mon planning est complet sur la période [que vous visez|que tu vises], et je ne pourrais pas "
                "accorder à [votre|ton] projet l'attention qu'il mérite.",
            ),
            REFER,
            (
                (
                    "free_from",
                    "Je serai de nouveau disponible {free_from} : [n'hésitez pas|n'hésite pas] à revenir vers moi "
                    "pour [vos|tes] prochains projets.",
                ),
                ("!free_from", "[N'hésitez pas|N'hésite pas] à revenir vers moi pour [vos|tes] prochains projets."),
            ),
        ),
    },
    (State.REFERRED, DecisionReason.OUTSIDE_SKILLS): {
        "opening": "thought_of_me",
        "body": (
            (
                (
                    "skills",
                    "Le projet demande des compétences en {skills_outside} : ce n'est pas mon domaine, et [vous "
                    "méritez|tu mérites] quelqu'un dont c'est la spécialité.",
                ),
                (
                    "!skills",
                    "Le projet fait appel à des compétences qui ne sont pas le cœur de mon métier, et [vous "
                    "méritez|tu mérites] quelqu'un dont c'est la spécialité.",
                ),
            ),
            REFER,
            (
                "Je [vous|te] souhaite une belle réussite pour ce projet. Pour un sujet plus proche de mon métier, "
                "ma porte reste ouverte.",
            ),
        ),
    },
    (State.REFERRED, DecisionReason.RATE_BELOW_MINIMUM): {
        "opening": "thought_of_me",
        "body": (
            (
                (
                    "fixed",
                    "Le budget [que vous indiquez|que tu indiques] ne correspond pas au temps que ce travail me "
                    "demanderait à mes tarifs, et je préfère ne pas le faire au rabais.",
                ),
                (
                    "!fixed",
                    "Le tarif [que vous proposez|que tu proposes] est en dessous de ceux que je pratique, et je "
                    "préfère ne pas faire ce travail au rabais.",
                ),
            ),
            REFER,
            ("Je [vous|te] souhaite une belle réussite pour ce projet.",),
        ),
    },
    (State.REFERRED, None): {
        "opening": "thought_of_me",
        "body": (
            ("J'y ai réfléchi, et je ne suis pas la bonne personne pour mener ce projet.",),
            REFER,
            ("Je [vous|te] souhaite une belle réussite pour ce projet.",),
        ),
    },
    (State.DECLINED, DecisionReason.NO_TIME): {
        "opening": "request",
        "body": (
            (
                "Mon planning est complet sur la période [que vous visez|que tu vises], et je préfère [vous|te] le "
                "dire dès maintenant plutôt que de promettre une date que je ne pourrais pas tenir.",
            ),
            (
                "Je ne peux donc pas prendre ce projet dans ces délais.",
                (
                    "free_from",
                    "Je serai de nouveau disponible {free_from} : si [votre|ton] calendrier peut attendre "
                    "jusque-là, j'en reparlerai volontiers avec [vous|toi].",
                ),
                ("!free_from", "Si [votre|ton] calendrier change, [n'hésitez pas|n'hésite pas] à revenir vers moi."),
            ),
            ("Je [vous|te] souhaite une belle réussite pour ce projet.",),
        ),
    },
    (State.DECLINED, DecisionReason.OUTSIDE_SKILLS): {
        "opening": "thought_of_me",
        "body": (
            (
                (
                    "skills",
                    "Le projet demande des compétences en {skills_outside}, qui sortent de mon domaine : je ne le "
                    "mènerais pas aussi bien qu'une personne dont c'est le métier.",
                ),
                (
                    "!skills",
                    "Le projet fait appel à des compétences qui sortent de mon domaine, et je ne le mènerais pas "
                    "aussi bien qu'une personne dont c'est le métier.",
                ),
            ),
            (
                "Je préfère donc ne pas m'en charger. Un petit conseil pour [votre|ta] recherche : un cahier des "
                "charges court, avec deux ou trois exemples qui [vous|te] plaisent, [vous |t']aidera à comparer "
                "les réponses reçues.",
            ),
            ("Je [vous|te] souhaite une belle réussite pour ce projet.",),
        ),
    },
    (State.DECLINED, DecisionReason.RATE_BELOW_MINIMUM): {
        "opening": "request",
        "body": (
            (
                (
                    "fixed",
                    "Le budget [que vous indiquez|que tu indiques] ne correspond pas au temps que ce travail me "
                    "demanderait à mes tarifs habituels.",
                ),
                ("!fixed", "Le tarif [que vous proposez|que tu proposes] est en dessous de ceux que je pratique."),
            ),
            (
                "Je ne peux donc pas m'en charger dans ces conditions.",
                (
                    "counter_offer fixed",
                    "Pour information, mon prix pour l'ensemble du projet serait de {counter_offer}.",
                ),
                ("counter_offer !fixed", "Pour information, mon tarif est de {counter_offer}."),
                (
                    "smaller_scope",
                    "Un périmètre plus restreint pourrait aussi tenir dans [votre|ton] budget : {smaller_scope}.",
                ),
                "Si les choses évoluent, j'en reparlerai volontiers avec [vous|toi].",
            ),
        ),
    },
    (State.DECLINED, DecisionReason.VISIBILITY): {
        "opening": "thought_of_me",
        "body": (
            (
                "Je comprends que le projet offre de la visibilité plutôt qu'une rémunération ; mon activité est "
                "mon métier et mon revenu, et je ne prends que des projets rémunérés.",
            ),
            (
                "Je ne pourrai donc pas y participer en l'état.",
                (
                    "counter_offer",
                    "Si une version rémunérée devient possible, je [vous |t']enverrai volontiers un devis : pour "
                    "ce périmètre, [comptez|compte] {counter_offer}.",
                ),
                (
                    "!counter_offer",
                    "Si une version rémunérée devient possible, je [vous |t']enverrai volontiers un devis.",
                ),
            ),
        ),
    },
    # No opening, no thanks for a referral: short, and no debate.
    (State.DECLINED, DecisionReason.SPAM_OR_REPEAT): {
        "opening": None,
        "closing": DECLINE_CLOSING,
        "body": (
            (
                (
                    "answered_before",
                    "Merci pour [votre|ton] message. Comme je [vous|te] l'ai écrit dans ma précédente réponse, je "
                    "ne suis pas en mesure de prendre ce projet, et ma réponse reste la même.",
                ),
                (
                    "!answered_before",
                    "Merci pour [votre|ton] message au sujet de « {title} ». Je ne suis pas en mesure de donner "
                    "suite à cette demande.",
                ),
            ),
            ("Je [vous|te] souhaite de trouver la bonne personne pour ce projet.",),
        ),
    },
    # Red-flag and blacklisted clients, and any other reason: courteous, and no reason given.
    (State.DECLINED, None): {
        "opening": "request",
        "closing": DECLINE_CLOSING,
        "body": (
            ("J'y ai réfléchi avec attention, et je ne pense pas être la bonne personne pour ce projet.",),
            (
                "Je préfère [vous|te] le dire dès maintenant pour que [vous puissiez|tu puisses] avancer, et je "
                "[vous|te] souhaite une belle réussite pour la suite.",
            ),
        ),
    },
}

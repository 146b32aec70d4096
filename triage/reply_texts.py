"""The default reply texts, per decision, reason and language, and the fallbacks for missing facts."""

# The texts are content, not interface strings: they live here as data, written for Tact, and each
# follows the same shape: the reason and the context first, then the answer, then an alternative
# (a colleague, a later date, a smaller scope, a piece of advice). Calm, never arguing.
#
# French texts write the two forms of address at once: "[vous|tu]" keeps the first part for a client
# addressed as *vous* and the second for one addressed as *tu* (triage.replies.fill chooses).

from __future__ import annotations

from projects.models import DecisionReason, State

# (decision, reason or None for "any other reason") -> language -> (subject, body)
DEFAULTS: dict[tuple[str, str | None], dict[str, tuple[str, str]]] = {
    (State.ACCEPTED, None): {
        "en": (
            "Re: {title}",
            "Hello {client_name},\n\n"
            "Thank you for your message and for thinking of me for “{title}”. I have read your request "
            "carefully: it is right in my field, and my calendar has room for it.\n\n"
            "So yes, I will gladly take it on. I can start {proposed_start}. You will receive a quote and "
            "a short schedule in the next few days, so that we agree on every detail before the work begins.\n\n"
            "If a question comes up in the meantime, just reply to this email.\n\n"
            "Best regards,\n{signature}",
        ),
        "fr": (
            "Re : {title}",
            "Bonjour {client_name},\n\n"
            "Merci pour [votre|ton] message et d'avoir pensé à moi pour « {title} ». J'ai lu [votre|ta] "
            "demande avec attention : elle correspond tout à fait à mon métier, et mon planning me permet "
            "de l'accueillir.\n\n"
            "C'est donc avec plaisir que je m'en charge. Je peux commencer {proposed_start}. [Vous|Tu] "
            "[recevrez|recevras] dans les prochains jours un devis et un calendrier, pour que nous soyons "
            "d'accord sur chaque point avant de démarrer.\n\n"
            "Si une question se pose d'ici là, il [vous|te] suffit de répondre à ce message.\n\n"
            "[Bien cordialement|À très vite],\n{signature}",
        ),
    },
    (State.NEGOTIATING, DecisionReason.RATE_BELOW_MINIMUM): {
        "en": (
            "Re: {title}",
            "Hello {client_name},\n\n"
            "Thank you for your request about “{title}”: the project interests me. I have estimated the "
            "work it involves, and the budget you mention does not cover the time needed to do it well.\n\n"
            "For the whole project, my fee would be {counter_offer}. If your budget cannot change, we could "
            "start with {smaller_scope}, and plan the rest for later.\n\n"
            "Let me know which option suits you best and I will send you a detailed quote.\n\n"
            "Best regards,\n{signature}",
        ),
        "fr": (
            "Re : {title}",
            "Bonjour {client_name},\n\n"
            "Merci pour [votre|ta] demande concernant « {title} » : le projet m'intéresse. J'ai estimé le "
            "travail qu'il représente, et le budget que [vous indiquez|tu indiques] ne couvre pas le temps "
            "nécessaire pour le mener à bien dans de bonnes conditions.\n\n"
            "Pour l'ensemble du projet, mon tarif serait de {counter_offer}. Si [votre|ton] budget ne peut "
            "pas évoluer, nous pourrions commencer par {smaller_scope}, et prévoir la suite plus tard.\n\n"
            "[Dites-moi|Dis-moi] quelle option [vous|te] convient le mieux, et je [vous |t']enverrai un "
            "devis détaillé.\n\n"
            "[Bien cordialement|À bientôt],\n{signature}",
        ),
    },
    (State.NEGOTIATING, DecisionReason.NO_TIME): {
        "en": (
            "Re: {title}",
            "Hello {client_name},\n\n"
            "Thank you for your request about “{title}”. My calendar is full for the coming weeks with "
            "projects I have already committed to, and I would rather say so now than rush your work.\n\n"
            "I would be glad to take it on if the start can move: I can begin {proposed_start}. Would that "
            "work for you? If so, I will keep that time for you and send a quote.\n\n"
            "If your dates cannot move, tell me and I will point you to someone reliable.\n\n"
            "Best regards,\n{signature}",
        ),
        "fr": (
            "Re : {title}",
            "Bonjour {client_name},\n\n"
            "Merci pour [votre|ta] demande concernant « {title} ». Mon planning est complet pour les "
            "prochaines semaines avec des projets sur lesquels je me suis déjà engagé·e, et je préfère "
            "[vous|te] le dire maintenant plutôt que de bâcler [votre|ton] travail.\n\n"
            "Je serais heureux·se de m'en charger si le démarrage peut être décalé : je peux commencer "
            "{proposed_start}. Cette date [vous|te] conviendrait-elle ? Si oui, je [vous|te] réserve ce "
            "créneau et [vous |t']envoie un devis.\n\n"
            "Si [vos|tes] dates ne peuvent pas bouger, [dites-le-moi|dis-le-moi] et je [vous |t']orienterai "
            "vers une personne de confiance.\n\n"
            "[Bien cordialement|À bientôt],\n{signature}",
        ),
    },
    (State.NEGOTIATING, None): {
        "en": (
            "Re: {title}",
            "Hello {client_name},\n\n"
            "Thank you for your request about “{title}”. It interests me, and before committing I would "
            "like to adjust a few points with you so that the project starts on a sound footing.\n\n"
            "I can suggest a start {proposed_start}, for {counter_offer}. Could we discuss it in a short "
            "call this week?\n\n"
            "Best regards,\n{signature}",
        ),
        "fr": (
            "Re : {title}",
            "Bonjour {client_name},\n\n"
            "Merci pour [votre|ta] demande concernant « {title} ». Elle m'intéresse, et avant de m'engager "
            "j'aimerais ajuster quelques points avec [vous|toi] pour que le projet démarre sur de bonnes "
            "bases.\n\n"
            "Je [vous|te] propose un démarrage {proposed_start}, pour {counter_offer}. Pourrions-nous en "
            "parler lors d'un court appel cette semaine ?\n\n"
            "[Bien cordialement|À bientôt],\n{signature}",
        ),
    },
    (State.REFERRED, DecisionReason.NO_TIME): {
        "en": (
            "Re: {title}",
            "Hello {client_name},\n\n"
            "Thank you for thinking of me for “{title}”. My calendar is full for the period you have in "
            "mind, and I could not give your project the attention it deserves.\n\n"
            "Rather than leave you without a solution, I recommend {colleague_name}, whose work I know and "
            "trust ({colleague_contact}). Feel free to say that I sent you.\n\n"
            "I will be available again {free_from}: do not hesitate to come back to me for your next "
            "projects.\n\n"
            "Best regards,\n{signature}",
        ),
        "fr": (
            "Re : {title}",
            "Bonjour {client_name},\n\n"
            "Merci d'avoir pensé à moi pour « {title} ». Mon planning est complet sur la période que [vous "
            "visez|tu vises], et je ne pourrais pas accorder à [votre|ton] projet l'attention qu'il mérite."
            "\n\n"
            "Plutôt que de [vous|te] laisser sans solution, je [vous|te] recommande {colleague_name}, dont "
            "je connais et apprécie le travail ({colleague_contact}). [N'hésitez pas|N'hésite pas] à "
            "préciser que cela vient de moi.\n\n"
            "Je serai de nouveau disponible {free_from} : [n'hésitez pas|n'hésite pas] à revenir vers moi "
            "pour [vos|tes] prochains projets.\n\n"
            "[Bien cordialement|À bientôt],\n{signature}",
        ),
    },
    (State.REFERRED, None): {
        "en": (
            "Re: {title}",
            "Hello {client_name},\n\n"
            "Thank you for thinking of me for “{title}”. Having read your request, it calls for skills "
            "that are not the core of my work, and you deserve someone for whom they are.\n\n"
            "So I will not take it on myself, but I can recommend {colleague_name}, whose work I know and "
            "trust ({colleague_contact}). Feel free to say that I sent you.\n\n"
            "I hope the project goes well, and I will be glad to hear from you for anything closer to my "
            "field.\n\n"
            "Best regards,\n{signature}",
        ),
        "fr": (
            "Re : {title}",
            "Bonjour {client_name},\n\n"
            "Merci d'avoir pensé à moi pour « {title} ». À la lecture de [votre|ta] demande, le projet "
            "fait appel à des compétences qui ne sont pas le cœur de mon métier, et [vous méritez|tu "
            "mérites] quelqu'un dont c'est la spécialité.\n\n"
            "Je ne vais donc pas m'en charger moi-même, mais je [vous|te] recommande {colleague_name}, dont "
            "je connais et apprécie le travail ({colleague_contact}). [N'hésitez pas|N'hésite pas] à "
            "préciser que cela vient de moi.\n\n"
            "Je [vous|te] souhaite une belle réussite pour ce projet, et je serai ravi·e d'avoir de [vos|tes] "
            "nouvelles pour un sujet plus proche de mon domaine.\n\n"
            "[Bien cordialement|À bientôt],\n{signature}",
        ),
    },
    (State.DECLINED, DecisionReason.NO_TIME): {
        "en": (
            "Re: {title}",
            "Hello {client_name},\n\n"
            "Thank you for your request about “{title}”. My calendar is full for the period you have in "
            "mind, and I prefer to tell you now rather than promise a date I could not keep.\n\n"
            "I therefore cannot take on this project as planned. I will be available again {free_from}: if "
            "your schedule can wait until then, I would be glad to talk about it again.\n\n"
            "I wish you every success with it.\n\n"
            "Best regards,\n{signature}",
        ),
        "fr": (
            "Re : {title}",
            "Bonjour {client_name},\n\n"
            "Merci pour [votre|ta] demande concernant « {title} ». Mon planning est complet sur la période "
            "que [vous visez|tu vises], et je préfère [vous|te] le dire dès maintenant plutôt que de "
            "promettre une date que je ne pourrais pas tenir.\n\n"
            "Je ne peux donc pas prendre ce projet dans ces délais. Je serai de nouveau disponible "
            "{free_from} : si [votre|ton] calendrier peut attendre jusque-là, j'en reparlerai volontiers "
            "avec [vous|toi].\n\n"
            "Je [vous|te] souhaite une belle réussite pour ce projet.\n\n"
            "[Bien cordialement|À bientôt],\n{signature}",
        ),
    },
    (State.DECLINED, DecisionReason.OUTSIDE_SKILLS): {
        "en": (
            "Re: {title}",
            "Hello {client_name},\n\n"
            "Thank you for thinking of me for “{title}”. Having read your request, it calls for skills "
            "outside my field, and I would not do it as well as a specialist would.\n\n"
            "I therefore prefer not to take it on. A small piece of advice for your search: a short brief "
            "with two or three examples you like will help you compare the answers you receive.\n\n"
            "I wish you every success with the project.\n\n"
            "Best regards,\n{signature}",
        ),
        "fr": (
            "Re : {title}",
            "Bonjour {client_name},\n\n"
            "Merci d'avoir pensé à moi pour « {title} ». À la lecture de [votre|ta] demande, le projet "
            "fait appel à des compétences qui sortent de mon domaine, et je ne le mènerais pas aussi bien "
            "qu'un ou une spécialiste.\n\n"
            "Je préfère donc ne pas m'en charger. Un petit conseil pour [votre|ta] recherche : un cahier "
            "des charges court, avec deux ou trois exemples qui [vous|te] plaisent, [vous |t']aidera à "
            "comparer les réponses reçues.\n\n"
            "Je [vous|te] souhaite une belle réussite pour ce projet.\n\n"
            "[Bien cordialement|À bientôt],\n{signature}",
        ),
    },
    (State.DECLINED, DecisionReason.RATE_BELOW_MINIMUM): {
        "en": (
            "Re: {title}",
            "Hello {client_name},\n\n"
            "Thank you for your request about “{title}”. I have estimated the work it involves, and the "
            "budget you mention does not match the time it would take me at my usual rates.\n\n"
            "I therefore cannot take it on under these conditions. If the budget changes, or if "
            "{smaller_scope} would already help you, I would be glad to talk about it again.\n\n"
            "Best regards,\n{signature}",
        ),
        "fr": (
            "Re : {title}",
            "Bonjour {client_name},\n\n"
            "Merci pour [votre|ta] demande concernant « {title} ». J'ai estimé le travail qu'elle "
            "représente, et le budget que [vous indiquez|tu indiques] ne correspond pas au temps qu'il me "
            "faudrait à mes tarifs habituels.\n\n"
            "Je ne peux donc pas m'en charger dans ces conditions. Si le budget évolue, ou si "
            "{smaller_scope} [vous |t']aiderait déjà, j'en reparlerai volontiers avec [vous|toi].\n\n"
            "[Bien cordialement|À bientôt],\n{signature}",
        ),
    },
    (State.DECLINED, DecisionReason.VISIBILITY): {
        "en": (
            "Re: {title}",
            "Hello {client_name},\n\n"
            "Thank you for thinking of me for “{title}”. I understand that the project offers visibility "
            "rather than payment; as a freelancer, my work is how I make my living, so I only take on paid "
            "projects.\n\n"
            "I will not be able to take part in it as it stands. If a paid version becomes possible, I "
            "would be glad to send you a quote: for this scope, count on {counter_offer}.\n\n"
            "Best regards,\n{signature}",
        ),
        "fr": (
            "Re : {title}",
            "Bonjour {client_name},\n\n"
            "Merci d'avoir pensé à moi pour « {title} ». Je comprends que le projet propose de la "
            "visibilité plutôt qu'une rémunération ; en tant qu'indépendant·e, mon travail est mon revenu, "
            "et je ne prends que des projets rémunérés.\n\n"
            "Je ne pourrai donc pas y participer en l'état. Si une version rémunérée devient possible, je "
            "[vous |t']enverrai volontiers un devis : pour ce périmètre, [comptez|compte] {counter_offer}."
            "\n\n"
            "[Bien cordialement|À bientôt],\n{signature}",
        ),
    },
    (State.DECLINED, DecisionReason.SPAM_OR_REPEAT): {
        "en": (
            "Re: {title}",
            "Hello {client_name},\n\n"
            "Thank you for your message. As I said in my previous answer, I am not able to take on this "
            "project, and my answer has not changed.\n\n"
            "I wish you every success in finding the right person for it.\n\n"
            "Best regards,\n{signature}",
        ),
        "fr": (
            "Re : {title}",
            "Bonjour {client_name},\n\n"
            "Merci pour [votre|ton] message. Comme je [vous|te] l'ai indiqué dans ma réponse précédente, "
            "je ne suis pas en mesure de prendre ce projet, et ma réponse reste la même.\n\n"
            "Je [vous|te] souhaite de trouver la bonne personne pour le mener à bien.\n\n"
            "[Bien cordialement|Bonne continuation],\n{signature}",
        ),
    },
    # Red-flag and blacklisted clients, and any other reason: short, courteous, no debate.
    (State.DECLINED, None): {
        "en": (
            "Re: {title}",
            "Hello {client_name},\n\n"
            "Thank you for your request about “{title}”. I have considered it carefully, and I do not "
            "think I am the right person for this project.\n\n"
            "I will therefore not follow it up, and I prefer to tell you straight away so that you can "
            "move forward. I wish you every success in finding the right person for it.\n\n"
            "Best regards,\n{signature}",
        ),
        "fr": (
            "Re : {title}",
            "Bonjour {client_name},\n\n"
            "Merci pour [votre|ta] demande concernant « {title} ». J'y ai réfléchi attentivement, et je ne "
            "pense pas être la bonne personne pour ce projet.\n\n"
            "Je n'y donnerai donc pas suite, et je préfère [vous|te] le dire dès maintenant pour que [vous "
            "puissiez|tu puisses] avancer. Je [vous|te] souhaite de trouver la bonne personne pour le "
            "mener à bien.\n\n"
            "[Bien cordialement|Bonne continuation],\n{signature}",
        ),
    },
}

# When a fact is missing, the sentence must still read well: these take the variable's place.
FALLBACKS = {
    "en": {
        "free_from": "in a few weeks",
        "proposed_start": "as soon as we agree on the details",
        "counter_offer": "a budget matched to the scope",
        "smaller_scope": "a first version with a reduced scope",
        "colleague_name": "a colleague I trust",
        "colleague_contact": "details on request",
    },
    "fr": {
        "free_from": "d'ici quelques semaines",
        "proposed_start": "dès que nous serons d'accord sur les détails",
        "counter_offer": "un budget adapté au périmètre",
        "smaller_scope": "une première version au périmètre réduit",
        "colleague_name": "une personne de confiance",
        "colleague_contact": "coordonnées sur demande",
    },
}

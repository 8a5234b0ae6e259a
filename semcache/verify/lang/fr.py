"""French: the words the checks read (accents stripped, lower case; stems match a
word's beginning)."""

from __future__ import annotations

NEGATION = ("ne", "n", "pas", "jamais", "aucun", "aucune", "sans", "rien", "ni", "non")
OPPOSITES = (
    (
        ("activ", "allum", "ouvrir", "ouvert", "ouverte", "entrer", "passer"),
        ("desactiv", "etein", "fermer", "ferme", "fermee", "sortir", "quitt"),
    ),
    (("annul", "resili"), ("conserv", "garder", "renouvel", "modifi")),
    (("ajout",), ("supprim", "retir", "enlev")),
    (("avantage",), ("inconvenient",)),
    (("monter", "augment", "hauss"), ("baiss", "diminu")),
    (("croissant",), ("decroissant",)),
    (("possible",), ("impossible",)),
    (("legal",), ("illegal",)),
    (("accept",), ("refus",)),
    (("riche",), ("pauvre",)),
    (("chauff", "rechauff"), ("refroid",)),
    (("avant",), ("apres",)),
    (("meilleur",), ("pire", "pires")),
    (("taille", "grand"), ("poids", "lourd")),
    (("gallon",), ("once", "onces")),
    (("coute", "prix"), ("obtenir", "demande")),
    (("gagner", "gagne"), ("perdre", "perds")),
    (("envoy",), ("recev", "recu")),
    (("achet",), ("vendre",)),
    (("telecharg",), ("mettre", "publi")),
    (("court", "courte", "courts"), ("long", "longue", "longs")),
    (("perdre",), ("prendre",)),
    (("arret",), ("commenc",)),
    (("adulte",), ("enfant", "bebe")),
    (("chien", "chiens"), ("chat", "chats")),
    (("matin",), ("soir",)),
    (("frigo", "refrigerateur"), ("congel",)),
    (("moyen", "moyenne"), ("maximum", "minimum", "max", "min")),
    (("vegetarien",), ("vegetalien", "vegan")),
)
NUMBERS = {
    "zero": 0, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20,
    "trente": 30, "cent": 100, "mille": 1000, "premier": "1st", "premiere": "1st",
    "deuxieme": "2nd", "second": "2nd", "seconde": "2nd", "troisieme": "3rd",
    "quatrieme": "4th", "cinquieme": "5th", "dernier": "last", "derniere": "last",
}  # fmt: skip
QUESTIONS = {
    "why": ("pourquoi", "pour quelle raison"),
    "when": ("quand", "en quelle annee", "a quelle heure"),
    "where": ("ou ", "d ou"),
    "who": ("qui ",),
    "howmuch": ("combien",),
    "how": ("comment",),
}
QUALIFIERS = ("tres", "legerement", "strict", "gros", "enorme", "anglais", "allemand",
              "espagnol", "italien", "portugais", "francais", "japonais", "fois", "depuis",
              "gastronomique", "dangereu")  # fmt: skip
NAMES = True  # capitalized words inside a sentence are names

"""German: the words the checks read (accents and umlauts stripped, lower case;
stems match a word's beginning)."""

from __future__ import annotations

NEGATION = ("nicht", "kein", "keine", "keinen", "keinem", "keiner", "nie", "niemals",
            "ohne", "nichts", "weder")  # fmt: skip
OPPOSITES = (
    (("aktivier", "einschalt", "$ein", "$an"), ("deaktivier", "ausschalt", "$aus", "$ab")),
    (("kundig", "stornier"), ("verlanger", "behalt", "andere", "ander")),
    (("hinzufug",), ("losch", "entfern")),
    (("vorteil",), ("nachteil",)),
    (("lauter", "erhoh", "steiger"), ("leiser", "senk", "verringer")),
    (("aufsteigend",), ("absteigend",)),
    (("moglich",), ("unmoglich",)),
    (("legal",), ("illegal",)),
    (("gesund",), ("ungesund",)),
    (("annehm", "$an"), ("ablehn", "$ab")),
    (("reichste", "reich"), ("armste", "arm")),
    (("aufheiz", "heize", "heizen"), ("abkuhl", "kuhle", "kuhlen")),
    (("vor",), ("nach",)),
    (("beste", "besten", "bester", "bestes"), ("schlecht",)),
    (("verdien", "gewinn"), ("verlier",)),
    (("sende", "senden", "schick"), ("empfang",)),
    (("kaufen", "kaufe", "kauft"), ("verkauf",)),
    (("hochlad", "$hoch"), ("herunterlad", "$herunter", "$runter")),
    (("kurz", "kurze", "kurzen"), ("ausfuhrlich",)),
    (("abnehm",), ("zunehm",)),
    (("aufhor", "hore", "horen", "$auf"), ("anfang", "fange", "fangen", "$an")),
    (("offen", "geoffnet"), ("geschlossen",)),
    (("erwachsen",), ("kind",)),
    (("hund",), ("katze",)),
    (("morgen",), ("abend",)),
    (("kuhlschrank",), ("gefrier",)),
    (("durchschnitt",), ("maxim", "minim", "mindest")),
    (("vegetar",), ("vegan",)),
    (("starte", "starten"), ("beende", "beenden")),
    (("schwer",), ("gross", "lang")),
    (("gallon",), ("unze",)),
    (("kostet", "kosten"), ("beantrag",)),
    (("gehe", "betret"), ("verlass",)),
    (("anzund", "zunde"), ("losche", "loschen")),
)
NUMBERS = {
    "null": 0, "zwei": 2, "drei": 3, "vier": 4, "funf": 5, "sechs": 6, "sieben": 7,
    "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwolf": 12, "zwanzig": 20,
    "dreissig": 30, "hundert": 100, "tausend": 1000, "zweimal": "2x", "erste": "1st",
    "ersten": "1st", "erster": "1st", "zweite": "2nd", "zweiten": "2nd", "dritte": "3rd",
    "dritten": "3rd", "achte": "8th", "zehnte": "10th", "letzte": "last", "letzten": "last",
}  # fmt: skip
QUESTIONS = {
    "why": ("warum", "weshalb", "wieso", "aus welchem grund"),
    "when": ("wann", "seit wann"),
    "where": ("wo ", "woher", "wohin"),
    "who": ("wer ", "von wem"),
    "howmuch": ("wie viel", "wie lange", "wie alt", "wie hoch", "wie gross", "wie schwer"),
    "how": ("wie ",),
}
QUALIFIERS = ("sehr", "leicht", "stark", "streng", "englisch", "deutsch", "franzosisch",
              "spanisch", "italienisch", "ferienjob", "festanstellung", "sterne", "gefahrlich",
              "seit")  # fmt: skip
NAMES = False  # every German noun is capitalized

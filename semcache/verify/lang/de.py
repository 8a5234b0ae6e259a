"""German: the words the checks read (accents and umlauts stripped, lower case;
stems match a word's beginning)."""

from __future__ import annotations

from ._formats import FORMATS

NEGATION = ("nicht", "kein", "keine", "keinen", "keinem", "keiner", "nie", "niemals",
            "ohne", "nichts", "weder")  # fmt: skip
# "Never" is a "not" (the negation check); a closing "or not" is a yes-no question's tag.
NEVER = {"nie": "nicht", "niemals": "nicht"}
OR_NOT = (("oder", "nicht"),)
OPPOSITES = (
    (("aktivier", "einschalt", "$ein", "$an"), ("deaktivier", "ausschalt", "$aus", "$ab")),
    (("kundig", "stornier"), ("verlanger", "behalt", "andere", "ander")),
    (("hinzufug", "$hinzu"), ("losch", "entfern")),
    (("vorteil",), ("nachteil",)),
    (("lauter", "erhoh", "steiger"), ("leiser", "senken", "senke", "senkt", "verringer")),
    (("aufsteigend",), ("absteigend",)),
    (("steigen", "steigt"), ("sinken", "sinkt")),
    (("moglich",), ("unmoglich",)),
    (("legal",), ("illegal",)),
    (("gesund",), ("ungesund",)),
    (("annehm", "$an"), ("ablehn", "$ab")),
    (("reichste", "reich"), ("armste", "arm")),
    (("aufheiz", "heize", "heizen"), ("abkuhl", "kuhle", "kuhlen")),
    (("vor",), ("nach",)),
    (("viel", "viele", "vielen", "mehr"), ("wenig", "wenige", "wenigen", "weniger")),
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
    "dreizehn": 13, "vierzehn": 14, "funfzehn": 15, "vierzig": 40, "funfzig": 50,
    "sechzig": 60, "siebzig": 70, "achtzig": 80, "neunzig": 90, "million": 1000000,
    "millionen": 1000000, "halb": 0.5, "halbe": 0.5, "halben": 0.5, "halbes": 0.5, "halber": 0.5,
    "halfte": 0.5,
    "viertel": 0.25, "doppelt": "2x", "doppelte": "2x", "dreifach": "3x", "dutzend": 12,
    "null": 0, "zwei": 2, "drei": 3, "vier": 4, "funf": 5, "sechs": 6, "sieben": 7,
    "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwolf": 12, "zwanzig": 20,
    "dreissig": 30, "hundert": 100, "tausend": 1000, "zweimal": "2x", "erste": "1st",
    "ersten": "1st", "erster": "1st", "zweite": "2nd", "zweiten": "2nd", "dritte": "3rd",
    "dritten": "3rd", "achte": "8th", "zehnte": "10th", "letzte": "last", "letzten": "last",
}  # fmt: skip
QUESTIONS = {
    "why": (
        "warum",
        "weshalb",
        "wieso",
        "aus welchem grund",
        "was verursacht",
        "was erklart",
        "woher kommt",
        "woher kommen",
        "woher stammt",
        "woher stammen",
    ),
    "when": ("wann", "seit wann"),
    "where": ("wo ", "woher", "wohin", "an welchem ort", "an welcher stelle"),
    "who": ("wer ", "wen ", "wem ", "von wem"),
    "quantity": ("wie viel", "wie viele", "wieviel", "wieviele", "welche menge"),
    "price": ("was kostet", "was kosten", "wie viel kostet", "wie viel kosten", "wie teuer"),
    "duration": ("wie lange",),
    "age": ("wie alt",),
    "size": ("wie hoch", "wie gross", "wie lang", "wie breit", "wie tief"),
    "weight": ("wie schwer",),
    "distance": ("wie weit",),
    "frequency": ("wie oft", "wie haufig", "in welchen abstanden", "in welchem abstand"),
    "purpose": ("wozu", "wofur"),
    # How two things differ: its own question ("Quand utiliser A" is not "la différence
    # entre A et B"), which a where or a who inside it does not change.
    "difference": (
        "was ist der unterschied",
        "was sind die unterschiede",
        "welcher unterschied",
        "welche unterschiede",
        "worin unterscheiden",
        "worin unterscheidet",
        "wo ist der unterschied",
        "wo liegt der unterschied",
    ),
    "how": ("wie ",),
}
# Intensifiers: one qualifier, "very", whichever is used (whole words).
INTENSIFIERS = (
    "sehr",
    "stark",
    "extrem",
    "total",
    "echt",
    "wirklich",
    "super",
)
QUALIFIERS = ("sehr", "leicht", "stark", "streng", "englisch", "deutsch=", "franzosisch",
              "portugiesisch", "russisch", "chinesisch", "japanisch", "turkisch", "polnisch",
              "niederlandisch", "arabisch", "koreanisch", "spanisch", "italienisch", "ferienjob",
              "festanstellung", "sterne", "gefahrlich", "seit")  # fmt: skip
NOUNS_CAPITALIZED = True  # a name is a capitalized word after no determiner (_aligned.py)
HEAD_LAST = True  # a compound is its last part: "Jahreszeit" is a "Zeit" (_checks.py)
# Places, folded: a name even written in lower case ("wo parken in köln", as prompts
# typed in haste are), which the capital rule cannot see. The largest cities of
# Germany, Austria and Switzerland, the Länder and the neighbouring countries; no city
# whose name is also a word ("Essen", "Halle", "Hamm").
PLACES = """
berlin hamburg munchen koln frankfurt stuttgart dusseldorf dortmund leipzig bremen
dresden hannover nurnberg duisburg bochum wuppertal bielefeld bonn munster karlsruhe
mannheim augsburg wiesbaden gelsenkirchen monchengladbach braunschweig kiel chemnitz
aachen magdeburg freiburg krefeld lubeck oberhausen erfurt mainz rostock kassel potsdam
saarbrucken ludwigshafen oldenburg osnabruck leverkusen heidelberg darmstadt regensburg
wurzburg ingolstadt ulm wolfsburg gottingen jena trier konstanz passau rosenheim
bamberg bayreuth koblenz cottbus schwerin flensburg zwickau wien graz linz salzburg
innsbruck klagenfurt villach bregenz zurich genf basel bern lausanne luzern lugano
winterthur bayern sachsen hessen thuringen brandenburg niedersachsen nordrhein
westfalen schleswig holstein saarland rheinland pfalz mecklenburg vorpommern tirol
vorarlberg karnten steiermark burgenland deutschland osterreich schweiz frankreich
italien spanien portugal polen tschechien danemark niederlande holland belgien
luxemburg ungarn kroatien griechenland turkei schweden norwegen finnland
"""
# Closed classes, for the alignment checks (_aligned.py): the words of grammar
# (articles, pronouns, possessives, prepositions, conjunctions, auxiliaries and
# modals) and of the request frame. Whatever else differs is content. A
# separable particle ("schalte ... ein") at the end of a sentence is grammar there
# (OPPOSITES reads "ein" / "aus").
GRAMMAR = """
ungefahr etwa circa zirka endgultig
der die das den dem des ein eine einen einem einer eines
mein meine meinen meinem meiner meines dein deine deinen deinem sein seine seinen seinem
ihr ihre ihren ihrem unser unsere unseren unserem euer eure
ich du er sie es wir man mich dich sich uns euch mir dir ihm ihn ihnen
und oder aber denn sondern dass ob wenn als
in im ins an am auf aus bei beim mit nach von vom zu zum zur fur uber unter hinter neben
zwischen durch gegen um bis
ist bin bist sind seid war waren wird wirst werden wurde wurden
habe hast hat haben hatte hatten kann kannst konnen konnte konnten muss musst mussen
soll sollte sollen will willst wollen mochte mochten darf durfen lasst lassen
gibt da so auch noch schon nur mal eigentlich genau wirklich jetzt gerade aktuell
"""
# How plainly to explain: the frame of the request, no qualifier of what is asked
# ("explícame de forma sencilla qué es X" / "¿Qué es X?"; folded words, whole phrases).
PLAINLY = (
    "einfach erklart",
    "einfach erklaren",
    "einfach erklaert",
    "in einfachen worten",
    "mit einfachen worten",
    "fur laien",
    "fur dummies",
    "leicht verstandlich",
    "kindgerecht erklart",
    "wie fur ein kind",
)
FRAME = """
gib zeig sag erklar hallo danke
wie was welche welcher welches welchen welchem bitte gerne sagen erklaren erklare
weisst wissen moglichkeit art weise machen mache macht tun bedeutet heisst heissen
"""
SYMMETRIC = ("und", "oder", "zwischen")
# The words that open a noun phrase: a capitalized word after one is a noun, not a name.
DETERMINERS = """
der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner
mein meine meinen meinem meiner meines dein deine deinen deinem deiner sein seine seinen
seinem seiner ihr ihre ihren ihrem ihrer unser unsere unseren unserem euer eure
dieser diese dieses diesen diesem jener jene jeder jede jedes jeden jedem alle allen
viele vielen wenige wenigen einige einigen mehrere manche welche welcher welches welchen
welchem im am ans ins zum zur vom beim
viel wieviel wenig mehr weniger genug
"""
PARTICLES = (
    "ein",
    "aus",
    "an",
    "ab",
    "auf",
    "zu",
    "vor",
    "los",
    "raus",
    "hoch",
    "runter",
    "herunter",
)
PREFIXES = ("de", "un", "ver", "ab", "an", "aus", "ein", "miss", "ent")
WHICH = ("welche", "welcher", "welches", "welchen", "welchem")
# The concepts of semcache.verify's English opposites lexicon, in German (not words
# of the labelled pairs): read with OPPOSITES.
GENERAL_OPPOSITES = (
    # Curly against straight (hair).
    (("locken", "lockig", "lockige", "lockigen", "gelockt", "wellig", "gewellt"),
     ("glatt", "glatte", "glatten", "glattes", "glatter")),
    # Bringing a thing forward against putting it off ("vorverlegen" / "verschieben").
    (("vorverleg", "verfruh"), ("verschieb", "aufschieb", "verzoger", "verspat")),
    # Allowed against forbidden; advised against advised against.
    (("erlaubt", "zulassig"), ("verboten", "untersagt", "unzulassig")),
    (("empfohlen", "empfehl"), ("abgeraten", "abraten", "abzuraten")),
    # How two things differ against what they share (a comparison asked two ways).
    (("unterschied", "unterscheid"), ("gemeinsam", "gemeinsamkeit", "ahnlichkeit", "ahnel")),
    (("pflicht", "obligatorisch", "erforderlich"), ("optional", "freiwillig")),
    (("importier", "import"), ("exportier", "export")),
    (("wahr", "richtig"), ("falsch",)),
    (("drucken", "schieben"), ("ziehen",)),
    (("links", "linke", "linken"), ("rechts", "rechte", "rechten")),
    (("heiss", "heisse", "warm", "warme", "warmen"), ("kalt", "kalte", "kalten")),
    (("positiv", "positive"), ("negativ", "negative")),
    (("mann", "manner", "mannlich", "junge", "jungen"),
     ("frau", "frauen", "weiblich", "madchen")),
    (("sperren", "sperre", "abschliessen"), ("entsperren", "entsperre", "aufschliessen")),
    (("anzeigen", "zeigen", "einblenden"), ("verstecken", "verbergen", "ausblenden")),
    (("abonnieren",), ("abbestellen", "deabonnieren")),
    (("erlauben", "erlaubt", "zulassen"), ("blockieren", "verbieten", "verboten", "sperren")),
    (("billig", "billige", "gunstig", "gunstige"), ("teuer", "teure", "teuren", "teuerste")),
    (("schnell", "schnelle", "schneller"), ("langsam", "langsame", "langsamer")),
    (("einfach", "einfache", "leicht", "leichte"),
     ("schwierig", "schwierige", "schwer", "schwere")),
    (("jung", "junge", "jungen"), ("alt", "alte", "alten", "alter")),
    (("neu", "neue", "neuen", "neuer", "neues"), ("alt", "alte", "alten", "altes")),
    (("uber", "oberhalb"), ("unter", "unterhalb")),
    (("innen", "intern", "interne"), ("aussen", "extern", "externe")),
    (("eingang", "eingabe"), ("ausgang", "ausgabe")),
    (("liebe", "lieben", "mag", "mogen"), ("hasse", "hassen")),
    (("tag", "tags", "tagsuber"), ("nacht", "nachts")),
    (("norden", "nord", "nordlich"), ("suden", "sud", "sudlich")),
    (("osten", "ost", "ostlich"), ("westen", "west", "westlich")),
    (("vergangenheit",), ("zukunft",)),
    (("waagerecht", "horizontal"), ("senkrecht", "vertikal")),
    (("gross", "grosse", "grossen", "grosser"), ("klein", "kleine", "kleinen", "kleiner")),
    (("oben",), ("unten",)),
    (("vorne", "vorn"), ("hinten",)),
    (("offentlich", "offentliche"), ("privat", "private")),
    (("lokal", "lokale"), ("remote", "entfernt")),
    (("formell", "formelle", "formal"), ("informell", "informelle", "locker", "lockere")),
    (("anfanger",), ("experte", "experten", "fortgeschritten")),
    (("online",), ("offline",)),
    (("erfolg", "erfolgreich"), ("misserfolg", "scheitern", "fehlgeschlagen")),
    (("sicher", "sichere"), ("gefahrlich", "gefahrliche", "unsicher")),
    (("gerade",), ("ungerade",)),
    (("hell", "helle", "heller"), ("dunkel", "dunkle", "dunkler")),
    (("fahrenheit",), ("celsius",)),
    (("vorwarts",), ("ruckwarts",)),
    (("geben", "gebe"), ("bekommen", "erhalten")),
    (("vergrosser", "erweiter", "erhoh", "steiger"), ("verkleiner", "reduzier", "verringer")),
    (("dick", "dicke", "dicker", "dickflussig", "eindick"),
     ("dunn", "dunne", "dunner", "flussig", "verdunn")),
    (("breit", "breite", "breiter", "verbreiter"),
     ("schmal", "schmale", "schmaler", "verschmaler")),
    (("akzeptier", "zusag"), ("ablehn", "absag", "zuruckweis")),
    (("eroffn", "offne", "offnen"), ("schliesse", "schliessen", "kundig", "auflos")),
    (("nach oben", "hoch"), ("nach unten", "runter")),
    (("hoch", "hohe", "hohen", "hoher"), ("niedrig", "niedrige", "niedrigen", "niedriger")),
    (("spricht fur", "pro"), ("spricht gegen", "contra", "kontra")),
    (("weich", "weiche", "weicher", "fluffig", "luftig"),
     ("fest", "feste", "fester", "festen", "hart")),
    (("beschleunig",), ("verlangsam", "abbrems", "drossel", "langsam", "langsamer")),
    (("zunehm", "nehme zu", "nimmt zu"), ("abnehm", "nehme ab", "nimmt ab")),
    (("anreg", "stimulier", "aktivier"), ("beruhig", "dampf")),
    (("brutto",), ("netto",)),
    (("hinflug", "hinfahrt", "hinreise"), ("ruckflug", "ruckfahrt", "ruckreise")),
    (("aufhell", "heller"), ("abdunkel", "verdunkel", "dunkler")),
    (("fruh", "fruher", "fruhe"), ("spat", "spater", "spate")),
    (("in wenigen satzen", "in einem absatz", "kurz gefasst", "knapp"),
     ("ausfuhrlich", "im detail", "detailliert")),
)  # fmt: skip
# Verb particles of opposite sense on one root ("einloggen" / "ausloggen", "anmelden" /
# "abmelden", "aufmachen" / "zumachen", "zunehmen" / "abnehmen"): read by the
# opposite check (_checks.py), as the antonym prefixes of ANTONYM_PREFIXES.
PARTICLE_OPPOSITES = (("ein", "aus"), ("an", "ab"), ("an", "aus"), ("auf", "zu"), ("zu", "ab"))
ANTONYM_PREFIXES = ("un", "de", "des", "miss")
# Times (folded words and phrases) and what each names: two prompts naming different
# times ask different things ("morgen" / "heute", "dieses Wochenende" / "nächste
# Woche"). Phrases are read before their words ("am Morgen" is the morning).
TIME = {
    "heute": "today", "saison": "season", "diese saison": "this-season",
    "dieser saison": "this-season", "heute abend": "today evening", "heute morgen": "today morning",
    "heute nachmittag": "today afternoon", "heute nacht": "today evening",
    "morgen": "tomorrow", "morgen fruh": "tomorrow morning", "gestern": "yesterday",
    "ubermorgen": "after-tomorrow", "vorgestern": "before-yesterday",
    "am morgen": "morning", "jeden morgen": "morning", "morgens": "morning",
    "vormittag": "morning", "vormittags": "morning", "nachmittag": "afternoon",
    "nachmittags": "afternoon", "abend": "evening", "abends": "evening", "nacht": "evening",
    "nachts": "evening", "mittag": "noon", "mittags": "noon",
    "wochenende": "weekend", "diese woche": "this-week", "nachste woche": "next-week",
    "nachsten woche": "next-week", "letzte woche": "last-week", "letzten woche": "last-week",
    "vergangene woche": "last-week", "dieses jahr": "this-year", "diesem jahr": "this-year",
    "nachstes jahr": "next-year", "nachsten jahr": "next-year", "letztes jahr": "last-year",
    "letzten jahr": "last-year", "vorjahr": "last-year", "diesen monat": "this-month",
    "nachsten monat": "next-month", "letzten monat": "last-month",
    "montag": "mon", "dienstag": "tue", "mittwoch": "wed", "donnerstag": "thu",
    "freitag": "fri", "samstag": "sat", "sonnabend": "sat", "sonntag": "sun",
    "januar": "jan", "februar": "feb", "marz": "mar", "april": "apr", "mai": "may",
    "juni": "jun", "juli": "jul", "august": "aug", "september": "sep", "oktober": "oct",
    "november": "nov", "dezember": "dec",
    "fruhling": "spring", "fruhjahr": "spring", "sommer": "summer", "herbst": "autumn",
    "winter": "winter", "jetzt": "now", "momentan": "now", "im moment": "now",
    "zurzeit": "now",
    "taglich": "daily", "pro tag": "daily", "am tag": "daily", "jeden tag": "daily",
    "wochentlich": "weekly", "pro woche": "weekly", "jede woche": "weekly",
    "monatlich": "monthly", "pro monat": "monthly", "im monat": "monthly",
    "jeden monat": "monthly", "jahrlich": "yearly", "pro jahr": "yearly", "im jahr": "yearly",
    "jedes jahr": "yearly", "unter der woche": "weekday", "werktags": "weekday",
    "weihnachten": "christmas", "ostern": "easter", "neujahr": "new-year",
    "silvester": "new-year-eve",
    "karneval": "carnival", "fasching": "carnival",
    "sonnenaufgang": "dawn", "morgengrauen": "dawn", "sonnenuntergang": "dusk",
    "abenddammerung": "dusk", "nuchtern": "fasting",
    "vor dem schlafengehen": "evening", "vor dem schlafen": "evening",
    "nach dem aufstehen": "morning", "nach dem aufwachen": "morning",
}  # fmt: skip
# A time named with "last" or "next" ("letzten Sommer", "nächsten Montag"): another
# time than the plain one. Each "{}" is a one-word time of TIME.
LAST = ("letzten {}", "letztes {}", "letzte {}", "letzter {}", "vergangenen {}",
        "vergangenes {}")  # fmt: skip
NEXT = ("nachsten {}", "nachstes {}", "nachste {}", "nachster {}", "kommenden {}",
        "kommendes {}")  # fmt: skip
# Words that name the word after them ("das Verb sein"): that word is content, and a
# name (another word asked about), even where it is grammar ("sein", "haben").
# A request for what a quoted saying means: two wordings of one saying are one saying
# ("no le mires el diente" / "no se le mira el diente"; the quote check).
MEANING = ("bedeutet", "bedeutung", "heisst", "sprichwort", "redewendung", "ausdruck", "spruch")
MENTIONS = ("verb", "verbs", "wort", "begriff", "ausdruck")
# Direction: the prepositions before where something comes from and where it goes
# ("von Hamburg nach Berlin", "vom Deutschen ins Englische", "Dollar in Euro").
SOURCES = ("von", "vom", "aus")
TARGETS = ("nach", "in", "ins", "zu", "zum", "zur", "auf", "aufs")
# "What" opening a question ("Was ...").
WHAT = ("was",)
# A which-word before one of these asks "when" ("in welchem Jahr" is "wann").
# Verbs of seeing or finding: "where" before one asks how to find a thing out ("Wo finde
# ich ...", "Où voir ...": the question check reads it as "how"). Stems of five letters or
# more match a word's beginning.
LOOK_UP = ("nachschau", "nachseh", "sehe", "sieht", "finde", "findet", "find", "einseh", "einsehen")
# Verbs of coming about after "wie" ("Wie entsteht ein Regenbogen?"): a cause asked.
ARISING = ("entsteht", "entstehen", "bildet", "bilden")
WHEN_NOUNS = ("jahr", "tag", "datum", "uhrzeit", "monat", "jahrhundert", "zeit", "zeitpunkt")
# A which-word before one of these asks for a deadline: "when" against a when ("qual o
# prazo" / "até quando"), a duration against a how-long ("quantos dias tenho").
DEADLINE_NOUNS = ("frist", "stichtag")
# "Until when" asks where a span ends: a deadline (a date against a when, a
# duration against a how-long).
UNTIL = ("bis wann",)
# "How far ahead" asks when, not how long (the question check).
AHEAD = ("wie lange vorher", "wie lange im voraus", "wie weit im voraus", "wie fruh im voraus")
# The copulas: "Was sind die Ursachen": the noun says what is asked.
COPULAS = ("ist", "sind", "war", "waren", "wird", "werden", "bedeutet", "heisst")
# Articles, and prepositions fused with one: a rewording does not count them ("im
# Kundenkonto" / "in meinem Kundenkonto" is not reworded).
ARTICLES = "der die das den dem des ein eine einen einem einer eines"
CONTRACTIONS = {"im": "in", "ins": "in", "am": "an", "ans": "an", "zum": "zu", "zur": "zu",
                "vom": "von", "beim": "bei", "aufs": "auf",  # and possessives' cases
                **{f"{p}{e}": p for p in ("mein", "dein", "sein", "ihr", "unser")
                   for e in ("e", "en", "em", "er", "es")}}  # fmt: skip
# Modal verbs (folded whole words and phrases) and what each asks: whether something may or
# can be done, must be, or should be ("Darf man ..." / "Muss man ..."). The
# subjunctive "könnten Sie" asks the assistant politely: left out.
MODALS = {
    "can": ("kann", "kannst", "konnen", "konnt", "darf", "darfst", "durfen", "durft",
            "erlaubt", "moglich"),
    "must": ("muss", "musst", "mussen", "musst", "pflicht", "vorgeschrieben", "notwendig",
             "notig", "erforderlich", "brauche", "brauchst", "braucht"),
    "should": ("soll", "sollst", "sollen", "sollt", "sollte", "solltest", "sollten",
               "empfohlen"),
}  # fmt: skip

# The request's task and the form of its output, as classes ("Fasse zusammen" / "Übersetze", "ein
# Gedicht" / "eine Geschichte"): two prompts that each name one the other does not ask for
# different things. Stems match a word's beginning (five letters or more), shorter ones
# whole words, phrases as phrases.
TASKS = {
    **FORMATS,
    "timeline": ("zeitstrahl", "zeitleiste", "chronologie"),
    "steps": ("schritt fur schritt",),
    "translate": ("ubersetz",),
    "summarize": ("zusammenfass", "fasse", "fass"),
    "rephrase": ("umformulier", "paraphras", "umschreib", "$um"),
    "correct": ("korrigier", "korrektur"),
    "explain": ("erklar", "beschreib"),
    "analyse": ("analys",),
    "evaluate": ("bewert", "beurteil", "kritisier"),
    "compare": ("vergleich",),
    "comment": ("kommentier",),
    "improve": ("verbesser",),
    "check": ("pruf", "prufe", "uberpruf"),
    "table": ("tabelle",),
    "bullets": ("stichpunkt", "aufzahlung", "liste", "listen", "auflist"),
    "title": ("titel", "uberschrift"),
    "convert": ("portier", "konvertier", "umwandel", "wandle", "migrier"),
    "optimize": ("optimier",),
    "simplify": ("vereinfach",),
    "shorten": ("kurz", "kurze", "verkurz"),
    "examples": ("beispiel",),
    "define": ("definition", "definier"),
    "quiz": ("quiz", "fragebogen"),
    "document": ("dokumentier",),
    "debug": ("debugg",),
    "refactor": ("refaktorier", "refactor"),
    "reply": ("beantwort",),
    "sort": ("sortier", "ordne"),
    "classify": ("klassifizier", "kategorisier"),
    "extract": ("extrahier",),
    "outline": ("gliederung", "gliedere"),
    "slides": ("prasentation", "folien"),
    "cv": ("lebenslauf", "cv"),
    "cover": ("anschreiben", "bewerbungsschreiben", "motivationsschreiben"),
    "poem": ("gedicht", "haiku", "sonett", "reim", "reime", "gereimt", "reimend", "versen"),
    "story": ("geschichte", "kurzgeschicht", "marchen", "erzahlung", "fabel"),
    "essay": ("aufsatz", "essay"),
    "letter": ("brief", "briefe"),
    "email": ("email", "mail", "mails"),
    "joke": ("witz", "witze"),
    "song": ("lied", "songtext"),
    "speech": ("rede",),
    "paragraph": ("absatz", "absatze", "absatzen", "paragraph"),
    "minutes": ("protokoll",),
    "formal": ("formell", "formlich"),
    "funny": ("lustig", "witzig", "humorvoll", "komisch"),
}  # fmt: skip
# How much of a thing is asked about: "all", "some", "part" ("einige" / "alle",
# "einen Teil" / "den ganzen"); and the indefinite articles, which say "one" before a noun
# the other prompt says "all" of.
QUANTITIES = {
    "all": ("alle", "allen", "aller", "alles", "samtlich", "ganze", "gesamte", "jede", "jeden",
            "jeder", "jedes", "jedem"),
    "some": ("einige", "mehrere", "manche", "ein paar"),
    "part": ("teil", "teilweise"),
    "both": ("beide", "beiden", "beides"),
    "most": ("meisten", "meiste"),
    "one": ("einzige", "einzigen", "einzelne", "einzelnen", "nur ein", "nur eine", "nur einen"),
    "little": ("ein bisschen", "ein wenig"),
    # Amounts said in round hundreds or thousands ("Hunderte", "Tausende") are many.
    "many": ("viele", "vielen", "eine menge", "hunderte", "tausende", "dutzende"),
}  # fmt: skip
INDEFINITE = ("ein", "eine", "einen", "einem", "einer", "eines")
# What is required against what is advised ("Ist ... Pflicht" / "Ist ... empfohlen"):
# "must" and "should" are one for the modal verbs, not for these words.
# What is forbidden, advised against or harmful: a which-question on it ("Quels
# médicaments sont déconseillés ?") asks for the other list than one on what one may do
# ("Quels médicaments peut-on prendre ?"; the modality check).
BANNED = ("verboten", "abgeraten", "vermeid", "gefahrlich", "giftig", "schadlich", "nicht erlaubt")
OBLIGED = ("pflicht", "verpflichtet", "vorgeschrieben", "obligatorisch")
ADVISED = (
    "empfohlen",
    "empfehl",
    "empfiehlt",
    "ratsam",
    # what is customary is no rule either ("Ist es üblich, ...")
    "ublich",
    "gebrauchlich",
    "lohnt sich",
    "lohnt es sich",
)
# Synonyms the alignment reads as one word when one is swapped for another in place
# ("supprimer" / "effacer"): common words of requests, not contrasts (those are
# opposites). An entry of four letters or more begins a word's stem; a shorter one is it.
SYNONYMS = (
    ("losch", "entfern"),
    ("schreib", "verfass", "formulier"),
    ("kundig", "stornier", "beend"),
    ("unterlag", "dokument", "papier"),
    ("einfach", "leicht", "simpel"),
    ("arbeitgeb", "chef"),
    ("senk", "reduzier", "verringer"),
    ("kauf", "erwerb"),
    ("handy", "smartphone", "telefon"),
    ("computer", "rechner", "pc"),
    ("reparier", "flick"),
    ("schnell", "rasch", "zugig"),
    ("schick", "send", "versend", "verschick"),
    ("beantrag", "anforder", "bekomm", "erhalt", "krieg"),
)
# Units of measure by what they measure: two prompts naming different units of one
# measure ask about different amounts ("un verre" / "une bouteille", "Gramm" / "Kilo").
# One unit's spellings are joined by "/"; whole words.
# What a quantity is asked in: "combien *en* miles", "cuánto es *en* metros" (the unit check).
INTO = ("in",)
# What a rate is "per": "prix *au* kilo", "*por* unidad", "*je* Stück" (the unit check).
PER = ("pro", "je")
UNITS = {
    "time": ("sekunde/sekunden", "minute/minuten/min", "stunde/stunden", "tag/tage/tagen",
             "woche/wochen", "monat/monate/monaten", "jahr/jahre/jahren"),
    "mass": ("g/gramm", "mg/milligramm", "ug/mcg/mikrogramm", "kg/kilo/kilogramm", "pfund",
             "tonne/tonnen",
               "unze/unzen"),
    "volume": ("ml/milliliter", "cl/zentiliter", "l/liter", "glas/glaser", "flasche/flaschen",
               "tasse/tassen", "loffel/essloffel", "teeloffel", "prise/prisen", "becher",
               "schussel/schusseln", "tank/tanks/tankfullung",
               "gallone/gallonen", "pint/pints", "barrel/barrels",
               "kubikmeter/kubikmetern", "kubikzentimeter/kubikzentimetern"),
    "area": ("acre/acres", "hektar", "quadratmeter/quadratmetern/qm",
             "quadratkilometer/quadratkilometern", "quadratzentimeter/quadratzentimetern",
             "quadratfuss", "quadratzoll", "quadratmeile/quadratmeilen"),
    "length": ("mm/millimeter/millimetern", "cm/zentimeter/zentimetern", "meter/metern",
               "km/kilometer/kilometern", "zoll", "fuss", "meile/meilen"),
    "data": ("kb/kilobyte", "mb/megabyte", "gb/gigabyte", "tb/terabyte",
               "kbit/kilobit", "mbit/megabit/megabits/mbps", "gbit/gigabit/gigabits"),
    "count": ("stuck", "scheibe/scheiben", "portion/portionen", "packung/packungen",
              "dose/dosen", "kiste/kisten"),
    "pressure": ("psi", "bar", "kpa/pascal", "atm/atmosphare/atmospharen"),
    "speed": ("mph", "knoten", "kmh"),
    "energy": ("kalorie/kalorien/kcal", "kj/kilojoule", "kwh"),
}  # fmt: skip
# Sister terms: kinds of one thing ("en voiture" / "en train", "Hund" / "Katze"). Two
# prompts each naming a kind of one class the other does not name ask about different
# things (the contrast check); one kind's spellings are joined by "/"; whole words.
SISTERS = {
    # Kinds of work contract: an employee's rights differ with each.
    "contract": ("unbefristet/unbefristeten/unbefristeter", "befristet/befristeten/befristeter",
                 "teilzeit", "vollzeit", "minijob/minijobs/minijobber", "midijob/midijobs",
                 "werkstudent/werkstudentin", "leiharbeit/zeitarbeit",
                 "freiberufler/selbststandig"),
    "transport": ("auto/autos/pkw", "bus/busse/fernbus", "zug/zuge/bahn", "flugzeug",
                  "fahrrad", "motorrad/roller", "taxi/uber", "schiff", "strassenbahn/tram"),
    "animal": ("hund/hunde/welpe/welpen", "katze/katzen/kater", "papagei/papageien/wellensittich",
               "kaninchen/hase", "hamster", "pferd/pferde", "vogel/vogel", "schildkrote"),
    "drink": ("bier", "wein", "kaffee", "tee", "saft", "milch", "wasser", "limonade/limo"),
    "material": ("leder", "wildleder", "stoff", "samt", "baumwolle", "wolle", "seide",
                 "polyester"),
    "channel": ("app", "website/webseite", "filiale", "schalter", "automat/geldautomat"),
    "rent": ("mieter/mieterin", "vermieter/vermieterin"),
    "work": ("arbeitnehmer/arbeitnehmerin/angestellte/angestellter", "arbeitgeber/chef/chefin"),
    "payment": ("uberweisung", "lastschrift", "scheck", "bargeld", "paypal"),
    "staple": ("reis", "nudeln", "linsen", "kartoffel/kartoffeln", "bohnen"),
    "meat": ("hahnchen/huhn/huhnchen", "rindfleisch", "fisch", "schweinefleisch"),
    "hub": ("innenstadt/zentrum/stadtzentrum", "flughafen", "bahnhof/hauptbahnhof"),
    "garden": ("blumentopf", "garten", "beet/hochbeet", "balkon/terrasse"),
    "care": ("arzt/arztin/arzte", "patient/patientin/patienten"),
    "trade": ("kunde/kundin/kunden/kaufer", "verkaufer/verkauferin/handler/laden"),
}  # fmt: skip
# Demonstratives that point at a text given with the request ("Traduis *ce* texte"):
# another request verb on it is another task.
DEICTIC = "dieser diese diesen dieses diesem folgenden folgende folgender"
# A negation that is "without" or follows "so that" qualifies the way asked for ("sin
# llamar al fontanero", "para que no se muera"): where it negates a word the other
# prompt does not say, in a rewording, it is no veto (the negation check).
WITHOUT = ("ohne",)
# "For": an "all" alone after it is everyone ("para todos"; the quantity check).
FOR = ("fur",)
# What one cannot do or find, said before the question ("No encuentro X, ¿dónde ...?"):
# the situation asked about, no negated question (the negation check).
UNABLE = ("weiss", "finde", "schaffe")
PURPOSE = ("damit", "um")
# "Not stop doing" is "keep doing" ("não para de tremer" is "fica tremendo"): its
# negation is none against a prompt without the stop verb (the negation check).
KEEPS_ON = ("hort nicht auf", "horen nicht auf", "hore nicht auf")
# Who does what to whom: the words that open a party's noun phrase ("der Arbeitgeber",
# "dem Arbeitnehmer": the determiners), and the agent's preposition of a passive
# ("*vom* Arbeitgeber gekündigt"), which keeps the roles of two parties that trade
# places (the role check).
PARTY_MARKS = DETERMINERS
AGENTS = ("von", "vom", "durch")
# Whose a thing is: the speaker's possessives, the prepositions before another owner
# ("le chat *du* voisin"), and the words naming someone else ("de outra pessoa"):
# a thing of the speaker's on one side and another's on the other (the role check).
MINE = ("mein", "meine", "meinen", "meinem", "meiner", "meines")
OF = ("von", "vom")
OTHERS = ("anderen", "fremden")
# The speaker as the one who acts and as the one acted on ("ich habe einen Fußgänger
# angefahren" / "ein Radfahrer hat mich angefahren"): read by the role check (_checks.py).
SPEAKER = ("ich",)
SPEAKER_OBJECT = ("mich", "mir")
ADDRESSEE = ("du", "sie", "ihr")
# Complaints and accusations: who is blamed, the speaker or another, turns on one
# side only ("mein Nachbar *beschwert sich*, dass ich ...", "mir wird *vorgeworfen*");
# a complaint on one side only is another role (the role check).
ACCUSES = ("beschwer", "vorgeworfen", "vorwerf", "wirft mir", "werfen mir", "beschuldig")
# "That" opening a clause, and the third person's subject pronouns: the speaker as the
# subject of the clause on one side, another on the other ("dass ich ausziehe" / "dass es
# ausziehen soll"), is another role (the role check).
THAT = ("dass",)
THIRD_PERSON = ("er", "sie", "es", "man")
# "Someone" as the one who acts, where the speaker acts on the other side (the role check).
SOMEONE = ("jemand", "jemandem", "jemanden", "jemandes")
# "As": the role the speaker speaks in ("*als* Arbeitgeber"), against the same party as
# the speaker's own on the other side ("von meinem Arbeitgeber"): the role check.
AS_ROLE = ("als",)
# "Instead of" between two things ("pneus hiver *au lieu des* pneus 4 saisons"): a choice
# asked on one side only (the qualifier check); not after a pronoun ("Was kann ich statt
# Eiern nehmen", a substitute asked), nor "stattfinden".
INSTEAD = ("statt", "anstatt", "anstelle von")
# Two things set against each other (the comparison check): "A *statt* B", "A *im
# Vergleich zu* B", "than" after a comparative ("*besser* als", "*günstiger* als": an
# uncapitalized word in -er), and "replace A *by* B" after a verb of replacing.
COMPARED = ("im vergleich zu", "im vergleich zum", "im vergleich zur", "verglichen mit",
            "gegenuber", "versus", "vs")  # fmt: skip
THAN = ("als",)
COMPARATIVES = ("mehr", "weniger", "besser", "lieber", "eher", "schlechter")
COMPARATIVE_ENDING = "er"
REPLACE = ("ersetz", "austausch", "tausch")
REPLACED_BY = ("durch", "gegen")
# "Or" between two alternatives ("A ou B ?": the choice check).
OR = ("oder",)
# "Between" and its "and": two things compared, as an "or" offers two.
BETWEEN = ("zwischen",)
AND = ("und",)
# "Not to miss" is what one should see or do ("qu'il ne faut pas rater", "darf man nicht
# verpassen"): should, and no negation against a prompt without the miss verb.
NOT_MISSING = ("nicht verpassen", "keinen fall verpassen", "nicht verpasst", "nicht entgehen")
# "Each" says "all" one at a time: "each ticket" is "one ticket" (the quantity check).
EACH = ("jede", "jeden", "jeder", "jedes", "jedem")

"""French: the words the checks read (accents stripped, lower case; stems match a
word's beginning)."""

from __future__ import annotations

from ._formats import FORMATS

NEGATION = ("ne", "n", "pas", "jamais", "aucun", "aucune", "sans", "rien", "ni", "non")
# "Never" is a "not" (the negation check); a closing "or not" is a yes-no question's tag.
NEVER = {"jamais": "pas"}
OR_NOT = (("ou", "pas"), ("ou", "non"))
OPPOSITES = (
    # How two things differ against what they share (a comparison asked two ways).
    (
        ("differe", "distingu"),
        ("ressembl", "en commun", "point commun", "points communs", "similitud"),
    ),
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
    (("accept", "approuv"), ("refus", "declin", "rejet", "rejett")),
    (("riche",), ("pauvre",)),
    (("chauff", "rechauff"), ("refroid", "rafraich")),
    (("avant",), ("apres",)),
    (("beaucoup", "plus"), ("peu", "moins")),
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
    "treize": 13, "quatorze": 14, "seize": 16, "quarante": 40, "cinquante": 50,
    "soixante": 60, "million": 1000000, "millions": 1000000, "demi": 0.5, "demie": 0.5,
    "moitie": 0.5, "quart": 0.25, "double": "2x", "triple": "3x", "douzaine": 12,
    "zero": 0, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15, "vingt": 20,
    "trente": 30, "cent": 100, "mille": 1000, "premier": "1st", "premiere": "1st",
    "deuxieme": "2nd", "second": "2nd", "seconde": "2nd", "troisieme": "3rd",
    "quatrieme": "4th", "cinquieme": "5th", "dernier": "last", "derniere": "last",
}  # fmt: skip
QUESTIONS = {
    "why": (
        "pourquoi",
        "pour quelle raison",
        "qu est ce qui cause",
        "qu est ce qui provoque",
        "qu est ce qui explique",
        "d ou vient",
        "d ou viennent",
        "d ou provient",
        "d ou proviennent",
    ),
    "when": ("quand", "en quelle annee", "a quelle heure"),
    "where": ("ou ", "d ou", "a quel endroit", "dans quel endroit", "en quel lieu"),
    "who": ("qui ",),
    "quantity": ("combien", "quelle quantite"),
    "price": ("combien coute", "combien coutent", "quel prix", "a quel prix"),
    "duration": ("combien de temps", "pendant combien"),
    "age": ("quel age",),
    "frequency": ("a quelle frequence", "a quel rythme"),
    "purpose": ("a quoi sert", "a quoi servent", "a quoi ca sert", "a quoi bon", "pour quoi faire"),
    # How two things differ: its own question ("Quand utiliser A" is not "la différence
    # entre A et B"), which a where or a who inside it does not change.
    "difference": (
        "quelle est la difference",
        "quelles sont les differences",
        "quelle difference",
        "qui les distingue",
        "qui distingue",
        "en quoi se distingue",
        "en quoi se distinguent",
        "en quoi different",
    ),
    "how": ("comment",),
}
# Intensifiers: one qualifier, "very", whichever is used (whole words).
INTENSIFIERS = ("tres", "vraiment", "super", "hyper", "extremement", "tellement", "vachement")
QUALIFIERS = ("tres", "legerement", "strict", "gros", "enorme", "anglais", "allemand", "espagnol",
              "italien", "portugais", "francais", "japonais", "chinois", "russe", "arabe",
              "neerlandais", "turc", "polonais", "coreen", "fois", "depuis", "gastronomique",
              "dangereu")  # fmt: skip
# Closed classes, for the alignment checks (_aligned.py): the words of grammar
# (articles, pronouns, possessives, prepositions, conjunctions, auxiliaries and
# modals) and of the request frame. Whatever else differs is content.
GRAMMAR = """
environ approximativement definitivement tout toute tous toutes chaque
le la les l un une des du de d au aux ce cet cette ces c ca cela ceci celui celle ceux celles
mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs
je j tu il elle on nous vous ils elles me m te t se s lui y en moi toi soi
qui que qu quoi dont lequel laquelle et ou mais donc car si comme
a dans par pour sur sous avec chez vers entre jusqu
est es suis sommes etes sont etre ete ai as avons avez ont avoir
peux peut pouvons pouvez peuvent dois doit devons devez doivent faut
veux veut voulons voulez vont va vais
exactement vraiment bien maintenant actuellement
"""
# How plainly to explain: the frame of the request, no qualifier of what is asked
# ("explícame de forma sencilla qué es X" / "¿Qué es X?"; folded words, whole phrases).
PLAINLY = (
    "simplement",
    "de facon simple",
    "de maniere simple",
    "en termes simples",
    "en mots simples",
    "avec des mots simples",
    "pour les nuls",
    "comme si j avais cinq ans",
    "comme a un enfant",
)
FRAME = """
stp pls bonjour salut coucou donne donnez dis dites expliquez
comment quel quelle quels quelles est-ce puis pourrais pourriez voudrais aimerais
savoir dire expliquer explique svp plait merci facon maniere moyen
faire fais fait prendre consiste signifie appelle
"""
SYMMETRIC = ("et", "ou", "entre")
PREFIXES = ("des", "de", "in", "im", "il", "ir", "mal", "re", "dis")
WHICH = ("quel", "quelle", "quels", "quelles")
# The concepts of semcache.verify's English opposites lexicon, in French (not words
# of the labelled pairs): read with OPPOSITES.
GENERAL_OPPOSITES = (
    # Curly against straight (hair).
    (("boucles", "bouclee", "bouclees", "friser", "frisee", "frisees", "ondul"),
     ("lisse", "lisses", "raide", "raides", "lisser", "lissage")),
    # Bringing a thing forward against putting it off ("avancer" / "reporter un rendez-vous").
    (("avancer", "avancez", "avancons", "anticip"),
     ("retard", "reporter", "reporte", "repouss", "differer", "differe")),
    # For against against; allowed against forbidden; advised against advised against.
    (("en faveur", "pour ou"), ("contre",)),
    (("autorise", "permis"), ("interdit", "prohibe")),
    (("recommand", "conseille"), ("deconseill", "contre-indiqu", "contreindiqu")),
    # How two things differ against what they share (a comparison asked two ways).
    (("differen", "distingu"), ("points communs", "point commun", "en commun", "ressemblances",
                                "similitudes", "se ressemblent")),
    (("matern",), ("patern",)),
    (("obligatoire", "obligatoires"), ("facultati", "optionnel")),
    (("importer", "import"), ("exporter", "export")),
    (("vrai", "vraie"), ("faux", "fausse")),
    (("pousser",), ("tirer",)),
    (("gauche",), ("droite",)),
    (("chaud", "chaude", "chauds", "chaudes"), ("froid", "froide", "froids", "froides")),
    (("positif", "positive"), ("negatif", "negative")),
    (("homme", "hommes", "masculin", "garcon", "garcons"),
     ("femme", "femmes", "feminin", "fille", "filles")),
    (("verrouill",), ("deverrouill",)),
    (("afficher", "montrer"), ("masquer", "cacher")),
    (("abonner",), ("desabonner",)),
    (("autoriser", "autorise", "permettre"), ("bloquer", "bloque", "interdire", "interdit")),
    (("bon marche", "abordable"), ("cher", "chere", "chers", "cheres", "couteux", "couteuse")),
    (("rapide", "rapides", "rapidement", "vite"), ("lent", "lente", "lents", "lentement")),
    (("facile", "faciles", "facilement"), ("difficile", "difficiles", "dur", "dure")),
    (("jeune", "jeunes"), ("vieux", "vieille", "vieilles", "ages", "agees")),
    (("nouveau", "nouvelle", "nouveaux", "nouvelles"), ("ancien", "ancienne", "anciens")),
    (("dessus",), ("dessous",)),
    (("interieur",), ("exterieur",)),
    (("entree", "entrees"), ("sortie", "sorties")),
    (("aimer", "aime", "adore"), ("deteste", "detester", "hais")),
    (("jour", "jours", "journee"), ("nuit", "nuits")),
    (("nord",), ("sud",)),
    (("orient", "oriental"), ("occident", "occidental")),
    (("horizontal",), ("vertical",)),
    (("grand", "grande", "grands", "grandes"), ("petit", "petite", "petits", "petites")),
    (("haut",), ("bas",)),
    (("public", "publique"), ("prive", "privee")),
    (("local", "locale", "localement"), ("distant", "distante", "distance")),
    (("formel", "formelle"), ("informel", "informelle", "decontracte")),
    (("debutant", "debutants", "debutante"), ("expert", "experts", "avance", "avances")),
    (("en ligne",), ("hors ligne",)),
    (("reussite", "succes", "reussir"), ("echec", "echouer")),
    (("securise", "securisee"), ("dangereu",)),
    (("pair", "paire", "pairs"), ("impair", "impaire", "impairs")),
    (("clair", "claire"), ("sombre", "fonce", "foncee")),
    (("fahrenheit",), ("celsius",)),
    (("avancer", "en avant"), ("reculer", "en arriere")),
    (("donner", "donne"), ("recevoir", "recoit")),
    (("haut", "hausse"), ("bas", "baisse")),
    (("agrandi", "elargi", "augment"), ("redui", "retreci", "diminu")),
    (("epais", "epaisse", "epaissir"), ("liquide", "fluide", "fluidifi", "mince", "fin", "fine")),
    (("large", "larges"), ("etroit", "etroite", "etroits", "etroites")),
    (("ouvrir", "ouvre"), ("fermer", "ferme", "cloturer", "cloture", "resilier")),
    (("vers le haut", "en haut", "monter"), ("vers le bas", "en bas", "descendre")),
    (("accelerer", "accelere", "accelerent", "accelerat"), ("ralenti", "lent", "lente")),
    (("grossir", "grossis", "prendre du poids"), ("maigrir", "maigris", "perdre du poids")),
    (("stimul", "dynamis"), ("calmer", "calme", "apais")),
    (("brut", "brute", "bruts"), ("net", "nette", "nets")),
    (("aller simple", "vol aller", "billet aller", "trajet aller"), ("retour",)),
    (("eclairc",), ("foncer", "assombr")),
    (("tot",), ("tard",)),
    (("en quelques lignes", "en un paragraphe", "en bref", "brievement"),
     ("en detail", "detaille", "detaillee", "approfondi")),
)  # fmt: skip
# Times (folded words and phrases) and what each names: two prompts naming different
# times ask different things ("demain" / "aujourd'hui", "ce week-end" / "la semaine
# prochaine"). Phrases are read before their words.
TIME = {
    "aujourd hui": "today", "saison": "season", "cette saison": "this-season",
    "ce soir": "today evening", "ce matin": "today morning",
    "cet apres midi": "today afternoon", "demain": "tomorrow", "hier": "yesterday",
    "apres demain": "after-tomorrow", "avant hier": "before-yesterday",
    "matin": "morning", "matinee": "morning", "apres midi": "afternoon", "soir": "evening",
    "soiree": "evening", "nuit": "evening", "midi": "noon",
    "week end": "weekend", "ce week end": "weekend", "cette semaine": "this-week",
    "semaine prochaine": "next-week", "semaine derniere": "last-week",
    "cette annee": "this-year", "annee prochaine": "next-year", "an prochain": "next-year",
    "annee derniere": "last-year", "an dernier": "last-year", "l annee passee": "last-year",
    "ce mois": "this-month", "mois prochain": "next-month", "mois dernier": "last-month",
    "lundi": "mon", "mardi": "tue", "mercredi": "wed", "jeudi": "thu", "vendredi": "fri",
    "samedi": "sat", "dimanche": "sun",
    "janvier": "jan", "fevrier": "feb", "mars": "mar", "avril": "apr", "mai": "may",
    "juin": "jun", "juillet": "jul", "aout": "aug", "septembre": "sep", "octobre": "oct",
    "novembre": "nov", "decembre": "dec",
    "printemps": "spring", "ete": "summer", "automne": "autumn", "hiver": "winter",
    "maintenant": "now", "en ce moment": "now", "actuellement": "now",
    "quotidien": "daily", "quotidienne": "daily", "quotidiennement": "daily",
    "par jour": "daily", "chaque jour": "daily", "tous les jours": "daily",
    "hebdomadaire": "weekly", "par semaine": "weekly", "chaque semaine": "weekly",
    "toutes les semaines": "weekly", "mensuel": "monthly", "mensuelle": "monthly",
    "par mois": "monthly", "chaque mois": "monthly", "tous les mois": "monthly",
    "annuel": "yearly", "annuelle": "yearly", "par an": "yearly", "chaque annee": "yearly",
    "tous les ans": "yearly", "en semaine": "weekday",
    "noel": "christmas", "paques": "easter", "nouvel an": "new-year", "reveillon": "new-year-eve",
    "aube": "dawn", "lever du soleil": "dawn", "crepuscule": "dusk",
    "coucher du soleil": "dusk", "a jeun": "fasting",
    "avant de dormir": "evening", "avant de se coucher": "evening", "au coucher": "evening",
    "au reveil": "morning", "au lever": "morning", "des le reveil": "morning",
}  # fmt: skip
# A time named with "last" or "next" ("l'été dernier", "lundi prochain"): another time
# than the plain one ("cet été", "lundi"). Each "{}" is a one-word time of TIME.
LAST = ("{} dernier", "{} derniere", "{} passe", "{} passee")
NEXT = ("{} prochain", "{} prochaine")
# Words that name the word after them ("le verbe être"): that word is content, and
# a name (another word asked about), even where it is grammar ("être", "avoir").
# A request for what a quoted saying means: two wordings of one saying are one saying
# ("no le mires el diente" / "no se le mira el diente"; the quote check).
MEANING = ("signifie", "signification", "veut dire", "proverbe", "dicton", "expression", "adage")
MENTIONS = ("verbe", "verbes", "mot", "terme", "expression")
# Direction: the prepositions before where something comes from and where it goes
# ("de Paris à Lyon", "du français vers l'anglais", "des euros en dollars").
SOURCES = ("de", "du", "des", "d", "depuis")
TARGETS = ("a", "au", "aux", "vers", "en", "jusqu")
# "What" opening a question ("Que manger ...", "Qu'est-ce que ..."): another question
# than "où", "qui", "quand" or "pourquoi" opening the other.
WHAT = ("que", "qu", "quoi")
# A which-word before one of these asks "when" ("en quelle année" is "quand").
# Verbs of seeing or finding: "where" before one asks how to find a thing out ("Wo finde
# ich ...", "Où voir ...": the question check reads it as "how"). Stems of five letters or
# more match a word's beginning.
LOOK_UP = ("voir", "vois", "voit", "trouv", "consult")
# "Through where" before a verb of starting asks how to begin ("por dónde empiezo").
THROUGH = ("par",)
START = ("commenc",)
# Verbs of coming about after "comment" ("Comment se forme un arc-en-ciel ?"): a cause asked.
ARISING = (
    "forme",
    "forment",
    "apparait",
    "apparaissent",
    "nait",
    "naissent",
    "produit",
    "produisent",
)
WHEN_NOUNS = ("annee", "an", "jour", "date", "heure", "mois", "siecle", "epoque", "moment")
# A which-word before one of these asks for a deadline: "when" against a when ("qual o
# prazo" / "até quando"), a duration against a how-long ("quantos dias tenho").
DEADLINE_NOUNS = ("delai", "echeance", "date limite")
# "Until when" asks where a span ends: a deadline (a date against a when, a
# duration against a how-long).
UNTIL = ("jusqu a quand",)
# "How far ahead" asks when, not how long (the question check).
AHEAD = ("combien de temps a l avance", "combien de temps en avance", "combien de temps avant")
# The copulas: "Qu'est-ce que c'est", "Que sont ...": the noun says what is asked.
COPULAS = ("est", "sont", "etait", "etaient", "sera", "seront", "signifie", "veut")
# Articles, and prepositions fused with one: a rewording does not count them ("du
# riz" / "de la farine" is one word swapped in place).
ARTICLES = "le la les l un une des du au aux"
CONTRACTIONS = {"du": "de", "des": "de", "au": "a", "aux": "a",  # and possessives' genders
                "ma": "mon", "mes": "mon", "ta": "ton", "tes": "ton", "sa": "son", "ses": "son",
                "nos": "notre", "vos": "votre", "leurs": "leur"}  # fmt: skip
# Modal verbs (folded whole words and phrases) and what each asks: whether something may or
# can be done, must be, or should be ("Peut-on congeler ..." / "Doit-on congeler ...").
# The conditional of "pouvoir" is left out: "pourriez-vous" asks the assistant politely.
MODALS = {
    "can": ("peux", "peut", "pouvons", "pouvez", "peuvent", "puis", "pouvoir", "autorise",
            "autorisee", "a le droit", "ai le droit", "as le droit", "avons le droit",
            "est il possible", "est ce possible", "il est possible"),
    "must": ("dois", "doit", "devons", "devez", "doivent", "faut", "falloir",
             "obligatoire", "obligatoires", "oblige", "obligee", "necessaire"),
    "should": ("devrais", "devrait", "devrions", "devriez", "devraient", "vaut mieux",
               "vaut il mieux"),
}  # fmt: skip

# The request's task and the form of its output, as classes ("résume" / "traduis", "un
# poème" / "une histoire"): two prompts that each name one the other does not ask for
# different things. Stems match a word's beginning (five letters or more), shorter ones
# whole words, phrases as phrases.
TASKS = {
    **FORMATS,
    "timeline": ("chronologie", "frise chronologique"),
    "steps": ("etape par etape",),
    "translate": ("tradu",),
    "summarize": ("resum", "synthe"),
    "rephrase": ("reformul", "paraphras", "reecri"),
    "correct": ("corrig", "correction", "relis", "relire"),
    "explain": ("expliq", "explic", "decri", "descript"),
    "analyse": ("analys",),
    "evaluate": ("evalu", "critiqu"),
    "compare": ("compar",),
    "improve": ("amelior",),
    "check": ("verifi",),
    "table": ("tableau",),
    "bullets": ("puces", "liste", "lister", "enumer"),
    "title": ("titre",),
    "convert": ("convertir", "convertis", "convertiss", "migre", "migrer"),
    "optimize": ("optimis",),
    "simplify": ("simplifi",),
    "shorten": ("raccourc",),
    "examples": ("exemple",),
    "define": ("definition", "definir", "definis"),
    "quiz": ("quiz", "questionnaire", "qcm"),
    "document": ("documente", "documenter"),
    "debug": ("debogu", "debugg"),
    "refactor": ("refactor",),
    "reply": ("repond",),
    "sort": ("trie", "trier", "ordonne"),
    "classify": ("classer", "classifi"),
    "extract": ("extrai",),
    "outline": ("plan", "sommaire"),
    "slides": ("diaporama", "diapositive"),
    "cv": ("cv", "curriculum"),
    "poem": ("poeme", "poesie", "haiku", "sonnet", "rime", "rimes", "rimee"),
    "story": ("histoire", "conte=", "recit", "fable"),
    "essay": ("dissertation", "redaction"),
    "letter": ("lettre",),
    "email": ("email", "mail", "mails", "courriel"),
    "joke": ("blague",),
    "song": ("chanson",),
    "speech": ("discours",),
    "paragraph": ("paragraphe",),
    "minutes": ("compte rendu", "compte-rendu", "proces verbal", "proces-verbal"),
    "formal": ("formel", "formelle", "formels", "formelles"),
    "funny": ("drole", "droles", "humour", "humorist", "amusant", "comique"),
}  # fmt: skip
# How much of a thing is asked about: "all", "some", "part" ("quelques" / "tous",
# "une partie" / "tout le"); and the indefinite articles, which say "one" before a noun
# the other prompt says "all" of.
QUANTITIES = {
    "all": ("tous", "toutes", "tout", "toute", "entier", "entiere",
            "integralite", "totalite", "chaque", "chacun", "chacune"),
    "some": ("quelques", "plusieurs", "certains", "certaines"),
    "both": ("les deux", "tous les deux", "toutes les deux"),
    "most": ("la plupart",),
    "one": ("un seul", "une seule"),
    "part": ("une partie", "partie du", "partie de", "partie des", "en partie", "partiel"),
    "little": ("un peu de", "un peu d"),
    # Amounts said in round hundreds or thousands ("une centaine", "des milliers") are many.
    "many": ("beaucoup de", "beaucoup d", "de nombreux", "de nombreuses", "centaine",
             "centaines", "milliers", "dizaines"),
}  # fmt: skip
INDEFINITE = ("un", "une")
# What is required against what is advised ("Est-il obligatoire" / "Est-il conseillé"):
# "must" and "should" are one for the modal verbs, not for these words.
# What is forbidden, advised against or harmful: a which-question on it ("Quels
# médicaments sont déconseillés ?") asks for the other list than one on what one may do
# ("Quels médicaments peut-on prendre ?"; the modality check).
BANNED = ("interdit", "deconseill", "proscrit", "a eviter", "dangereu", "toxique")
OBLIGED = ("obligatoire", "obligation", "oblige", "obligee", "obliges", "obligees")
ADVISED = (
    "conseill",
    "recommand",
    "preconis",
    "souhaitable",
    "judicieux",
    # what is customary is no rule either ("Est-il d'usage de ...")
    "d usage",
    "d'usage",
    "coutume",
    "habituel",
    "vaut le coup",
    "vaut la peine",
)
# Synonyms the alignment reads as one word when one is swapped for another in place
# ("supprimer" / "effacer"): common words of requests, not contrasts (those are
# opposites). An entry of four letters or more begins a word's stem; a shorter one is it.
SYNONYMS = (
    ("supprim", "effac"),
    ("ecrir", "ecriv", "ecri", "redig"),
    ("enlev", "retir", "elimin"),
    ("modifi", "chang"),
    ("obten", "obtien", "procur", "demand", "sollicit"),
    ("facile", "simple"),
    ("document", "papier"),
    ("econom", "epargn"),
    ("repar", "depann"),
    ("annul", "resili"),
    ("envoy", "expedi"),
    ("soulag", "calm", "apais"),
    ("conserv", "garder", "gard"),
    ("voiture", "auto", "bagnole"),
    ("ordinateur", "ordi", "pc"),
    ("telephon", "smartphone", "mobile"),
    ("achet", "acquer", "acquier"),
    ("rapid", "vite"),
)
# Units of measure by what they measure: two prompts naming different units of one
# measure ask about different amounts ("un verre" / "une bouteille", "Gramm" / "Kilo").
# One unit's spellings are joined by "/"; whole words.
# What a quantity is asked in: "combien *en* miles", "cuánto es *en* metros" (the unit check).
INTO = ("en",)
# A unit of length squared or cubed ("pied carré", "mètre cube") is a unit of area or
# volume (the unit check).
SQUARE = ("carre", "carres")
CUBIC = ("cube", "cubes")
# What a rate is "per": "prix *au* kilo", "*por* unidad", "*je* Stück" (the unit check).
PER = ("au", "par", "a la")
UNITS = {
    "time": ("seconde/secondes", "minute/minutes/min", "heure/heures", "jour/jours",
             "semaine/semaines", "mois", "an/ans/annee/annees"),
    "mass": ("g/gramme/grammes", "mg/milligramme/milligrammes",
             "ug/mcg/microgramme/microgrammes", "kg/kilo/kilos/kilogramme/kilogrammes",
             "livre/livres",
             "tonne/tonnes",
               "once/onces"),
    "volume": ("ml/millilitre/millilitres", "cl/centilitre/centilitres", "l/litre/litres",
               "verre/verres", "bouteille/bouteilles", "tasse/tasses", "cuillere/cuilleres",
               "pincee/pincees", "bol/bols", "plein/pleins",
               "gallon/gallons", "pinte/pintes", "baril/barils"),
    "area": ("acre/acres", "hectare/hectares"),
    "length": ("mm/millimetre/millimetres", "cm/centimetre/centimetres", "metre/metres",
               "km/kilometre/kilometres", "pouce/pouces", "pied/pieds", "mile/miles"),
    "data": ("ko/kb/kilooctet/kilooctets", "mo/mb/mega/megas/megaoctet/megaoctets",
             "go/gb/giga/gigas/gigaoctet/gigaoctets", "to/tb/tera/teras/teraoctet/teraoctets",
               "kbit/kilobit/kilobits", "mbit/megabit/megabits/mbps", "gbit/gigabit/gigabits"),
    "count": ("tranche/tranches", "portion/portions", "paquet/paquets", "boite/boites",
              "morceau/morceaux", "piece/pieces/unite/unites"),
    "pressure": ("psi", "bar/bars", "kpa/pascal/pascals", "atm/atmosphere/atmospheres"),
    "speed": ("mph", "noeud/noeuds", "kmh"),
    "energy": ("calorie/calories/kcal", "kj/kilojoule/kilojoules", "kwh"),
}  # fmt: skip
# Sister terms: kinds of one thing ("en voiture" / "en train", "Hund" / "Katze"). Two
# prompts each naming a kind of one class the other does not name ask about different
# things (the contrast check); one kind's spellings are joined by "/"; whole words.
SISTERS = {
    # Kinds of work contract: an employee's rights differ with each.
    "contract": ("cdi", "cdd", "interim/interimaire", "partiel", "alternance/apprentissage",
                 "freelance/independant/autoentrepreneur"),
    "transport": ("voiture/voitures/auto/autos/bagnole", "bus/autobus/autocar/autocars",
                  "train/trains/tgv", "avion/avions", "velo/velos", "moto/motos/scooter",
                  "taxi/taxis/uber", "metro", "bateau/bateaux/ferry", "tram/tramway"),
    "animal": ("chien/chiens/chiot/chiots", "chat/chats/chaton/chatons",
               "perroquet/perroquets/perruche/perruches", "lapin/lapins", "hamster/hamsters",
               "cheval/chevaux", "oiseau/oiseaux", "tortue/tortues"),
    "drink": ("biere/bieres", "vin/vins", "cafe/cafes", "the", "jus", "lait", "eau",
              "soda/sodas"),
    "material": ("cuir", "daim", "tissu", "velours", "coton", "laine", "soie", "polyester"),
    "channel": ("appli/application", "site", "agence", "guichet", "distributeur"),
    "rent": ("locataire/locataires", "proprietaire/proprietaires/bailleur/bailleurs"),
    "work": ("salarie/salaries/employe/employes", "employeur/employeurs/patron/patronne"),
    "payment": ("virement/virements", "prelevement/prelevements", "cheque/cheques", "especes",
                "paypal"),
    "staple": ("riz", "pates", "lentilles", "patate/patates", "haricots"),
    "meat": ("poulet", "boeuf", "poisson", "porc"),
    "hub": ("centre", "aeroport", "gare"),
    "garden": ("jardin", "potager", "balcon/terrasse", "jardiniere/jardinieres"),
    "care": ("medecin/medecins/docteur", "patient/patiente/patients"),
    "trade": ("client/cliente/clients/acheteur", "vendeur/vendeuse/commercant/boutique"),
}  # fmt: skip
# Demonstratives that point at a text given with the request ("Traduis *ce* texte"):
# another request verb on it is another task.
DEICTIC = "ce cet cette ces ceci suivant suivante suivants suivantes"
# A negation that is "without" or follows "so that" qualifies the way asked for ("sin
# llamar al fontanero", "para que no se muera"): where it negates a word the other
# prompt does not say, in a rewording, it is no veto (the negation check).
WITHOUT = ("sans",)
# "For": an "all" alone after it is everyone ("para todos"; the quantity check).
FOR = ("pour",)
# What one cannot do or find, said before the question ("No encuentro X, ¿dónde ...?"):
# the situation asked about, no negated question (the negation check).
UNABLE = ("arrive pas a", "arrive plus a", "sais", "trouve", "parviens")
PURPOSE = ("pour", "pour que", "afin de", "afin que")
# "Not stop doing" is "keep doing" ("não para de tremer" is "fica tremendo"): its
# negation is none against a prompt without the stop verb (the negation check).
KEEPS_ON = (
    "n arrete pas de",
    "n arretent pas de",
    "ne cesse de",
    "ne cessent de",
    "ne cesse pas de",
)
# Who does what to whom: the words that open a party's noun phrase ("le vendeur",
# "l'acheteur", "mon voisin"), and the agent's preposition of a passive ("mordu *par* le
# chien"), which keeps the roles of two parties that trade places (the role check).
PARTY_MARKS = """
le la les l un une des du au aux mon ma mes ton ta tes son sa ses notre nos votre vos
leur leurs ce cet cette ces
"""
AGENTS = ("par",)
# Whose a thing is: the speaker's possessives, the prepositions before another owner
# ("le chat *du* voisin"), and the words naming someone else ("de outra pessoa"):
# a thing of the speaker's on one side and another's on the other (the role check).
MINE = ("mon", "ma", "mes")
OF = ("de", "du", "des", "d")
OTHERS = ("autre", "autrui")
# The speaker as the one who acts and as the one acted on ("j'ai insulté un client" /
# "un client m'insulte"): read by the role check (_checks.py).
SPEAKER = ("je", "j")
SPEAKER_OBJECT = ("me", "m")
ADDRESSEE = ("tu", "vous")
# Prefixes that make a word its opposite ("activer" / "désactiver"): the opposite check.
ANTONYM_PREFIXES = ("des", "de", "in", "im", "il", "ir", "mal", "dis")
PARTICLE_OPPOSITES: tuple[tuple[str, str], ...] = ()
# Complaints and accusations: who is blamed, the speaker or another, turns on one
# side only ("mon voisin se *plaint* que je fais du bruit", "on m'*accuse*");
# a complaint on one side only is another role (the role check).
ACCUSES = ("plaint", "plaindre", "plaign", "accus", "reproch")
# "Someone" as the one who acts, where the speaker acts on the other side (the role check).
SOMEONE = ("quelqu",)
# "As": the role the speaker speaks in ("*en tant qu'*employeur"), against the same party
# as the speaker's own on the other side ("à mon employeur"): the role check.
AS_ROLE = ("en tant que", "en tant qu")
# "Instead of" between two things ("pneus hiver *au lieu des* pneus 4 saisons"): a choice
# asked on one side only (the qualifier check); not after a pronoun ("Was kann ich statt
# Eiern nehmen", a substitute asked), nor "stattfinden".
INSTEAD = ("au lieu de", "au lieu des", "au lieu du", "plutot que")
# Two things set against each other (the comparison check): "A *au lieu de* B", "A
# *par rapport à* B", "than" after a comparative ("*meilleur* que", "*plus* cher que"),
# and "replace A *by* B" after a verb of replacing.
COMPARED = ("par rapport a", "par rapport au", "compare a", "compare au", "versus", "vs",
            "face a", "face au")  # fmt: skip
THAN = ("que", "qu")
COMPARATIVES = ("plus", "moins", "meilleur", "meilleure", "meilleurs", "meilleures", "mieux",
                "pire", "pires")  # fmt: skip
REPLACE = ("remplac", "substitu", "echang")
REPLACED_BY = ("par", "contre")
# "Or" between two alternatives ("A ou B ?": the choice check).
OR = ("ou",)
# "Between" and its "and": two things compared, as an "or" offers two.
BETWEEN = ("entre",)
AND = ("et",)
# "Not to miss" is what one should see or do ("qu'il ne faut pas rater", "darf man nicht
# verpassen"): should, and no negation against a prompt without the miss verb.
NOT_MISSING = (
    "ne faut pas rater",
    "ne faut pas manquer",
    "ne pas rater",
    "ne pas manquer",
    "ne faut surtout pas rater",
    "ne faut surtout pas manquer",
)
# "Each" says "all" one at a time: "each ticket" is "one ticket" (the quantity check).
EACH = ("chaque", "chacun", "chacune")

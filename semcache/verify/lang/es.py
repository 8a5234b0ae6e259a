"""Spanish: the words the checks read (accents stripped, lower case; stems of five
letters or more match a word's beginning, shorter ones the whole word; $w: the
last word)."""

from __future__ import annotations

from ._formats import FORMATS

NEGATION = ("no", "nunca", "jamas", "sin", "ningun", "ninguna", "ninguno", "nada", "ni", "tampoco")
# "Never" is a "not" (the negation check); a closing "or not" is a yes-no question's tag.
NEVER = {"nunca": "no", "jamas": "no"}
OR_NOT = (("o", "no"),)
OPPOSITES = (
    # How two things differ against what they share (a comparison asked two ways).
    (
        ("diferenci", "diferencia", "distingu", "difier"),
        ("en comun", "comparten", "se parecen", "se parece", "semejanz", "similitud"),
    ),
    (
        (
            "activ",
            "enciend",
            "encend",
            "abro",
            "abrir",
            "abierto",
            "entro",
            "entrar",
            "pongo",
            "poner",
        ),
        (
            "desactiv",
            "apago",
            "apagar",
            "apaga",
            "cierro",
            "cerrar",
            "cerrado",
            "salgo",
            "salir",
            "quito",
            "quitar",
        ),
    ),
    (("cancel", "dar de baja"), ("mantengo", "mantener", "cambio", "cambiar", "renov")),
    (("anado", "anadir", "agreg"), ("elimino", "eliminar", "borro", "borrar", "quito")),
    (("ventaja", "ventajas", "los pros"), ("desventaja", "desventajas", "inconvenient", "contras")),
    (
        ("subo", "subir", "aument", "sube", "suben"),
        ("bajo", "bajar", "disminu", "reduc", "reduz", "baja", "bajan"),
    ),
    (("ascendente",), ("descendente",)),
    (("estatura", "altura"), ("peso",)),
    (("galon", "galones"), ("onza", "onzas")),
    (("posible",), ("imposible",)),
    (("legal",), ("ilegal",)),
    (("bueno", "buena"), ("malo", "mala")),
    (("acepto", "aceptar", "aprobar", "apruebo"), ("rechazo", "rechazar", "declin")),
    (("rico", "rica"), ("pobre",)),
    (("caliento", "calentar"), ("enfrio", "enfriar")),
    (("antes",), ("despues",)),
    (
        ("mucho", "mucha", "muchos", "muchas", "mas", "demasiad"),
        ("poco", "poca", "pocos", "pocas", "menos"),
    ),
    (("mejor", "mejores"), ("peor", "peores")),
    (("ganar", "gano", "ganancia"), ("perder", "pierdo")),
    (("envio", "enviar", "mando", "mandar"), ("recibo", "recibir")),
    (("compro", "comprar"), ("vendo", "vender")),
    (("descargo", "descargar", "bajar"), ("subo", "subir")),
    (("corto", "corta"), ("largo", "larga")),
    (("ganar",), ("perder",)),
    (("dejo", "dejar"), ("empiezo", "empezar", "comenzar")),
    (("adulto", "adultos"), ("nino", "ninos", "bebe")),
    (("perro", "perros"), ("gato", "gatos")),
    (("manana",), ("noche", "tarde")),
    (("nevera", "frigorifico"), ("congelador",)),
    (("medio", "media", "promedio"), ("maximo", "minimo", "maxima", "minima")),
    (("vegetariano", "vegetariana"), ("vegano", "vegana")),
    (("primer", "primero", "primera"), ("ultimo", "ultima")),
)
NUMBERS = {
    "trece": 13, "catorce": 14, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
    "setenta": 70, "ochenta": 80, "noventa": 90, "millon": 1000000, "millones": 1000000,
    "mitad": 0.5, "doble": "2x", "triple": "3x", "docena": 12, "quinientos": 500,
    "cero": 0, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "quince": 15, "veinte": 20,
    "treinta": 30, "cien": 100, "mil": 1000, "primer": "1st", "primero": "1st",
    "primera": "1st", "segundo": "2nd", "segunda": "2nd", "tercero": "3rd", "tercera": "3rd",
    "cuarto": "4th", "quinto": "5th", "ultimo": "last", "ultima": "last", "veces": "x",
}  # fmt: skip
QUESTIONS = {
    "why": (
        "por que",
        "por que motivo",
        "por que razon",
        "cual es la razon",
        "cual es el motivo",
        "que causa",
        "que provoca",
        "que hace que",
        "que explica",
        "a que se debe",
        "de donde viene",
        "de donde vienen",
        "de donde sale",
        "de donde salen",
        "de donde proviene",
    ),
    "when": ("cuando", "desde cuando", "a que hora"),
    "where": ("donde", "adonde", "en que lugar", "en cual lugar", "en que sitio"),
    "who": ("quien", "quienes"),
    "quantity": ("cuanto", "cuanta", "cuantos", "cuantas", "que cantidad"),
    "price": ("cuanto cuesta", "cuanto cuestan", "cuanto vale", "que precio"),
    "duration": ("cuanto tiempo", "cuanto dura", "cuanto tarda", "cuanto rato"),
    "age": ("que edad", "cuantos anos"),
    "frequency": (
        "cada cuanto",
        "cada cuantos",
        "cada cuantas",
        "con que frecuencia",
        "con que periodicidad",
    ),
    "purpose": ("para que sirve", "para que sirven", "para que se usa", "para que se utiliza"),
    # How two things differ: its own question ("Quand utiliser A" is not "la différence
    # entre A et B"), which a where or a who inside it does not change.
    "difference": (
        "cual es la diferencia",
        "cuales son las diferencias",
        "que diferencia",
        "que diferencias",
        "en que se diferencia",
        "que los diferencia",
        "que las diferencia",
    ),
    "how": ("como",),
}
# The absolute superlative's infix ("poquísimo" is "muy poco", "lentísima" "muy lenta"):
# such a word reads as its base word, intensified (_checks.py: _absolute).
SUPERLATIVE = "isim"
# Intensifiers: one qualifier, "very", whichever is used (whole words).
INTENSIFIERS = ("muy", "super", "realmente", "extremadamente", "sumamente", "tan")
QUALIFIERS = ("muy", "poco", "estrictamente", "enorme", "ingles", "aleman", "frances", "italiano",
              "portugues", "espanol", "chino", "china", "japones", "japonesa", "ruso", "rusa",
              "arabe", "catalan", "gallego", "euskera", "coreano", "holandes", "veces",
              "desde hace", "verano", "fijo", "estrella", "peligros")  # fmt: skip
# Closed classes, for the alignment checks (_aligned.py): the words of grammar
# (articles, pronouns, possessives, prepositions, conjunctions, auxiliaries and
# modals) and of the request frame. Whatever else differs is content.
GRAMMAR = """
aproximadamente pa definitivamente todo todos toda todas cada
el la los las lo un una unos unas este esta estos estas ese esa eso esto aquel
mi mis tu tus su sus nuestro nuestra nuestros nuestras vuestro vuestra
yo el ella nosotros nosotras vosotros ellos ellas usted ustedes me te se nos os le les
y e o u pero sino que de del a al en con por para sobre entre hasta desde hacia
es son soy eres somos esta estan estoy estar ser hay ha he has han haber hace hacer
puedo puede puedes podemos pueden poder debo debe debes deben tengo tiene tienes tienen
tener quiero quiere quieres exactamente realmente bien ahora mismo actualmente
"""
# How plainly to explain: the frame of the request, no qualifier of what is asked
# ("explícame de forma sencilla qué es X" / "¿Qué es X?"; folded words, whole phrases).
PLAINLY = (
    "de forma sencilla",
    "de forma simple",
    "de manera sencilla",
    "de manera simple",
    "de modo sencillo",
    "de forma facil",
    "de manera facil",
    "en palabras sencillas",
    "con palabras sencillas",
    "en terminos sencillos",
    "como si tuviera cinco anos",
    "como si fuera un nino",
)
FRAME = """
dame dime explicame explicanos cuentame porfa porfis hola oye
como cual cuales que quisiera gustaria podrias podria saber decir explicar explica
favor gracias manera forma modo hacer hago hace haces consiste significa llama
"""
SYMMETRIC = ("y", "e", "o", "u", "entre")
PREFIXES = ("des", "in", "im", "i", "re", "dis")
WHICH = ("cual", "cuales", "que")
# The how-word that is also "as" ("trabajar como autónomo"): _checks.py reads it as "as"
# after a content word of its clause.
AS = ("como",)
# "Hay que", "tengo que": "have to", no which-word (the question check).
HAVE_TO = ("hay", "tengo", "tienes", "tiene", "tenemos", "tienen")
# The concepts of semcache.verify's English opposites lexicon, in Spanish (not words
# of the labelled pairs): read with OPPOSITES.
GENERAL_OPPOSITES = (
    # Curly against straight (hair).
    (("rizado", "rizada", "rizados", "rizadas", "rizos", "rizar", "ondulad"),
     ("liso", "lisos", "lacio", "lacios", "alisar", "alisad")),
    # Bringing a thing forward against putting it off ("adelantar" / "retrasar la cita").
    (("adelant", "anticip"), ("retras", "atras", "aplaz", "pospon")),
    # For against against; allowed against forbidden; advised against advised against.
    (("a favor",), ("en contra",)),
    (("permitid",), ("prohibid",)),
    (("recomend", "aconsej"), ("desaconsej", "contraindic")),
    # How two things differ against what they share (a comparison asked two ways).
    (("diferencia", "diferenci", "distingu"), ("en comun", "se parecen", "se parece",
                                               "parecidos", "similitud", "semejanza")),
    (("matern",), ("patern",)),
    # Signing up and leaving, the "dar de alta / de baja" forms with their clitics.
    (("inscrib", "apunto", "apuntar", "empadron", "dar de alta", "doy de alta", "darme de alta",
      "darte de alta", "darse de alta", "darnos de alta", "dado de alta", "dio de alta"),
     ("dar de baja", "doy de baja", "darme de baja", "darte de baja", "darse de baja",
      "darnos de baja", "dado de baja", "dio de baja", "desapunt", "desinscrib", "desempadron")),
    (("obligatori",), ("opcional", "opcionales")),
    (("importar", "importo"), ("exportar", "exporto")),
    (("verdadero", "verdadera", "cierto"), ("falso", "falsa")),
    (("empujar",), ("tirar", "jalar")),
    (("izquierda",), ("derecha",)),
    (("caliente", "calientes", "calor"), ("frio", "fria", "frios", "frias")),
    (("positivo", "positiva"), ("negativo", "negativa")),
    (("hombre", "hombres", "masculino", "chico", "chicos"),
     ("mujer", "mujeres", "femenino", "chica", "chicas")),
    (("bloquear", "bloqueo"), ("desbloquear", "desbloqueo")),
    (("mostrar", "muestro"), ("ocultar", "oculto", "esconder")),
    (("suscrib",), ("desuscrib", "cancelar la suscripcion")),
    (("permitir", "permito"), ("prohibir", "prohibo", "impedir")),
    (("barato", "barata", "baratos", "baratas"), ("caro", "cara", "caros", "caras")),
    (("rapido", "rapida", "rapidos", "rapidamente"), ("lento", "lenta", "lentos", "lentamente")),
    (("facil", "faciles", "facilmente"), ("dificil", "dificiles")),
    (("joven", "jovenes"), ("viejo", "vieja", "viejos", "mayores", "ancianos")),
    (("nuevo", "nueva", "nuevos", "nuevas"), ("antiguo", "antigua", "viejo", "vieja")),
    (("encima", "arriba"), ("debajo", "abajo")),
    (("dentro", "interior", "interno"), ("fuera", "exterior", "externo")),
    (("entrada",), ("salida",)),
    (("amo", "amar", "encanta"), ("odio", "odiar")),
    (("dia", "dias"), ("noche", "noches")),
    (("norte",), ("sur",)),
    (("este", "oriente", "oriental"), ("oeste", "occidente", "occidental")),
    (("pasado",), ("futuro",)),
    (("horizontal",), ("vertical",)),
    (("grande", "grandes"), ("pequeno", "pequena", "pequenos", "pequenas")),
    (("alto", "alta"), ("bajo", "baja")),
    (("publico", "publica"), ("privado", "privada")),
    (("local",), ("remoto", "remota")),
    (("formal",), ("informal", "casual")),
    (("principiante", "principiantes"), ("experto", "expertos", "avanzado", "avanzados")),
    (("en linea", "online"), ("sin conexion", "offline")),
    (("exito",), ("fracaso", "fallo")),
    (("seguro", "segura"), ("peligros",)),
    (("par", "pares"), ("impar", "impares")),
    (("claro", "clara"), ("oscuro", "oscura")),
    (("fahrenheit",), ("celsius",)),
    (("adelante",), ("atras",)),
    (("dar", "doy"), ("recibir", "recibo")),
    (("agrand", "ampli"), ("reduc", "reduz", "achic", "encog")),
    (("espes", "grueso", "gruesa"), ("liquid", "fino", "fina", "ralo", "rala", "dilu")),
    (("ancho", "ancha", "anchos", "anchas", "ensanch"), ("estrech", "angost")),
    (("abrir", "abro", "abre"), ("cerrar", "cierro", "cierre", "cancelar")),
    (("hacia arriba", "para arriba"), ("hacia abajo", "para abajo")),
    (("acelerar", "acelera", "aceleran"), ("ralentiz", "frenar", "lento", "lenta")),
    (("engord", "subir de peso", "ganar peso"), ("adelgaz", "bajar de peso", "perder peso")),
    (("estimul", "activ"), ("calmar", "calma", "tranquiliz")),
    (("bruto", "brutos"), ("neto", "netos")),
    (("ida",), ("vuelta",)),
    (("aclarar", "aclara", "aclaro", "aclarando"), ("oscurec",)),
    (("temprano",), ("tarde",)),
    (("en un parrafo", "en pocas palabras", "en pocas lineas", "brevemente"),
     ("detalle", "detalles", "detallad", "a fondo")),
)  # fmt: skip
# Times (folded words and phrases) and what each names: two prompts naming different
# times ask different things ("mañana" / "hoy", "este fin de semana" / "la semana que
# viene"). Phrases are read before their words ("por la mañana" is the morning).
TIME = {
    "hoy": "today", "temporada": "season", "esta temporada": "this-season",
    "esta noche": "today evening", "esta manana": "today morning",
    "esta tarde": "today afternoon", "manana": "tomorrow", "ayer": "yesterday",
    "anoche": "yesterday evening", "antenoche": "before-yesterday evening",
    "pasado manana": "after-tomorrow", "anteayer": "before-yesterday",
    "por la manana": "morning", "de la manana": "morning", "en la manana": "morning",
    "las mananas": "morning", "tarde": "afternoon", "noche": "evening",
    "mediodia": "noon", "fin de semana": "weekend", "esta semana": "this-week",
    "semana que viene": "next-week", "proxima semana": "next-week",
    "semana proxima": "next-week", "semana pasada": "last-week", "este ano": "this-year",
    "ano que viene": "next-year", "proximo ano": "next-year", "ano proximo": "next-year",
    "ano pasado": "last-year", "este mes": "this-month", "mes que viene": "next-month",
    "proximo mes": "next-month", "mes pasado": "last-month",
    "lunes": "mon", "martes": "tue", "miercoles": "wed", "jueves": "thu",
    "viernes": "fri", "sabado": "sat", "domingo": "sun",
    "enero": "jan", "febrero": "feb", "marzo": "mar", "abril": "apr", "mayo": "may",
    "junio": "jun", "julio": "jul", "agosto": "aug", "septiembre": "sep", "setiembre": "sep",
    "octubre": "oct", "noviembre": "nov", "diciembre": "dec",
    "primavera": "spring", "verano": "summer", "otono": "autumn", "invierno": "winter",
    "ahora": "now", "ahora mismo": "now", "en este momento": "now", "actualmente": "now",
    "diario": "daily", "diaria": "daily", "diariamente": "daily", "al dia": "daily",
    "por dia": "daily", "cada dia": "daily", "todos los dias": "daily",
    "semanal": "weekly", "a la semana": "weekly", "por semana": "weekly",
    "cada semana": "weekly", "todas las semanas": "weekly", "mensual": "monthly",
    "al mes": "monthly", "por mes": "monthly", "cada mes": "monthly",
    "todos los meses": "monthly", "anual": "yearly", "al ano": "yearly", "por ano": "yearly",
    "cada ano": "yearly", "todos los anos": "yearly", "entre semana": "weekday",
    "navidad": "christmas", "semana santa": "easter", "pascua": "easter",
    "ano nuevo": "new-year", "nochevieja": "new-year-eve", "carnaval": "carnival",
    "madrugada": "early-morning",
    "amanecer": "dawn", "atardecer": "dusk", "anochecer": "dusk", "en ayunas": "fasting",
    "antes de dormir": "evening", "antes de acostarse": "evening", "al acostarse": "evening",
    "al despertar": "morning", "al levantarse": "morning", "nada mas levantarse": "morning",
}  # fmt: skip
# A time named with "last" or "next" ("el verano pasado", "el próximo lunes"): another
# time than the plain one ("este verano"). Each "{}" is a one-word time of TIME.
LAST = ("{} pasado", "{} pasada")
NEXT = ("proximo {}", "proxima {}", "{} proximo", "{} proxima", "{} que viene")
# Words that name the word after them ("el verbo ser"): that word is content, and a
# name (another word asked about), even where it is grammar ("ser", "estar").
# A request for what a quoted saying means: two wordings of one saying are one saying
# ("no le mires el diente" / "no se le mira el diente"; the quote check).
MEANING = ("significa", "significado", "quiere decir", "refran", "dicho", "proverbio", "expresion")
MENTIONS = ("verbo", "verbos", "palabra", "termino", "expresion")
# Direction: the prepositions before where something comes from and where it goes
# ("de Madrid a Barcelona", "del español al inglés", "pesos a euros").
SOURCES = ("de", "del", "desde")
TARGETS = ("a", "al", "hacia", "hasta", "en")
# "What" opening a question ("¿Qué comer ...?"; "qué tiempo" asks which weather).
WHAT = ("que",)
# A which-word before one of these asks "when" ("en qué año" is "cuándo").
# Verbs of seeing or finding: "where" before one asks how to find a thing out ("Wo finde
# ich ...", "Où voir ...": the question check reads it as "how"). Stems of five letters or
# more match a word's beginning.
LOOK_UP = ("veo", "ver", "ve", "encuentr", "encontr", "consult", "miro", "mirar")
# "Through where" before a verb of starting asks how to begin ("por dónde empiezo").
THROUGH = ("por",)
START = ("empiez", "empez", "comienz", "comenz")
# Verbs of coming about after "cómo" ("¿Cómo se forma un arcoíris?"): a cause asked.
ARISING = ("forma", "forman", "origina", "originan", "produce", "producen", "surge", "surgen")
WHEN_NOUNS = ("ano", "dia", "fecha", "hora", "mes", "siglo", "epoca", "momento")
# A which-word before one of these asks for a deadline: "when" against a when ("qual o
# prazo" / "até quando"), a duration against a how-long ("quantos dias tenho").
DEADLINE_NOUNS = ("plazo", "fecha limite")
# "Until when" asks where a span ends: a deadline (a date against a when, a
# duration against a how-long).
UNTIL = ("hasta cuando",)
# "How far ahead" asks when, not how long (the question check).
AHEAD = (
    "con cuanta antelacion",
    "con que antelacion",
    "cuanto tiempo de antelacion",
    "cuanto tiempo antes",
)
# The copulas: "¿Qué es ...?", "¿Qué son las causas ...?": the noun says what is asked.
COPULAS = ("es", "son", "era", "eran", "sera", "significa", "quiere")
# Articles, and prepositions fused with one: a rewording does not count them ("del
# arroz" / "de la pasta" is one word swapped in place).
ARTICLES = "el la los las lo un una unos unas del al"
CONTRACTIONS = {"del": "de", "al": "a",  # and possessives' numbers
                "mis": "mi", "tus": "tu", "sus": "su", "nuestra": "nuestro",
                "nuestros": "nuestro", "nuestras": "nuestro"}  # fmt: skip
# Modal verbs (folded whole words and phrases) and what each asks: whether something may or
# can be done, must be, or should be ("¿Puedo tomar ...?" / "¿Debo tomar ...?"). The
# conditional "podrías" asks the assistant politely: left out.
MODALS = {
    "can": ("puedo", "puede", "puedes", "podemos", "pueden", "podeis", "poder", "permitido",
            "se permite", "es posible"),
    "must": ("debo", "debe", "debes", "debemos", "deben", "tengo que", "tiene que",
             "tienes que", "tenemos que", "tienen que", "hay que", "obligatorio",
             "obligatoria", "necesario", "necesito", "necesita", "necesitas", "hace falta",
             "hacen falta"),
    "should": ("deberia", "deberias", "deberiamos", "deberian", "conviene", "recomendable",
               "aconsejable"),
}  # fmt: skip

# The request's task and the form of its output, as classes ("Resume" / "Traduce", "un
# poema" / "un cuento"): two prompts that each name one the other does not ask for
# different things. Stems match a word's beginning (five letters or more), shorter ones
# whole words, phrases as phrases.
TASKS = {
    **FORMATS,
    "timeline": ("cronologia", "linea de tiempo", "linea temporal"),
    "steps": ("paso a paso",),
    "translate": ("tradu",),
    "summarize": ("resum", "sintetiz"),
    "rephrase": ("reformul", "parafrase", "reescrib", "reescri"),
    "correct": ("corrig", "correcc"),
    "explain": ("explic", "expliq", "describ", "descripc"),
    "analyse": ("analiz", "analisis"),
    "evaluate": ("evalu", "critica", "valora"),
    "compare": ("compar",),
    "comment": ("comenta",),
    "improve": ("mejora",),
    "check": ("revis", "comprueb", "comprob", "verific"),
    "table": ("tabla",),
    "bullets": ("vinetas", "esquema", "lista", "listar", "enumer"),
    "title": ("titulo",),
    "convert": ("convert", "conviert", "migrar", "portar", "transform"),
    "optimize": ("optimiz",),
    "simplify": ("simplific",),
    "shorten": ("acort",),
    "examples": ("ejemplo",),
    "define": ("definicion", "defin"),
    "quiz": ("quiz", "cuestionario"),
    "document": ("documenta",),
    "debug": ("depura", "debugu"),
    "refactor": ("refactoriz",),
    "reply": ("respond", "contesta"),
    "sort": ("ordena", "ordenar", "ordenalos", "ordenalas"),
    "classify": ("clasifica", "categoriza"),
    "extract": ("extrae", "extraer", "extraigo"),
    "slides": ("presentacion", "diapositiva"),
    "cv": ("curriculum", "cv"),
    "poem": ("poema", "poesia", "haiku", "soneto", "rima", "rimas", "rimad", "versos"),
    "story": ("cuento", "historia", "relato", "microrrelato", "fabula"),
    "essay": ("ensayo", "redaccion"),
    "letter": ("carta", "cartas"),
    "email": ("email", "mail", "mails", "correo"),
    "joke": ("chiste",),
    "song": ("cancion",),
    "speech": ("discurso",),
    "paragraph": ("parrafo",),
    "minutes": ("acta", "actas"),
    "formal": ("formal", "formales"),
    "funny": ("gracios", "divertid", "humor", "comico", "comica"),
}  # fmt: skip
# How much of a thing is asked about: "all", "some", "part" ("algunos" / "todos",
# "una parte" / "todo el"); and the indefinite articles, which say "one" before a noun
# the other prompt says "all" of.
QUANTITIES = {
    "all": ("todos", "todas", "todo", "toda", "entero", "entera", "cada"),
    "some": ("algun", "alguna", "alguno", "algunos", "algunas", "varios", "varias",
             "unos cuantos", "unas cuantas"),
    "both": ("ambos", "ambas", "los dos", "las dos"),
    "most": ("la mayoria", "mayor parte"),
    "one": ("un solo", "una sola", "solo un", "solo una", "unico", "unica"),
    "part": ("parte del", "parte de", "una parte", "en parte", "parcial"),
    # A little, with the small measures of the kitchen ("una pizca", "un chorrito").
    "little": ("un poco de", "algo de", "unos pocos", "unas pocas", "un poquito", "una pizca",
               "un pellizco", "un chorrito", "una gota", "unas gotas", "un punado", "un pelin",
               "un toque de"),
    # Amounts said in round hundreds or thousands ("cientos de", "miles de") are many.
    "many": ("muchos", "muchas", "mucho", "mucha", "cientos", "centenares", "miles de",
             "decenas"),
}  # fmt: skip
INDEFINITE = ("un", "una")
# What is required against what is advised ("Es obligatorio" / "Es recomendable"):
# "must" and "should" are one for the modal verbs, not for these words.
# What is forbidden, advised against or harmful: a which-question on it ("Quels
# médicaments sont déconseillés ?") asks for the other list than one on what one may do
# ("Quels médicaments peut-on prendre ?"; the modality check).
BANNED = ("prohibid", "desaconsej", "contraindic", "a evitar", "peligros", "toxic")
OBLIGED = ("obligatori", "obligado", "obligada", "obligados", "obligadas")
ADVISED = (
    "recomend",
    "recomienda",
    "aconsej",
    "conviene",
    # what is customary is no rule either ("¿Es costumbre ...?")
    "costumbre",
    "habitual",
    "se suele",
    "vale la pena",
    "merece la pena",
)
# Synonyms the alignment reads as one word when one is swapped for another in place
# ("supprimer" / "effacer"): common words of requests, not contrasts (those are
# opposites). An entry of four letters or more begins a word's stem; a shorter one is it.
SYNONYMS = (
    ("borr", "elimin", "suprim"),
    ("escrib", "redact"),
    ("facil", "sencill", "simple"),
    ("necesit", "falta"),
    ("solicit", "pedir", "pido", "pide", "consegu", "obten", "obtien"),
    ("cancel", "anul"),
    ("cambi", "modific"),
    ("prepar", "elabor"),
    ("document", "papel"),
    ("movil", "celular", "telefon", "smartphone"),
    ("ordenador", "computador", "pc"),
    ("envi", "mand"),
    ("repar", "arregl"),
    ("coche", "carro", "auto"),
    ("compr", "adquir"),
)
# Units of measure by what they measure: two prompts naming different units of one
# measure ask about different amounts ("un verre" / "une bouteille", "Gramm" / "Kilo").
# One unit's spellings are joined by "/"; whole words.
# What a quantity is asked in: "combien *en* miles", "cuánto es *en* metros" (the unit check).
INTO = ("en",)
# A unit of length squared or cubed ("pie cuadrado", "metro cúbico") is a unit of area or
# volume (the unit check).
SQUARE = ("cuadrado", "cuadrados")
CUBIC = ("cubico", "cubicos")
# What a rate is "per": "prix *au* kilo", "*por* unidad", "*je* Stück" (the unit check).
PER = ("por", "al", "a la")
UNITS = {
    "time": ("segundo/segundos", "minuto/minutos/min", "hora/horas", "dia/dias",
             "semana/semanas", "mes/meses", "ano/anos"),
    "mass": ("g/gramo/gramos", "mg/miligramo/miligramos",
             "ug/mcg/microgramo/microgramos", "kg/kilo/kilos/kilogramo/kilogramos", "libra/libras",
             "tonelada/toneladas",
               "onza/onzas"),
    "volume": ("ml/mililitro/mililitros", "cl/centilitro/centilitros", "l/litro/litros",
               "vaso/vasos", "copa/copas", "botella/botellas", "taza/tazas",
               "cucharada/cucharadas", "cucharadita/cucharaditas", "pizca/pizcas",
               "tanque/tanques", "deposito/depositos",
               "galon/galones", "pinta/pintas", "barril/barriles", "bombona/bombonas"),
    "area": ("acre/acres", "hectarea/hectareas"),
    "length": ("mm/milimetro/milimetros", "cm/centimetro/centimetros", "metro/metros",
               "km/kilometro/kilometros", "pulgada/pulgadas", "pie/pies", "milla/millas"),
    "data": ("kb/kilobyte/kilobytes", "mb/mega/megas/megabyte/megabytes",
             "gb/giga/gigas/gigabyte/gigabytes", "tb/tera/teras/terabyte/terabytes",
               "kbit/kilobit/kilobits", "mbit/megabit/megabits/mbps", "gbit/gigabit/gigabits"),
    "count": ("rebanada/rebanadas", "porcion/porciones", "paquete/paquetes", "lata/latas",
              "trozo/trozos", "unidad/unidades/pieza/piezas"),
    "pressure": ("psi", "bar/bares", "kpa/pascal/pascales", "atm/atmosfera/atmosferas"),
    "speed": ("mph", "nudo/nudos", "kmh"),
    "energy": ("caloria/calorias/kcal", "kj/kilojulio/kilojulios", "kwh"),
}  # fmt: skip
# Sister terms: kinds of one thing ("en voiture" / "en train", "Hund" / "Katze"). Two
# prompts each naming a kind of one class the other does not name ask about different
# things (the contrast check); one kind's spellings are joined by "/"; whole words.
SISTERS = {
    # Kinds of work contract: an employee's rights differ with each.
    "contract": ("indefinido/indefinida/indefinidos", "temporal/temporales/eventual",
                 "parcial", "discontinuo/discontinua", "practicas", "interino/interina"),
    "transport": ("coche/coches/carro/carros/auto/autos", "autobus/autobuses/bus/guagua",
                  "tren/trenes", "avion/aviones", "bici/bicis/bicicleta/bicicletas",
                  "moto/motos", "taxi/taxis/uber", "metro", "barco/barcos/ferry"),
    "animal": ("perro/perros/perrito/perritos", "gato/gatos/gatito/gatitos",
               "loro/loros/periquito/periquitos", "conejo/conejos", "hamster/hamsters",
               "caballo/caballos", "pajaro/pajaros", "tortuga/tortugas"),
    "drink": ("cerveza/cervezas", "vino/vinos", "cafe/cafes", "zumo/zumos/jugo/jugos",
              "leche", "agua", "refresco/refrescos"),
    "material": ("cuero", "tela", "terciopelo", "algodon", "lana", "seda",
                 "poliester"),
    "channel": ("app/aplicacion", "web", "oficina/sucursal", "cajero"),
    "rent": ("inquilino/inquilinos/inquilina/arrendatario", "casero/casera/arrendador/propietario"),
    "work": ("empleado/empleados/empleada/trabajador/trabajadores", "jefe/jefa/empleador/patron"),
    "payment": ("transferencia/transferencias", "domiciliacion", "cheque/cheques", "efectivo",
                "bizum", "paypal"),
    "staple": ("arroz", "lentejas/lenteja", "garbanzos", "macarrones/espaguetis",
               "patata/patatas", "alubias/judias"),
    "meat": ("pollo", "carne", "pescado", "cerdo"),
    "hub": ("centro", "aeropuerto", "estacion"),
    "garden": ("maceta/macetas", "jardin", "huerto", "balcon/terraza"),
    "care": ("medico/medica/medicos/doctor/doctora", "paciente/pacientes"),
    "trade": ("cliente/clientes/comprador/compradora", "vendedor/vendedora/tienda/comercio"),
}  # fmt: skip
# Demonstratives that point at a text given with the request ("Traduis *ce* texte"):
# another request verb on it is another task.
DEICTIC = "este esta estos estas ese esa esos esas esto eso siguiente"
# A negation that is "without" or follows "so that" qualifies the way asked for ("sin
# llamar al fontanero", "para que no se muera"): where it negates a word the other
# prompt does not say, in a rewording, it is no veto (the negation check).
WITHOUT = ("sin",)
# "For": an "all" alone after it is everyone ("para todos"; the quantity check).
FOR = ("para",)
# What one cannot do or find, said before the question ("No encuentro X, ¿dónde ...?"):
# the situation asked about, no negated question (the negation check).
UNABLE = ("no se como", "no se crear", "no se hacer", "consigo", "encuentro", "logro")
PURPOSE = ("para", "para que")
# "Not stop doing" is "keep doing" ("não para de tremer" is "fica tremendo"): its
# negation is none against a prompt without the stop verb (the negation check).
KEEPS_ON = ("no para de", "no paran de", "no paro de", "no deja de", "no dejan de", "no dejo de")
# Who does what to whom: the words that open a party's noun phrase ("el vendedor",
# "una empresa", "mi hijo"), and the agent's preposition of a passive ("despedido *por*
# la empresa"), which keeps the roles of two parties that trade places (the role check).
PARTY_MARKS = """
el la los las un una unos unas del al mi mis tu tus su sus nuestro nuestra nuestros
nuestras este esta estos estas ese esa esos esas
"""
AGENTS = ("por",)
# Whose a thing is: the speaker's possessives, the prepositions before another owner
# ("le chat *du* voisin"), and the words naming someone else ("de outra pessoa"):
# a thing of the speaker's on one side and another's on the other (the role check).
MINE = ("mi", "mis")
OF = ("de", "del")
OTHERS = ("otro", "otra", "ajeno", "ajena")
# The speaker as the one who acts and as the one acted on ("le mentí a mi hijo" / "mi
# hijo me mintió"): read by the role check (_checks.py). Spanish leaves "yo" out; a "le"
# (to him, to her) in a text that never names the speaker's "me" says the speaker acts.
SPEAKER = ("yo", "le", "les")
SPEAKER_OBJECT = ("me",)
ADDRESSEE = ("tu", "usted", "ustedes")
# Prefixes that make a word its opposite ("activer" / "désactiver"): the opposite check.
ANTONYM_PREFIXES = ("des", "in", "im", "dis")
PARTICLE_OPPOSITES: tuple[tuple[str, str], ...] = ()
# Complaints and accusations: who is blamed, the speaker or another, turns on one
# side only ("mi vecino *se queja* de que yo ...", "me *acusan* de");
# a complaint on one side only is another role (the role check).
ACCUSES = ("queja", "quejas", "quejo", "quejan", "quejarse", "acusa", "acuso", "acusan", "reproch")
# "Someone" as the one who acts, where the speaker acts on the other side (the role check).
SOMEONE = ("alguien",)
# "Instead of" between two things ("pneus hiver *au lieu des* pneus 4 saisons"): a choice
# asked on one side only (the qualifier check); not after a pronoun ("Was kann ich statt
# Eiern nehmen", a substitute asked), nor "stattfinden".
INSTEAD = ("en lugar de", "en vez de", "en lugar del", "en vez del")
# Two things set against each other (the comparison check): "A *en vez de* B", "A
# *frente a* B", "than" after a comparative ("*mejor* que", "*más* barato que"), and
# "replace A *by* B" after a verb of replacing.
COMPARED = ("frente a", "frente al", "comparado con", "en comparacion con", "versus", "vs")
THAN = ("que",)
COMPARATIVES = ("mas", "menos", "mejor", "mejores", "peor", "peores", "mayor", "menor")
REPLACE = ("sustitu", "reemplaz", "cambiar", "intercambi")
REPLACED_BY = ("por",)
# "Or" between two alternatives ("A ou B ?": the choice check).
OR = ("o", "u")
# "Between" and its "and": two things compared, as an "or" offers two.
BETWEEN = ("entre",)
AND = ("y", "e")
# "Not to miss" is what one should see or do ("qu'il ne faut pas rater", "darf man nicht
# verpassen"): should, and no negation against a prompt without the miss verb.
NOT_MISSING = (
    "no perderse",
    "no perderte",
    "no te pierdas",
    "no te puedes perder",
    "no me puedo perder",
    "no puedo perderme",
    "no se puede perder",
    "no hay que perderse",
)
# "Each" says "all" one at a time: "each ticket" is "one ticket" (the quantity check).
EACH = ("cada",)

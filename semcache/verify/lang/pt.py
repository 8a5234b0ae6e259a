"""Portuguese: the words the checks read (accents stripped, lower case; stems of
five letters or more match a word's beginning, shorter ones the whole word)."""

from __future__ import annotations

from ._formats import FORMATS

NEGATION = ("nao", "nunca", "jamais", "sem", "nenhum", "nenhuma", "nada", "nem")
# "Never" is a "not" (the negation check); a closing "or not" is a yes-no question's tag.
NEVER = {"nunca": "nao", "jamais": "nao"}
OR_NOT = (("ou", "nao"),)
# "no" is em + o ("no Brasil"): a negation only as Spanish reads it, before a plural
# (a singular article cannot stand there: "no tóxicas") or one of these words.
NO_NEGATES_BEFORE = frozenset(
    {"me", "te", "se", "lo", "la", "le", "les", "es", "son", "hay", "esta", "puedo", "puede",
     "tengo", "tiene", "quiero", "funciona", "debo", "debe", "sirve"}
)  # fmt: skip
OPPOSITES = (
    (
        ("ativ", "ativar", "acender", "abrir", "aberto", "entrar", "colocar"),
        ("desativ", "apagar", "fechar", "fechado", "sair", "tirar"),
    ),
    (("cancel",), ("mantenho", "manter", "alterar", "renov")),
    (("adicion",), ("remover", "excluir", "apagar")),
    (("vantagem", "vantagens", "os pros"), ("desvantagem", "desvantagens", "contras")),
    (
        ("aument", "subir", "sobe", "sobem"),
        ("abaixar", "diminu", "reduz", "baixar", "baixam", "baixe", "desce", "descem"),
    ),
    (("crescente",), ("decrescente",)),
    (("altura",), ("peso",)),
    (("galoes", "galao"), ("oncas", "onca")),
    (("possivel",), ("impossivel",)),
    (("legal",), ("ilegal",)),
    (("bom", "boa"), ("ruim", "mau", "ma")),
    (("aceitar", "aprovar", "aprovad", "aprove"), ("recusar", "rejeit", "declin", "reprov")),
    (("rico", "rica"), ("pobre",)),
    (("esquentar", "aquecer"), ("esfriar", "gelada", "gelado", "gelar")),
    (("antes",), ("depois",)),
    (
        ("muito", "muita", "muitos", "muitas", "mais", "demais"),
        ("pouco", "pouca", "poucos", "poucas", "menos"),
    ),
    (("melhor", "melhores"), ("pior", "piores")),
    (("ganhar",), ("perder",)),
    (("enviar", "mandar"), ("receber",)),
    (("comprar",), ("vender",)),
    (("baixar",), ("enviar", "subir")),
    (("curta", "curto"), ("longa", "longo")),
    (("emagrecer",), ("engordar",)),
    (("parar",), ("comecar",)),
    (("adulto", "adultos"), ("crianca", "criancas", "bebe")),
    (("cachorro", "cao"), ("gato",)),
    (("manha",), ("noite", "tarde")),
    (("geladeira",), ("congelador", "freezer")),
    (("medio", "media"), ("maximo", "minimo", "maxima", "minima")),
    (("vegetariano", "vegetariana"), ("vegano", "vegana")),
    (("aberto",), ("fechado",)),
)
NUMBERS = {
    "treze": 13, "catorze": 14, "quatorze": 14, "quarenta": 40, "cinquenta": 50,
    "sessenta": 60, "setenta": 70, "oitenta": 80, "noventa": 90, "milhao": 1000000,
    "milhoes": 1000000, "metade": 0.5, "dobro": "2x", "triplo": "3x", "duzia": 12,
    "duzentos": 200, "trezentos": 300, "quinhentos": 500,
    "zero": 0, "dois": 2, "duas": 2, "tres": 3, "quatro": 4, "cinco": 5, "seis": 6,
    "sete": 7, "oito": 8, "nove": 9, "dez": 10, "onze": 11, "doze": 12, "quinze": 15,
    "vinte": 20, "trinta": 30, "cem": 100, "mil": 1000, "primeiro": "1st",
    "primeira": "1st", "segundo": "2nd", "segunda": "2nd", "terceiro": "3rd",
    "terceira": "3rd", "sexto": "6th", "nono": "9th", "ultimo": "last", "ultima": "last",
    "vezes": "x",
}  # fmt: skip
QUESTIONS = {
    "why": (
        "por que",
        "pq",
        "por qual motivo",
        "qual o motivo",
        "qual a razao",
        "o que causa",
        "o que provoca",
        "o que faz com que",
        "o que explica",
        "de onde vem",
        "de onde veio",
        "de onde sai",
        "qual a origem",
        "qual e a origem",
    ),
    "when": ("quando", "desde quando", "a que horas"),
    "where": ("onde", "aonde", "em que lugar", "em qual lugar", "em que local", "em qual local"),
    "who": ("quem",),
    "quantity": ("quanto", "quanta", "quantos", "quantas", "que quantidade", "qual a quantidade"),
    "price": ("quanto custa", "quanto custam", "qual o preco", "qual e o preco"),
    "duration": ("quanto tempo", "quanto dura", "quanto demora"),
    "age": ("que idade", "quantos anos"),
    "frequency": (
        "de quanto em quanto",
        "de quantos em quantos",
        "a cada quantos",
        "com que frequencia",
        "a cada quanto",
        "com que periodicidade",
    ),
    "purpose": (
        "para que serve",
        "para que servem",
        "pra que serve",
        "pra que servem",
        "para que se usa",
    ),
    # How two things differ: its own question ("Quand utiliser A" is not "la différence
    # entre A et B"), which a where or a who inside it does not change.
    "difference": (
        "qual a diferenca",
        "qual e a diferenca",
        "quais as diferencas",
        "quais sao as diferencas",
        "que diferenca",
        "o que diferencia",
        "em que se diferencia",
    ),
    "how": ("como",),
}
# The absolute superlative's infix ("pouquíssimo" is "muito pouco", "lentíssima" "muito
# lenta"): such a word reads as its base word, intensified (_checks.py: _absolute).
SUPERLATIVE = "issim"
# Intensifiers: one qualifier, "very", whichever is used (whole words).
INTENSIFIERS = ("muito", "super", "realmente", "extremamente", "tao")
QUALIFIERS = ("muito", "pouco", "totalmente", "levemente", "gigante", "ingles", "alemao", "frances",
              "italiano", "espanhol", "portugues", "chines", "chinesa", "japones", "japonesa",
              "russo", "russa", "arabe", "coreano", "holandes", "vezes", "ha cinco", "temporario",
              "efetivo", "estrelado", "perigos")  # fmt: skip
# Closed classes, for the alignment checks (_aligned.py): the words of grammar
# (articles, pronouns, possessives, prepositions, conjunctions, auxiliaries and
# modals) and of the request frame. Whatever else differs is content.
GRAMMAR = """
aproximadamente vc pras pros ta definitivamente todo todos toda todas tudo cada
o a os as um uma uns umas este esta estes estas esse essa isso isto aquele aquela
meu minha meus minhas seu sua seus suas nosso nossa nossos nossas teu tua
eu tu ele ela nos voce voces eles elas me te se lhe lhes
e ou mas que de do da dos das em no na nos nas num numa por pelo pela pelos pelas
para pra com sobre entre ate desde ao aos
e sao sou esta estao estou estar ser foi ha tem tenho ter posso pode podes podemos podem
poder devo deve devem preciso precisa quero quer consigo consegue
exatamente realmente bem agora atualmente
"""
# How plainly to explain: the frame of the request, no qualifier of what is asked
# ("explícame de forma sencilla qué es X" / "¿Qué es X?"; folded words, whole phrases).
PLAINLY = (
    "de um jeito simples",
    "de forma simples",
    "de maneira simples",
    "de modo simples",
    "de um jeito facil",
    "de forma facil",
    "em palavras simples",
    "com palavras simples",
    "em termos simples",
    "para leigos",
    "pra leigos",
    "como se eu tivesse cinco anos",
)
FRAME = """
explica passa passar ola oi obrigada pfv
como qual quais que gostaria queria poderia saber dizer explicar explique favor obrigado
maneira forma jeito fazer faco faz faca consiste significa chama
"""
SYMMETRIC = ("e", "ou", "entre")
PREFIXES = ("des", "in", "im", "i", "re")
WHICH = ("qual", "quais", "que")
# The how-word that is also "as" ("trabajar como autónomo"): _checks.py reads it as "as"
# after a content word of its clause.
AS = ("como",)
# "Tem que", "tenho que": "have to", no which-word (the question check).
HAVE_TO = ("tem", "tenho", "temos", "tinha")
# The concepts of semcache.verify's English opposites lexicon, in Portuguese (not
# words of the labelled pairs): read with OPPOSITES.
GENERAL_OPPOSITES = (
    # Curly against straight (hair).
    (("cacheado", "cacheados", "cachos", "encaracolad", "crespo", "crespos", "ondulad"),
     ("liso", "lisos", "alisar", "alisad", "alisamento")),
    # Bringing a thing forward against putting it off ("adiantar" / "adiar a consulta").
    (("adiant", "antecip"),
     ("atras", "adiar", "adio", "adia", "adiou", "adiei", "posterg", "prorrog")),
    # For against against; allowed against forbidden; advised against advised against.
    (("a favor",), ("contra",)),
    (("permitid",), ("proibid",)),
    (("recomend", "aconselh"), ("desaconselh", "contraindic")),
    # How two things differ against what they share (a comparison asked two ways).
    (("diferenca", "diferenci", "distingu"), ("em comum", "semelhanc", "se parecem", "se parece",
                                              "parecido", "parecida", "parecidos", "parecidas",
                                              "similaridade")),
    (("matern",), ("patern",)),
    (("obrigatori",), ("opcional", "opcionais", "facultativo")),
    (("importar",), ("exportar",)),
    (("verdadeiro", "verdadeira"), ("falso", "falsa")),
    (("empurrar",), ("puxar",)),
    (("esquerda",), ("direita",)),
    (("quente", "quentes", "calor"), ("frio", "fria", "frios", "frias")),
    (("positivo", "positiva"), ("negativo", "negativa")),
    (("homem", "homens", "masculino", "menino", "meninos"),
     ("mulher", "mulheres", "feminino", "menina", "meninas")),
    (("bloquear",), ("desbloquear",)),
    (("mostrar", "exibir"), ("ocultar", "esconder")),
    (("inscrever", "assinar"), ("desinscrever", "cancelar a assinatura")),
    (("permitir",), ("proibir", "impedir", "bloquear")),
    (("barato", "barata", "baratos", "baratas"), ("caro", "cara", "caros", "caras")),
    (("rapido", "rapida", "rapidos", "rapidamente"), ("lento", "lenta", "lentos", "devagar")),
    (("facil", "faceis", "facilmente"), ("dificil", "dificeis")),
    (("jovem", "jovens"), ("velho", "velha", "velhos", "idosos")),
    (("novo", "nova", "novos", "novas"), ("antigo", "antiga", "velho", "velha")),
    (("acima", "em cima"), ("abaixo", "embaixo")),
    (("dentro", "interno", "interior"), ("fora", "externo", "exterior")),
    (("entrada",), ("saida",)),
    (("amo", "amar", "adoro"), ("odeio", "odiar")),
    (("dia", "dias"), ("noite", "noites")),
    (("norte",), ("sul",)),
    (("leste", "oriente", "oriental"), ("oeste", "ocidente", "ocidental")),
    (("passado",), ("futuro",)),
    (("horizontal",), ("vertical",)),
    (("grande", "grandes"), ("pequeno", "pequena", "pequenos", "pequenas")),
    (("alto", "alta"), ("baixo", "baixa")),
    (("publico", "publica"), ("privado", "privada")),
    (("local",), ("remoto", "remota")),
    (("formal",), ("informal", "casual")),
    (("iniciante", "iniciantes", "principiante"), ("especialista", "avancado", "avancados")),
    (("online",), ("offline",)),
    (("sucesso",), ("fracasso", "falha")),
    (("seguro", "segura"), ("perigos",)),
    (("par", "pares"), ("impar", "impares")),
    (("claro", "clara"), ("escuro", "escura")),
    (("fahrenheit",), ("celsius",)),
    (("frente",), ("tras",)),
    (("dar", "dou"), ("receber", "recebo")),
    (("ampli", "aument"), ("reduz", "diminu", "encolh")),
    (("grosso", "grossa", "espess", "engross"), ("ralo", "rala", "liquid", "fino", "fina", "afinar",
                                                "dilu")),
    (("largo", "larga", "largos", "largas", "alarg"), ("estreit",)),
    (("abrir", "abro", "abre"), ("fechar", "fecho", "encerr", "cancel")),
    (("para cima", "pra cima"), ("para baixo", "pra baixo")),
    (
        ("acelerar", "acelera", "aceleram"),
        ("desacelerar", "desacelera", "retardar", "lento", "lenta"),
    ),
    (("estimul", "ativar"), ("acalm", "tranquiliz")),
    (("bruto", "brutos"), ("liquido", "liquidos")),
    (("ida",), ("volta",)),
    (("clarear", "clareia", "clareio", "clareando"), ("escurec",)),
    (("cedo",), ("tarde",)),
    (("em poucas linhas", "em poucas palavras", "em um paragrafo", "brevemente"),
     ("detalhe", "detalhes", "detalhad", "a fundo")),
)  # fmt: skip
# Times (folded words and phrases) and what each names: two prompts naming different
# times ask different things ("amanhã" / "hoje", "neste fim de semana" / "na semana
# que vem"). Phrases are read before their words ("de manhã" is the morning).
TIME = {
    "hoje": "today", "temporada": "season", "esta temporada": "this-season",
    "nesta temporada": "this-season",
    "hoje a noite": "today evening", "esta noite": "today evening",
    "hoje de manha": "today morning", "hoje a tarde": "today afternoon",
    "amanha": "tomorrow", "ontem": "yesterday", "depois de amanha": "after-tomorrow",
    "anteontem": "before-yesterday", "manha": "morning", "tarde": "afternoon",
    "noite": "evening", "meio dia": "noon", "fim de semana": "weekend",
    "esta semana": "this-week", "nesta semana": "this-week", "semana que vem": "next-week",
    "proxima semana": "next-week", "semana passada": "last-week", "este ano": "this-year",
    "deste ano": "this-year", "neste ano": "this-year", "ano que vem": "next-year",
    "proximo ano": "next-year", "ano passado": "last-year", "este mes": "this-month",
    "mes que vem": "next-month", "proximo mes": "next-month", "mes passado": "last-month",
    "segunda feira": "mon", "terca feira": "tue", "quarta feira": "wed",
    "quinta feira": "thu", "sexta feira": "fri", "sabado": "sat", "domingo": "sun",
    "janeiro": "jan", "fevereiro": "feb", "marco": "mar", "abril": "apr", "maio": "may",
    "junho": "jun", "julho": "jul", "agosto": "aug", "setembro": "sep", "outubro": "oct",
    "novembro": "nov", "dezembro": "dec",
    "primavera": "spring", "verao": "summer", "outono": "autumn", "inverno": "winter",
    "agora": "now", "agora mesmo": "now", "neste momento": "now", "atualmente": "now",
    "diario": "daily", "diaria": "daily", "diariamente": "daily", "por dia": "daily",
    "ao dia": "daily", "cada dia": "daily", "todos os dias": "daily", "semanal": "weekly",
    "por semana": "weekly", "cada semana": "weekly", "toda semana": "weekly",
    "todas as semanas": "weekly", "mensal": "monthly", "por mes": "monthly",
    "ao mes": "monthly", "cada mes": "monthly", "todo mes": "monthly",
    "todos os meses": "monthly", "anual": "yearly", "por ano": "yearly", "ao ano": "yearly",
    "cada ano": "yearly", "todo ano": "yearly", "todos os anos": "yearly",
    "durante a semana": "weekday", "dia de semana": "weekday", "dias uteis": "weekday",
    "pascoa": "easter", "ano novo": "new-year", "reveillon": "new-year-eve",
    "carnaval": "carnival", "madrugada": "early-morning",
    "amanhecer": "dawn", "nascer do sol": "dawn", "entardecer": "dusk",
    "anoitecer": "dusk", "por do sol": "dusk", "em jejum": "fasting",
    "antes de dormir": "evening", "antes de deitar": "evening", "ao deitar": "evening",
    "ao acordar": "morning", "logo ao acordar": "morning", "ao levantar": "morning",
}  # fmt: skip
# A time named with "last" or "next" ("o inverno passado", "a próxima segunda"): another
# time than the plain one ("este inverno"). Each "{}" is a one-word time of TIME.
LAST = ("{} passado", "{} passada")
NEXT = ("proximo {}", "proxima {}", "{} que vem")
# Words that name the word after them ("o verbo fazer"): that word is content, and a
# name (another word asked about), even where it is grammar ("fazer", "dizer").
# A request for what a quoted saying means: two wordings of one saying are one saying
# ("no le mires el diente" / "no se le mira el diente"; the quote check).
MEANING = ("significa", "significado", "quer dizer", "ditado", "proverbio", "expressao")
MENTIONS = ("verbo", "verbos", "palavra", "termo", "expressao")
# Direction: the prepositions before where something comes from and where it goes
# ("de São Paulo para Campinas", "do português para o inglês", "reais para euros").
SOURCES = ("de", "do", "da", "dos", "das", "desde")
TARGETS = ("para", "pra", "pro", "ao", "aos", "ate", "em")
# "What" opening a question ("O que comer ...?", "Que ...").
WHAT = ("que", "o que")
# A which-word before one of these asks "when" ("em que ano" is "quando").
# Verbs of seeing or finding: "where" before one asks how to find a thing out ("Wo finde
# ich ...", "Où voir ...": the question check reads it as "how"). Stems of five letters or
# more match a word's beginning.
LOOK_UP = ("vejo", "ver", "ve", "encontr", "acho", "achar", "consult")
# "Through where" before a verb of starting asks how to begin ("por dónde empiezo").
THROUGH = ("por",)
START = ("comec", "comeco")
# Verbs of coming about after "como" ("Como se formam os raios?"): a cause asked.
ARISING = ("forma", "formam", "origina", "originam", "surge", "surgem", "produz", "produzem")
WHEN_NOUNS = ("ano", "dia", "data", "hora", "mes", "seculo", "epoca", "momento")
# A which-word before one of these asks for a deadline: "when" against a when ("qual o
# prazo" / "até quando"), a duration against a how-long ("quantos dias tenho").
DEADLINE_NOUNS = ("prazo", "data limite")
# "Until when" asks where a span ends: a deadline (a date against a when, a
# duration against a how-long).
UNTIL = ("ate quando",)
# "How far ahead" asks when, not how long (the question check).
AHEAD = (
    "com quanto tempo de antecedencia",
    "com quanta antecedencia",
    "com que antecedencia",
    "quanto tempo antes",
)
# The copulas: "O que é ...?", "Quais são as causas ...": the noun says what is asked.
COPULAS = ("e", "sao", "era", "eram", "sera", "significa", "quer")
# Articles, and prepositions fused with one: a rewording does not count them ("do
# arroz" / "da massa" is one word swapped in place).
ARTICLES = "o a os as um uma uns umas do da dos das no na nos nas ao aos pelo pela"
CONTRACTIONS = {"pra": "para", "pras": "para", "pros": "para",
                "do": "de", "da": "de", "dos": "de", "das": "de", "no": "em", "na": "em",
                "nos": "em", "nas": "em", "ao": "a", "aos": "a", "pelo": "por", "pela": "por",
                # and possessives' genders
                "minha": "meu", "meus": "meu", "minhas": "meu", "tua": "teu", "teus": "teu",
                "tuas": "teu", "sua": "seu", "seus": "seu", "suas": "seu"}  # fmt: skip
# Modal verbs (folded whole words and phrases) and what each asks: whether something may or
# can be done, must be, or should be ("Posso tomar ...?" / "Devo tomar ...?"). The
# conditional "poderia" asks the assistant politely: left out.
MODALS = {
    "can": ("posso", "pode", "podes", "podemos", "podem", "poder", "permitido",
            "e possivel", "da para", "da pra"),
    "must": ("devo", "deve", "deves", "devemos", "devem", "tenho que", "tem que",
             "tenho de", "tem de", "temos que", "temos de", "obrigatorio", "obrigatoria",
             "preciso", "precisa", "precisamos", "precisam", "necessario"),
    "should": ("deveria", "deverias", "deveriamos", "deveriam", "devia", "devias",
               "convem", "recomendavel", "aconselhavel"),
}  # fmt: skip

# The request's task and the form of its output, as classes ("Resuma" / "Traduza", "um
# poema" / "um conto"): two prompts that each name one the other does not ask for
# different things. Stems match a word's beginning (five letters or more), shorter ones
# whole words, phrases as phrases.
TASKS = {
    **FORMATS,
    "timeline": ("cronologia", "linha do tempo"),
    "steps": ("passo a passo",),
    "translate": ("tradu",),
    "summarize": ("resum", "sintetiz"),
    "rephrase": ("reformul", "parafrase", "reescrev"),
    "correct": ("corrig", "correc"),
    "explain": ("explic", "expliq", "descrev", "descric"),
    "analyse": ("analis",),
    "evaluate": ("avali", "critica"),
    "compare": ("compar",),
    "comment": ("comenta",),
    "improve": ("melhora",),
    "check": ("verifi", "confer", "revis"),
    "table": ("tabela",),
    "bullets": ("topicos", "esquema", "lista", "listar", "enumer"),
    "title": ("titulo",),
    "convert": ("convert", "portar", "migrar", "transform"),
    "optimize": ("otimiz", "optimiz"),
    "simplify": ("simplific",),
    "shorten": ("encurt",),
    "examples": ("exemplo",),
    "define": ("definicao", "defin"),
    "quiz": ("quiz", "questionario"),
    "document": ("documenta",),
    "debug": ("depur", "debug"),
    "refactor": ("refator", "refactor"),
    "reply": ("respond",),
    "sort": ("ordena", "ordenar"),
    "classify": ("classifi", "categoriz"),
    "extract": ("extrai", "extrair"),
    "slides": ("apresentacao", "slides"),
    "cv": ("curriculo", "cv"),
    "poem": ("poema", "poesia", "haiku", "soneto", "rima", "rimas", "rimad", "versos"),
    "story": ("conto", "contos", "historia", "historinha", "cronica", "fabula"),
    "essay": ("redacao", "ensaio"),
    "letter": ("carta", "cartas"),
    "email": ("email", "mail", "mails"),
    "joke": ("piada",),
    "song": ("cancao",),
    "speech": ("discurso",),
    "paragraph": ("paragrafo",),
    "minutes": ("ata", "atas"),
    "formal": ("formal", "formais"),
    "funny": ("engracad", "divertid", "humor", "comico", "comica"),
}  # fmt: skip
# How much of a thing is asked about: "all", "some", "part" ("alguns" / "todos",
# "uma parte" / "todo o"); and the indefinite articles, which say "one" before a noun
# the other prompt says "all" of.
QUANTITIES = {
    "all": ("todos", "todas", "todo", "toda", "tudo", "inteiro", "inteira", "cada"),
    "some": ("algum", "alguma", "alguns", "algumas", "varios", "varias", "uns", "umas"),
    "both": ("ambos", "ambas", "os dois", "as duas"),
    "most": ("a maioria", "maior parte"),
    "one": ("um so", "uma so", "apenas um", "apenas uma", "unico", "unica"),
    "part": (
        "parte do",
        "parte da",
        "parte de",
        "parte dos",
        "parte das",
        "uma parte",
        "em parte",
        "parcial",
    ),
    "little": ("um pouco de", "uns poucos", "umas poucas"),
    # Amounts said in round hundreds or thousands ("centenas de", "milhares") are many.
    "many": ("muitos", "muitas", "muita", "centenas", "milhares", "dezenas"),
}  # fmt: skip
INDEFINITE = ("um", "uma")
# What is required against what is advised ("É obrigatório" / "É recomendável"):
# "must" and "should" are one for the modal verbs, not for these words.
# What is forbidden, advised against or harmful: a which-question on it ("Quels
# médicaments sont déconseillés ?") asks for the other list than one on what one may do
# ("Quels médicaments peut-on prendre ?"; the modality check).
BANNED = ("proibid", "desaconselh", "contraindic", "evitar", "perigos", "toxic")
OBLIGED = ("obrigatori", "obrigado a", "obrigada a", "obrigados a", "obrigadas a")
ADVISED = (
    "recomend",
    "aconselh",
    "convem",
    # what is customary is no rule either ("É costume ...?")
    "costume",
    "habitual",
    "costuma",
    "vale a pena",
)
# Synonyms the alignment reads as one word when one is swapped for another in place
# ("supprimer" / "effacer"): common words of requests, not contrasts (those are
# opposites). An entry of four letters or more begins a word's stem; a shorter one is it.
SYNONYMS = (
    ("exclu", "apag", "delet", "remov"),
    ("escrev", "redig", "redij"),
    ("facil", "simpl"),
    ("precis", "necessit"),
    ("solicit", "pedir", "peco", "pede", "consegu", "obter", "obtenh", "obtem"),
    ("cancel", "anul"),
    ("muda", "alter", "troc"),
    ("econom", "poup"),
    ("celular", "telemovel", "telefon", "smartphone"),
    ("computador", "pc"),
    ("senha", "palavrapass"),
    ("envi", "mand"),
    ("consert", "repar"),
    ("prepar",),
    ("document", "papei"),
    ("compr", "adquir"),
    ("rastre", "acompanh"),
)
# Units of measure by what they measure: two prompts naming different units of one
# measure ask about different amounts ("un verre" / "une bouteille", "Gramm" / "Kilo").
# One unit's spellings are joined by "/"; whole words.
# What a quantity is asked in: "combien *en* miles", "cuánto es *en* metros" (the unit check).
INTO = ("em",)
# A unit of length squared or cubed ("pé quadrado", "metro cúbico") is a unit of area or
# volume (the unit check).
SQUARE = ("quadrado", "quadrados")
CUBIC = ("cubico", "cubicos")
# What a rate is "per": "prix *au* kilo", "*por* unidad", "*je* Stück" (the unit check).
PER = ("por", "ao", "pelo", "pela")
UNITS = {
    "time": ("segundo/segundos", "minuto/minutos/min", "hora/horas", "dia/dias",
             "semana/semanas", "mes/meses", "ano/anos"),
    "mass": ("g/grama/gramas", "mg/miligrama/miligramas",
             "ug/mcg/micrograma/microgramas", "kg/quilo/quilos/quilograma/quilogramas",
             "libra/libras",
             "tonelada/toneladas",
               "onca/oncas"),
    "volume": ("ml/mililitro/mililitros", "cl/centilitro/centilitros", "l/litro/litros",
               "copo/copos", "taca/tacas", "garrafa/garrafas", "xicara/xicaras",
               "colher/colheres", "pitada/pitadas", "balde/baldes", "tanque/tanques",
               "galao/galoes", "barril/barris", "botijao/botijoes"),
    "area": ("acre/acres", "hectare/hectares", "alqueire/alqueires"),
    "length": ("mm/milimetro/milimetros", "cm/centimetro/centimetros", "metro/metros",
               "km/quilometro/quilometros", "polegada/polegadas", "pe/pes", "milha/milhas"),
    "data": ("kb/kilobyte/kilobytes", "mb/mega/megas/megabyte/megabytes",
             "gb/giga/gigas/gigabyte/gigabytes", "tb/tera/teras/terabyte/terabytes",
               "kbit/kilobit/kilobits", "mbit/megabit/megabits/mbps", "gbit/gigabit/gigabits"),
    "count": ("fatia/fatias", "porcao/porcoes", "pacote/pacotes", "lata/latas",
              "pedaco/pedacos", "unidade/unidades/peca/pecas"),
    "pressure": ("psi", "bar/bares", "kpa/pascal", "atm/atmosfera/atmosferas"),
    "speed": ("mph", "kmh"),
    "energy": ("caloria/calorias/kcal", "kj/quilojoule/quilojoules", "kwh"),
}  # fmt: skip
# Sister terms: kinds of one thing ("en voiture" / "en train", "Hund" / "Katze"). Two
# prompts each naming a kind of one class the other does not name ask about different
# things (the contrast check); one kind's spellings are joined by "/"; whole words.
SISTERS = {
    # Kinds of work contract: an employee's rights differ with each.
    "contract": ("clt", "pj", "temporario/temporaria", "estagio/estagiario/estagiaria",
                 "intermitente", "autonomo/autonoma"),
    "transport": ("carro/carros/automovel", "onibus/busao", "trem/trens", "aviao/avioes",
                  "bicicleta/bicicletas/bike/bikes", "moto/motos", "taxi/taxis/uber", "metro",
                  "barco/barcos/balsa/navio"),
    "animal": ("cachorro/cachorros/cao/caes", "gato/gatos/gatinho/gatinhos",
               "papagaio/papagaios/calopsita/periquito", "coelho/coelhos", "hamster/hamsters",
               "cavalo/cavalos", "passaro/passaros", "tartaruga/tartarugas"),
    "drink": ("cerveja/cervejas", "vinho/vinhos", "cafe/cafes", "cha", "suco/sucos", "leite",
              "agua", "refrigerante/refrigerantes/refri"),
    "material": ("couro", "camurca", "tecido", "veludo", "algodao", "seda", "poliester"),
    "channel": ("app/aplicativo", "site", "agencia", "loterica"),
    "rent": ("inquilino/inquilinos/inquilina/locatario", "locador/locadora/senhorio/proprietario"),
    "work": ("funcionario/funcionarios/funcionaria/empregado/empregados",
             "patrao/chefe/empregador"),
    "payment": ("transferencia/transferencias/ted", "boleto/boletos", "pix", "cheque/cheques",
                "paypal"),
    "staple": ("arroz", "feijao", "macarrao", "batata/batatas", "lentilha/lentilhas"),
    "meat": ("frango", "carne", "peixe", "porco"),
    "hub": ("centro", "aeroporto", "rodoviaria", "estacao"),
    "garden": ("vaso/vasos", "jardim", "horta", "varanda"),
    "care": ("medico/medica/medicos/doutor/doutora", "paciente/pacientes"),
    "trade": ("cliente/clientes/comprador/compradora", "vendedor/vendedora/loja/lojista"),
}  # fmt: skip
# Demonstratives that point at a text given with the request ("Traduis *ce* texte"):
# another request verb on it is another task.
DEICTIC = "este esta estes estas esse essa esses essas isto isso seguinte"
# A negation that is "without" or follows "so that" qualifies the way asked for ("sin
# llamar al fontanero", "para que no se muera"): where it negates a word the other
# prompt does not say, in a rewording, it is no veto (the negation check).
WITHOUT = ("sem",)
# "For": an "all" alone after it is everyone ("para todos"; the quantity check).
FOR = ("para", "pra")
# What one cannot do or find, said before the question ("No encuentro X, ¿dónde ...?"):
# the situation asked about, no negated question (the negation check).
UNABLE = ("sei", "consigo", "acho", "encontro")
PURPOSE = ("para", "pra", "para que", "pra que")
# "Not stop doing" is "keep doing" ("não para de tremer" is "fica tremendo"): its
# negation is none against a prompt without the stop verb (the negation check).
KEEPS_ON = ("nao para de", "nao param de", "nao paro de", "nao parava de", "nao deixa de")
# Who does what to whom: the words that open a party's noun phrase ("o cliente", "a
# loja", "meu vizinho"), and the agent's preposition of a passive ("agredido *pelo*
# aluno"), which keeps the roles of two parties that trade places (the role check).
PARTY_MARKS = """
o a os as um uma uns umas do da dos das no na nos nas ao aos meu minha meus minhas seu
sua seus suas nosso nossa nossos nossas teu tua este esta estes estas esse essa esses essas
"""
AGENTS = ("por", "pelo", "pela", "pelos", "pelas")
# Whose a thing is: the speaker's possessives, the prepositions before another owner
# ("le chat *du* voisin"), and the words naming someone else ("de outra pessoa"):
# a thing of the speaker's on one side and another's on the other (the role check).
MINE = ("meu", "minha", "meus", "minhas")
OF = ("de", "do", "da", "dos", "das")
OTHERS = ("outro", "outra", "alheio", "alheia")
# The speaker as the one who acts and as the one acted on ("eu tenho ciúmes do meu
# namorado" / "meu namorado tem ciúmes de mim"): read by the role check (_checks.py).
SPEAKER = ("eu",)
SPEAKER_OBJECT = ("me", "mim", "comigo")
ADDRESSEE = ("voce", "voces", "tu")
# Prefixes that make a word its opposite ("activer" / "désactiver"): the opposite check.
ANTONYM_PREFIXES = ("des", "in", "im")
PARTICLE_OPPOSITES: tuple[tuple[str, str], ...] = ()
# Complaints and accusations: who is blamed, the speaker or another, turns on one
# side only ("meu vizinho *reclama* que eu ...", "me *acusam* de");
# a complaint on one side only is another role (the role check).
ACCUSES = ("reclam", "queix", "acusa", "acuso", "acusam")
# "Someone" as the one who acts, where the speaker acts on the other side (the role check).
SOMEONE = ("alguem",)
# "Instead of" between two things ("pneus hiver *au lieu des* pneus 4 saisons"): a choice
# asked on one side only (the qualifier check); not after a pronoun ("Was kann ich statt
# Eiern nehmen", a substitute asked), nor "stattfinden".
INSTEAD = ("em vez de", "ao inves de", "em vez do", "em vez da")
# Two things set against each other (the comparison check): "A *em vez de* B", "A
# *comparado com* B", "than" after a comparative ("*melhor* que", "*mais* barato do
# que"), and "replace A *by* B" after a verb of replacing.
COMPARED = ("comparado com", "comparado a", "em comparacao com", "em relacao a", "versus", "vs",
            "no lugar de", "no lugar do", "no lugar da")  # fmt: skip
THAN = ("que",)
COMPARATIVES = ("mais", "menos", "melhor", "melhores", "pior", "piores", "maior", "menor")
REPLACE = ("substitu", "troca", "trocar", "troco")
REPLACED_BY = ("por", "pelo", "pela")
# "Or" between two alternatives ("A ou B ?": the choice check).
OR = ("ou",)
# "Between" and its "and": two things compared, as an "or" offers two.
BETWEEN = ("entre",)
AND = ("e",)
# "Not to miss" is what one should see or do ("qu'il ne faut pas rater", "darf man nicht
# verpassen"): should, and no negation against a prompt without the miss verb.
NOT_MISSING = ("nao pode perder", "nao podem perder", "nao perder", "nao se pode perder")
# "Each" says "all" one at a time: "each ticket" is "one ticket" (the quantity check).
EACH = ("cada",)

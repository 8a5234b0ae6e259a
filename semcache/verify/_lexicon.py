"""Word lists the lexical guards use: data, not logic.

Terms are lower-case; multi-word terms are matched as phrases. Each kind of list
answers one question a guard asks ("which entity is this?", "which pole of an
opposition?"). The lists are general English and computing vocabulary, written
by hand, not fitted to any evaluation set.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "ACCEPTABLE_PHRASES",
    "ADVICE_PHRASES",
    "ALIASES",
    "AMBIGUOUS",
    "ARTICLES",
    "ASKER",
    "CONTENT_PARTICLES",
    "DERIVATION_SUFFIXES",
    "DIRECTION_MARKERS",
    "ENTITY_CLASSES",
    "EXTENTS",
    "FIRST_PERSON",
    "FRAME_WORDS",
    "FREQUENCY_PHRASES",
    "FREQUENCY_UNITS",
    "FREQUENCY_WORDS",
    "FUTURE_AUXILIARIES",
    "GRAMMAR_WORDS",
    "LIFECYCLE",
    "MODES",
    "NEGATORS",
    "NUMBER_WORDS",
    "OBLIGATION_PHRASES",
    "OPENING_MODALS",
    "OPPOSITES",
    "ORDINALS",
    "PARTICLE_OPPOSITES",
    "PAST_AUXILIARIES",
    "PERMISSION_PHRASES",
    "QUALIFIER_CLASSES",
    "QUANTIFIERS",
    "RELATIONAL_WORDS",
    "SAFETY_PHRASES",
    "SCALES",
    "SCHOOLING",
    "SOMEONE",
    "SPECIFIC_QUESTIONS",
    "STAGES",
    "STOPWORDS",
    "SYMMETRIC_WORDS",
    "THIRD_PERSON",
    "TIME_PHRASES",
    "TIME_PREFIXES",
    "TIME_UNITS",
    "TIME_WORDS",
    "WORD_PREFIXES",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


NEGATORS: Final = _words(
    "not n't no never without none nothing nobody neither nor cannot unable "
    "nowhere absence isnt arent dont doesnt didnt cant wont shouldnt couldnt wouldnt "
    "non"  # "non compete" is "non-compete" written apart
)

NUMBER_WORDS: Final = {
    **dict.fromkeys(["zero", "nil"], 0),
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
    "single": 1, "couple": 2, "pair": 2, "twice": 2, "double": 2, "thrice": 3,
    "triple": 3, "half": 0.5, "quarter": 0.25,
}  # fmt: skip

SCALES: Final = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}

ORDINALS: Final = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "twentieth": 20, "hundredth": 100,
}  # fmt: skip

# Pairs of opposite poles; each pole is a set of synonyms (phrases allowed).
# Two texts that each use one pole of a group, but not the same one, ask
# opposite things ("enable" vs "turn off").
_OPPOSITE_TEXT: Final = """
enable,turn on,switch on,activate,unmute | disable,turn off,switch off,deactivate,mute
add,insert,append,include | remove,delete,drop,exclude,erase
before,earlier,prior,beforehand,preceding | after,later,afterwards,following a,following the,post
ascending,increasing order,asc | descending,decreasing order,desc
increase,raise,boost,grow,higher,more | decrease,reduce,lower,lessen,shrink,less,fewer
accept,approve,agree | decline,reject,refuse,deny,disagree
start,begin,launch,open | stop,end,finish,close,quit,halt
buy,purchase | sell
mandatory,required,compulsory,obligatory | optional
import | export
upload | download
encrypt,encryption | decrypt,decryption
compress,compression,zip | decompress,decompression,unzip,extract
encode,encoding,serialize | decode,decoding,deserialize
minimum,min,smallest,least,lowest,shortest | maximum,max,largest,biggest,most,highest,longest
first | last,final
true | false
push | pull
left | right
win,winning,gain | lose,losing,loss
hot,warm,heat | cold,cool,freeze
positive | negative
pro,pros | con,cons
advantage,advantages,benefit,benefits | disadvantage,disadvantages,drawback,drawbacks,downside
male,men,man,boy,boys,husband | female,women,woman,girl,girls,wife
lock | unlock
show,display,unhide | hide,conceal
install,installing | uninstall,remove
subscribe | unsubscribe
allow,permit,whitelist | block,forbid,prevent,blacklist,ban
connect | disconnect
mount | unmount
best,better,good | worst,worse,bad
cheap,cheapest,inexpensive,affordable,budget,low-cost,economical,low-end
| expensive,costly,priciest,pricey,high-end,luxury,premium,upscale,top-end
fast,faster,fastest,quick,quickly | slow,slower,slowest,slowly
easy,easiest,easier,simple | hard,hardest,harder,difficult
rich,wealthy | poor
young,younger,youngest | old,older,oldest,elderly
new,newest,latest,modern | old,oldest,ancient,legacy
above,over | below,under,beneath
inside,internal,inner | outside,external,outer
input | output
send,sending | receive,receiving
give,gave,given,giving | receive,received,receiving
asking,asked,requesting,requested | giving,gave,providing,provided
upper,uppercase,capital letters | lower,lowercase
love | hate
like | dislike
legal | illegal
possible | impossible
morning | evening,night,bedtime,before bed,before going to bed,before sleep,before sleeping
day,daytime | night,nighttime
north,northern | south,southern
east,eastern | west,western
past | future
horizontal,horizontally | vertical,vertically
long,longer,detailed,in-depth,lengthy,comprehensive,thorough,exhaustive
| short,shorter,brief,concise,succinct,one-paragraph,one-sentence,one-line
big,bigger,large,larger | small,smaller,tiny,little
top | bottom
front | back,rear
sync,synchronous,synchronously | async,asynchronous,asynchronously
static | dynamic
public | private
local,locally | remote,remotely
client | server
formal | informal,casual
funny,humorous | serious
beginner,beginners,novice,novices,newbie,newbies,first-timer,first-timers
| expert,experts,advanced,experienced,seasoned,years of experience,years experience
child,children,kid,kids | adult,adults
import | export
win | loss
rise,go up,goes up,went up,gone up | fall,drop,drops,go down,goes down,went down,gone down
tighten,tightening,tight | loosen,loosening,loose
up | down
forward | backward,backwards
visible | invisible
online | offline
success,successful | failure,failed
safe,safely | dangerous,unsafe
healthy | unhealthy
odd | even
lowest | highest
lighter | darker
light mode | dark mode
fahrenheit | celsius
""".strip()


def _poles(line: str) -> tuple[frozenset[str], frozenset[str]]:
    left, right = line.split("|")
    return (
        frozenset(t.strip() for t in left.split(",")),
        frozenset(t.strip() for t in right.split(",")),
    )


# A line that starts with "|" continues the one before it (its right pole).
OPPOSITES: Final = tuple(
    _poles(line) for line in _OPPOSITE_TEXT.replace("\n| ", " | ").splitlines()
)

# Words that set up a direction or roles: "A to B", "from A", "A than B".
DIRECTION_MARKERS: Final = _words("to into from than towards toward onto")

# "Why" and "when" ask different things about the same topic; "what" and "how"
# are too often interchangeable ("what is the best way to" = "how do I") to count.
SPECIFIC_QUESTIONS: Final = {
    "why": "why",
    "when": "when",
    "where": "where",
    "who": "who",
    "whom": "who",
    "whose": "who",
    "how many": "quantity",
    "how much": "quantity",
    "how long": "duration",
    "how old": "age",
    "how far": "distance",
    "how often": "frequency",
    "how frequently": "frequency",
    "how tall": "size",
    "how big": "size",
    "how large": "size",
    "how high": "size",
    "how deep": "size",
    "how wide": "size",
    "how heavy": "weight",
}

# Entity classes: term -> canonical id. Two texts that name different members of
# any class (or one names one and the other none) ask about different things.
_ENTITY_TEXT: Final = {
    "country": """
afghanistan argentina australia austria bangladesh belgium brazil canada chile china
colombia cuba denmark egypt england ethiopia finland france germany greece hungary
india indonesia iran iraq ireland israel italy japan kenya korea malaysia mexico
morocco nepal netherlands holland nigeria norway pakistan peru philippines poland
portugal romania russia saudi scotland singapore spain sweden switzerland syria
taiwan thailand turkey ukraine vietnam wales africa europe asia america antarctica
usa uk britain
""",
    "nationality": """
american british english french german spanish italian portuguese russian chinese
japanese korean indian pakistani arabic arab hindi urdu bengali turkish dutch swedish
norwegian danish finnish polish greek hebrew persian thai vietnamese indonesian
mexican canadian australian brazilian irish scottish welsh african european asian
latin swahili ukrainian czech hungarian romanian tamil telugu punjabi marathi
mandarin cantonese filipino/tagalog
""",
    "city": """
london paris berlin madrid rome tokyo beijing shanghai delhi mumbai bangalore
chennai kolkata hyderabad moscow sydney melbourne toronto vancouver montreal chicago
boston seattle dubai singapore istanbul cairo lagos nairobi amsterdam vienna prague
dublin lisbon barcelona munich zurich geneva stockholm oslo copenhagen helsinki
athens bangkok jakarta manila seoul osaka kyoto atlanta dallas houston miami denver
""",
    "tech": """
python java javascript typescript c++ c# golang rust ruby php swift kotlin scala perl
haskell sql bash powershell html css matlab julia lua dart elixir erlang clojure
fortran cobol assembly react angular vue django flask rails spring node node.js
express pandas numpy tensorflow pytorch keras mysql postgresql postgres mongodb
sqlite redis cassandra oracle windows linux macos osx ubuntu debian fedora android
ios iphone ipad macbook samsung apple google microsoft amazon facebook meta netflix
tesla twitter instagram whatsapp youtube chrome firefox safari excel powerpoint
aws azure gcp docker kubernetes git github gitlab vscode vim emacs chatgpt gpt
bitcoin ethereum jquery bootstrap laravel wordpress shopify linkedin quora reddit
snapchat tiktok uber airbnb paypal visa mastercard nokia sony xiaomi huawei lenovo
dell intel amd nvidia playstation xbox nintendo
""",
    "currency": """
dollar/dollars/usd/$ euro/euros/eur/€ gbp/£/sterling yen/jpy/¥ rupee/rupees/inr
yuan/rmb/renminbi peso/pesos franc/francs ruble/rubles/rouble
""",
    "unit": """
km/kilometer/kilometers/kilometre/kilometres mile/miles/mi meter/meters/metre/metres
cm/centimeter/centimeters/centimetre mm/millimeter/millimeters inch/inches foot/feet/ft
yard/yards kg/kilogram/kilograms/kilo/kilos gram/grams lb/lbs/pound/pounds
ounce/ounces/oz ton/tons/tonne/tonnes liter/liters/litre/litres ml/milliliter/millilitre
gallon/gallons celsius/centigrade/°c fahrenheit/°f kelvin kb/kilobyte/kilobytes
mb/megabyte/megabytes gb/gigabyte/gigabytes tb/terabyte/terabytes byte/bytes bit/bits
kib/kibibyte/kibibytes mib/mebibyte/mebibytes gib/gibibyte/gibibytes tib/tebibyte/tebibytes
mph kph/kmh watt/watts/w kw/kilowatt kwh volt/volts amp/amps/ampere hz/hertz mhz ghz
percent/%/percentage calorie/calories/kcal second/seconds/sec/secs
tablespoon/tablespoons/tbsp/tbs teaspoon/teaspoons/tsp
minute/minutes/min/mins hour/hours/hr/hrs day/days week/weeks month/months
year/years/yr/yrs decade/decades century/centuries
""",
    "stage": """
infant/infants/baby/babies/newborn/newborns toddler/toddlers/preschooler/preschoolers
teen/teens/teenager/teenagers/adolescent/adolescents senior/seniors/elderly
""",
    "format": """
haiku limerick sonnet poem/poems/poetry verse rhyme story/stories essay article blog
tweet email/e-mail/emails letter memo report outline bullet bullets table json csv yaml xml markdown
slogan joke riddle song lyrics speech script recipe resume/cv paragraph headline
caption abstract chart graph diagram regex pdf spreadsheet presentation slides
""",
    "task": """
summarize/summarise/summarizing/summary/tl;dr translate/translating/translation
paraphrase/rephrase/reword/rewrite proofread classify/categorize extract
shorten/condense simplify refactor debug optimize review
""",
}

# Same thing, other words: an entity on one side is matched by an alias on the other.
# After the names, words and their clipped forms ("acct", "vocab", "uni"): only
# clippings of one word ("temp", "vet", "ref", "app" are left out: temporary,
# veteran, referee, a job application).
_ALIAS_TEXT: Final = """
usa|us|united states|america|american|americans|u.s.|u.s.a
uk|united kingdom|britain|british|brits|england|u.k
ai|artificial intelligence
ml|machine learning
nlp|natural language processing
js|javascript
ts|typescript
golang|go
postgres|postgresql
nyc|new york
k8s|kubernetes
email|e-mail|mail
macos|mac|osx|os x|mac os
summarize|summarise|summary|sum up|summarizing|tl;dr
translate|translation|translating
paraphrase|rephrase|reword|rewrite
tv|television
pc|computer
ram|memory
cpu|processor
gpu|graphics card
eu|european union
un|united nations
account|acc|acct
vocabulary|vocab
information|info
picture|pic
photograph|photo
introduction|intro
refrigerator|fridge
examination|exam
laboratory|lab
mathematics|maths|math
administrator|admin
advertisement|advert
repository|repo
configuration|config
university|uni
telephone|phone
demonstration|demo
statistics|stats
approximately|approx
appointment|appt
department|dept
message|msg
microphone|mic
pay rise|pay raise|raise|salary increase
annual leave|vacation days|vacation time|paid time off|pto
solicitor|lawyer|attorney
plasterboard|drywall|gypsum board|sheetrock
postcode|post code|zip code|zipcode|postal code
mobile phone|cell phone|cellphone
lorry|truck
petrol|gasoline
nappy|nappies|diaper|diapers
dustbin|trash can|garbage can
aubergine|eggplant
courgette|zucchini
coriander|cilantro
motorway|highway|freeway
car park|parking lot
pavement|sidewalk
hob|stovetop|cooktop
cooker|stove
sweets|candy
crisps|potato chips
mum|mom
grey|gray
tyre|tire|tyres|tires
kerb|curb
aluminium|aluminum
jewellery|jewelry
pyjamas|pajamas
programme|program
paracetamol|acetaminophen
""".strip()

ALIASES: Final = tuple(tuple(line.split("|")) for line in _ALIAS_TEXT.splitlines())


def _entities() -> dict[str, str]:
    table: dict[str, str] = {}
    for kind, text in _ENTITY_TEXT.items():
        for group in text.split():
            terms = group.split("/")
            for term in terms:
                table.setdefault(term, f"{kind}:{terms[0]}")
    return table


# Entity names that are also common words: they count only when capitalized.
AMBIGUOUS: Final = _words(
    "swift rust spring express apple windows excel react node visa safari chrome oracle "
    "meta amazon dart julia bootstrap word turkey china jersey "
    "georgia jordan chad guinea won second minute min w g mi ft sec"
)


ENTITY_CLASSES: Final = _entities()

STOPWORDS: Final = _words(
    "a an the and or but if of at by for with about against between through during "
    "in out on off over under again further then once here there all any both each "
    "few other some such only own same so too very s t can will just should now i me "
    "my myself we our ours you your yours he him his she her hers it its they them "
    "their what which this that these those am is are was were be been being have has "
    "had having do does did doing would could might must shall may to from up down "
    "how into than also get got use using way ways one someone something anything "
    "thing things really much many whats what's hows how's there's it's i'm im "
    "please tell me give explain best good"
)


# Closed classes for the alignment checks (semcache.verify._align). None of them
# names what a prompt is about: they are the grammar and the request frame around
# it, so they carry over to prompts nobody here has seen.
#: The request frame: light verbs, speech-act verbs and the nouns that name a
#: request ("tell me", "what's the best way to", "tips for", "walk me through"). One
#: of them in place of a content word makes a swap, judged by similarity; a content
#: word added where the other prompt has only grammar is a qualifier.
FRAME_WORDS: Final = _words(
    "need want know tell give show help get got find let let's lets take go put keep share "
    "suggest recommend explain describe define definition mean meaning write compose draft "
    "create generate make produce possible way ways tip tips step steps process method kind "
    "type thing things use using best good please understand remind wonder wondering curious "
    "walk"
)

#: Grammar: articles, pronouns, quantifiers, auxiliaries and modals, wh-words,
#: conjunctions, light prepositions, fillers (place, time and manner prepositions
#: are content: near, outside, during).
GRAMMAR_WORDS: Final = (STOPWORDS - FRAME_WORDS) | _words(
    "this that these those mine yours ours theirs us him her every all each most more "
    "another either whatever whichever "
    "am is are was were be been being do does did doing done have has had having can could "
    "will would shall should ought may might must isn't wasn't "
    "what which who whom whose how why when where whats what's hows how's where's who's "
    "when's whether while and or but so if then than as because though although "
    "of to for in on at by with from about into onto up out via per like "
    "pls plz thanks thank thx hi hello hey kindly just also really very actually "
    "basically there here it's i'm im i'd ive i've u ur ok okay "
    "yo um umm uh hmm oh ah btw gonna wanna"  # interjections and contracted auxiliaries
)


#: Words that make a relation symmetric: "cats and dogs" = "dogs and cats".
SYMMETRIC_WORDS: Final = _words("and or nor vs vs. versus between & plus")

#: Particles that carry the meaning of the phrase: "turn it on" / "turn it off".
CONTENT_PARTICLES: Final = _words("off")

#: The particles of a phrasal verb that reverse it: "zoom in" / "zoom out", "log in"
#: / "log out", "scroll up" / "scroll down", "switch on" / "switch off" (a closed
#: class of adverbial particles; elsewhere "in" and "on" are grammar).
PARTICLE_OPPOSITES: Final = (
    ("in", "out"), ("up", "down"), ("on", "off"), ("to", "from"), ("for", "against"),
)  # fmt: skip

#: Quantifiers by the amount they name (closed class): "an email" / "all emails",
#: "one dose" / "several doses", "a few" / "many". Numbers count as themselves and
#: an article as one ("a" before a number or a quantifier is part of it: "a few").
QUANTIFIERS: Final = {
    **dict.fromkeys(["all", "every", "each", "entire", "whole", "everything"], "all"),
    **dict.fromkeys(["many", "lots", "lot", "numerous", "plenty", "countless"], "many"),
    **dict.fromkeys(["several", "multiple", "various", "some", "handful"], "several"),
    "few": "few",
}
ARTICLES: Final = _words("a an")

#: Pronouns of a third person: someone other than the asker ("my password" / "her
#: password"). The first and second person are the asker ("How do I" = "How do you").
THIRD_PERSON: Final = _words("he him his she her hers they them their theirs himself herself")
ASKER: Final = _words("i me my mine myself you your yours yourself we us our ours")
#: Someone unnamed, against the asker in the first person: "a parcel *I* sent" /
#: "a parcel *someone* sent me" (against "you" it is a request: "can someone explain").
SOMEONE: Final = _words("someone somebody")
FIRST_PERSON: Final = _words("i me my mine myself we us our ours")

#: Auxiliaries that set a tense: a question in the past is not one about the future
#: ("What did the council decide?" / "What will the council decide?").
PAST_AUXILIARIES: Final = _words("did was were had")
FUTURE_AUXILIARIES: Final = _words("will shall 'll won't gonna")

#: Prepositions and adverbs of place, time and manner: content words (they qualify),
#: never the name of a class ("coffee shops *near* me", "a job *abroad*").
RELATIONAL_WORDS: Final = CONTENT_PARTICLES | _words(
    "near nearby outside inside without within during before after above below under over "
    "behind beyond around across abroad overseas online offline upstairs downstairs "
    "alone together instead except"
)

#: Derivational and inflectional endings: "summary" / "summarize", "differ" / "difference".
DERIVATION_SUFFIXES: Final = (
    "ations", "ation", "ings", "ing", "ment", "ness", "ence", "ance", "ities", "ity",
    "ized", "izes", "ize", "ised", "ises", "ise", "ical", "ic", "ally", "ly", "ful", "ed",
    "es", "s", "al", "ent", "ant", "ive", "y", "t", "e",
)  # fmt: skip

#: Prefixes that make another word of the same root: "ripe" / "overripe",
#: "upgrade" / "downgrade", "install" / "reinstall".
WORD_PREFIXES: Final = (
    "over", "under", "out", "up", "down", "re", "pre", "post", "sub", "super", "mis", "semi",
    "co", "de", "non", "anti", "pro", "inter", "intra", "multi", "mid",
)  # fmt: skip

#: Words that say when: two prompts that differ in them ask about different times.
TIME_WORDS: Final = _words(
    "now today tonight tomorrow yesterday latest upcoming soon later weekend formerly "
    "monday tuesday wednesday thursday friday saturday sunday "
    "january february april june july august september october november december"
)  # "may" and "march" are left out: mostly a modal and a verb

#: Other ways of saying the same time, mapped to one: "right now" = "now"; "today"
#: is "now" too ("gas prices today" / "gas prices"), against "tomorrow" or "yesterday".
TIME_PHRASES: Final = {
    "right now": "now", "at the moment": "now", "at present": "now", "currently": "now",
    "presently": "now", "current": "now", "rn": "now", "atm": "now", "today": "now",
    "nowadays": "now", "these days": "now", "this day and age": "now",
    "tmrw": "tomorrow", "tmr": "tomorrow", "tmrow": "tomorrow", "2day": "now",
    "tonite": "tonight", "2nite": "tonight", "most recent": "latest", "newest": "latest",
    "recent": "latest", "recently": "latest", "lately": "latest", "of late": "latest",
    "in the past": "formerly", "historically": "formerly", "back then": "formerly",
}  # fmt: skip

#: "this / next / last" + a unit of time: "this week", "last year".
TIME_PREFIXES: Final = _words("this next last coming past previous")
TIME_UNITS: Final = _words(
    "week month year weekend night morning evening afternoon day season quarter decade"
)

#: Modality: what a prompt asks may be done against what must be ("Is a goalkeeper
#: *allowed* to wear gloves?" / "... *required* to ..."). Phrases of canonical words;
#: "can" is left out (mostly ability: "how can I").
PERMISSION_PHRASES: Final = (
    "allowed", "permitted", "permissible", "may i", "may we", "may you", "legal to",
    "illegal to", "lawful to", "legal for", "against the law",
)  # fmt: skip
#: "Is it OK to ...?": permission, or advice, or safety, as the asker means it.
ACCEPTABLE_PHRASES: Final = ("ok to", "okay to", "fine to", "alright to", "acceptable to")
OBLIGATION_PHRASES: Final = (
    "must", "required", "require", "requires", "mandatory", "compulsory", "obligatory",
    "obliged", "obligated", "necessary", "needed", "have to", "has to", "had to",
    "supposed to",
)  # fmt: skip
#: Advice: what is wise to do ("*Should* I ...?", "Is it *worth* ...?"), another question
#: than what may or must be done; safety ("Is it *safe* to ...?") another again: a
#: thing can be legal ("Is it *legal* to ...?", a permission) and unsafe.
ADVICE_PHRASES: Final = (
    "should", "ought to", "worth it", "is it worth", "worthwhile", "advisable", "recommended",
    "a good idea", "wise to",
)  # fmt: skip
SAFETY_PHRASES: Final = ("safe to", "safe for", "dangerous to", "risky to", "unsafe to")
#: Modals that ask the question when they open it ("*Can* I ...?", "*Could* we ...?"):
#: ability or permission, which the phrases above sharpen ("Can I ..." is "Am I
#: allowed to ..." and "Is it safe to ..." alike), never obligation or advice.
OPENING_MODALS: Final = _words("can could may might")

#: Stages of a process, by the relation to it a preposition names ("what to eat *before*
#: a run" / "*during* a run" / "*after* a run"): phrase of canonical words -> stage.
STAGES: Final = {
    **dict.fromkeys(["before", "prior to", "ahead of", "in advance of", "pre"], "before"),
    # getting ready for a thing happens before it: "prepare for a colonoscopy"
    **dict.fromkeys(
        ["prepare for", "preparing for", "get ready for", "getting ready for"], "before"
    ),
    **dict.fromkeys(["during", "while", "throughout", "in the middle of", "mid"], "during"),
    **dict.fromkeys(["after", "following", "afterwards", "post", "once the"], "after"),
}

#: What brings a thing about against what it brings about ("what *causes* low iron" /
#: "the *symptoms* of low iron", "the *consequences* of the Great Depression" / "what
#: *caused* it"): phrase of canonical words -> side. Asking both ("causes and effects")
#: against one is a one-sided addition, not another question.
CAUSATION: Final = {
    **dict.fromkeys(
        [
            *("cause", "causes", "caused", "causing", "reason", "reasons", "trigger"),
            *("triggers", "triggered", "risk factor", "risk factors", "root cause"),
        ],
        "cause",
    ),
    **dict.fromkeys(
        [
            *("effect", "effects", "consequence", "consequences", "symptom", "symptoms"),
            *("signs", "impact", "impacts", "outcome", "outcomes", "aftermath"),
            *("what happens", "what will happen", "what would happen"),
            *("do to", "does to", "did to"),  # "what does dehydration *do to* the body"
        ],
        "effect",
    ),
}

#: How long or deep an answer is asked to be ("a *quick overview* of how mortgages work" /
#: "an *in-depth guide* to ..."): phrase of canonical words -> extent. Asking for a
#: *detailed summary* names both, against either alone no other question. "short" and
#: "quick" alone name a thing's own size or speed ("a short story", "a quick dinner").
EXTENTS: Final = {
    **dict.fromkeys(
        [
            *("brief", "briefly", "concise", "concisely", "succinct", "succinctly"),
            *("summary", "summarize", "summarise", "summarized", "summarised", "overview"),
            *("rundown", "recap", "tldr", "tl dr", "in a nutshell", "at a glance"),
            *("cheat sheet", "few sentences", "few lines"),
            *("few words", "short answer", "short version", "short explanation"),
            *("short intro", "short introduction", "quick intro", "quick introduction"),
            *("quick explanation", "quick guide", "quick answer", "quick primer", "primer"),
            *("high level", "in short", "keep it short", "nutshell", "eli5"),
        ],
        "brief",
    ),
    **dict.fromkeys(
        [
            *("detailed", "in depth", "comprehensive", "thorough", "thoroughly"),
            *("exhaustive", "extensive", "lengthy", "long form", "deep dive", "in detail"),
            *("at length", "complete guide", "full guide", "ultimate guide", "elaborate on"),
            *("everything about", "everything i need to know", "full length"),
        ],
        "long",
    ),
}

#: Levels of schooling ("what share of *college* students work" / "... *high school*
#: students"): phrase of canonical words -> level. Each side naming its own level asks
#: about other people, other rules, other costs.
SCHOOLING: Final = {
    **dict.fromkeys(["preschool", "pre school", "nursery school", "kindergarten"], "early"),
    **dict.fromkeys(["elementary school", "primary school", "grade school"], "primary"),
    **dict.fromkeys(["middle school", "junior high", "intermediate school"], "middle"),
    **dict.fromkeys(["high school", "highschool", "secondary school", "sixth form"], "high"),
    **dict.fromkeys(
        ["college", "university", "undergrad", "undergraduate", "community college"], "college"
    ),
    **dict.fromkeys(["grad school", "graduate school", "postgraduate", "phd", "doctoral"], "grad"),
}

#: The life of a thing one has (an account, a subscription, an app, a booking): the
#: verbs that begin it, change it and end it ("*open* / *renew* / *close* an account").
#: Two prompts acting at different points of it ask different things.
LIFECYCLE: Final = {
    **dict.fromkeys(
        _words(
            "start begin open create register install subscribe join enroll enrol apply "
            "activate book launch establish"
        ),
        "begin",
    ),
    **dict.fromkeys(
        _words(
            "renew update upgrade downgrade modify edit extend transfer pause suspend freeze "
            "reactivate resume revive resurrect restore"
        ),
        "change",
    ),
    **dict.fromkeys(
        _words(
            "cancel close delete uninstall unsubscribe withdraw quit terminate deactivate "
            "discontinue remove"
        ),
        "end",
    ),
}

#: Qualifier classes: who the answer is for, what diet, season or medium it holds in.
#: A member only one prompt names, or another member, changes the answer in any
#: rewording ("how does a rainbow form" / "explain to a *child* how rainbows form",
#: "pancake recipe" / "a recipe for *vegan* pancakes"). Class -> member -> its words.
#: A skill level ("for beginners") is left out: QQP's askers treat it as the question
#: without it. Audiences and seasons count after a preposition ("for kids", "in
#: winter"): "why do babies cry" is about babies, not for them.
QUALIFIER_CLASSES: Final = {
    "audience": {
        "child": "child children kid kids kiddo",
        "baby": "baby babies infant infants newborn newborns",
        "toddler": "toddler toddlers",
        "teen": "teen teens teenager teenagers adolescent adolescents",
        "senior": "senior seniors elderly pensioner pensioners retiree retirees",
        "pregnant": "pregnant pregnancy",
    },
    "diet": {
        "vegan": "vegan vegans",
        "vegetarian": "vegetarian vegetarians veggie",
        "gluten": "gluten celiac coeliac",
        "keto": "keto ketogenic",
        "paleo": "paleo",
        "halal": "halal",
        "kosher": "kosher",
        "dairy": "dairy lactose",
    },
    "season": {
        "winter": "winter winters wintertime",
        "summer": "summer summers summertime",
        "autumn": "autumn",
    },
    "medium": {"water": "underwater"},
    # Who a thing is for, or who asks, among people's standings: checked only against
    # another ("tips for parents" / "tips for students"). The parties of a message or a
    # sale (landlord / tenant, buyer / seller) are the sender and direction checks'.
    "people": {
        "parent": "parent parents mom moms mum mums dad dads",
        "student": "student students pupil pupils",
        "teacher": "teacher teachers tutor tutors",
        "employee": "employee employees worker workers",
        "employer": "employer employers",
        "patient": "patient patients",
        "doctor": "doctor doctors nurse nurses",
    },
    # Who the asker does it with: a trip, a meal or a plan for one is not for a family.
    "company": {
        "alone": "alone solo",
        "family": "family families",
        "friends": "friends",
    },
}

#: How often: a word that says it alone ("daily", "annually") -> its period, and a
#: period's unit -> the period "per / every / each / once a" it makes.
FREQUENCY_WORDS: Final = {
    **dict.fromkeys(["hourly"], "hour"),
    **dict.fromkeys(["daily", "nightly"], "day"),
    **dict.fromkeys(["weekly"], "week"),
    **dict.fromkeys(["biweekly", "fortnightly", "semimonthly"], "fortnight"),
    **dict.fromkeys(["monthly"], "month"),
    **dict.fromkeys(["quarterly"], "quarter"),
    **dict.fromkeys(["yearly", "annually", "annual"], "year"),
    # Now and then, with no period: against one ("occasionally" / "every night").
    **dict.fromkeys(
        ["occasionally", "sometimes", "rarely", "seldom", "infrequently", "sporadically"],
        "occasional",
    ),
}
#: How often in a phrase of canonical words, as FREQUENCY_WORDS: "once in a while" is
#: now and then, "a lump sum" a single time ("invest once" / "invest every month").
FREQUENCY_PHRASES: Final = {
    **dict.fromkeys(
        ["now and then", "once in a while", "from time to time", "every so often", "on occasion"],
        "occasional",
    ),
    **dict.fromkeys(["lump sum", "a 1 time", "a single time", "just 1 time"], "once"),
}
FREQUENCY_UNITS: Final = {
    "hour": "hour", "day": "day", "night": "day", "morning": "day", "evening": "day",
    "afternoon": "day", "week": "week", "weekend": "week", "fortnight": "fortnight",
    "month": "month", "quarter": "quarter", "year": "year",
}  # fmt: skip

#: Modes of travel and of doing something (by train / by car, online / by mail / in
#: person): phrase of canonical words -> the mode it names.
MODES: Final = {
    **dict.fromkeys(["by train", "by rail", "by tram", "by subway", "by metro"], "rail"),
    **dict.fromkeys(["by car", "by road", "driving", "by taxi", "by cab", "by uber"], "car"),
    **dict.fromkeys(["by bus", "by coach"], "bus"),
    **dict.fromkeys(["by plane", "by air", "flying", "by flight"], "air"),
    **dict.fromkeys(["by ferry", "by boat", "by ship", "by sea"], "sea"),
    **dict.fromkeys(["by bike", "by bicycle", "cycling"], "bike"),
    **dict.fromkeys(["on foot", "walking"], "foot"),
    **dict.fromkeys(["by mail", "by post", "by courier", "mail in", "in the mail"], "mail"),
    **dict.fromkeys(["by phone", "over the phone", "by telephone", "phone call"], "phone"),
    **dict.fromkeys(["by email", "via email", "by e mail"], "email"),
    **dict.fromkeys(["by fax", "via fax"], "fax"),
    **dict.fromkeys(["by text", "via text", "by sms"], "text"),
    **dict.fromkeys(["online", "over the internet", "on the website", "via the app"], "online"),
    **dict.fromkeys(["in person", "in store", "at the store", "at a branch", "walk in"], "person"),
}

"""semcache.verify.lang: the checks for French, German, Spanish and Portuguese."""

from __future__ import annotations

import pytest

from semcache.verify import default_verifier, difference
from semcache.verify.lang import DEFAULT_LANG_SWAP_FLOOR, LANGUAGES, conflict, guards_for, reads


@pytest.mark.parametrize(
    ("a", "b", "check"),
    [
        ("Comment annuler mon abonnement ?", "Comment conserver mon abonnement ?", "opposite"),
        ("Wie kann ich mein Passwort ändern?", "Wie kann ich mein Passwort nicht ändern?",
         "negation"),
        ("dose de paracétamol pour un adulte", "dose de paracétamol pour un enfant", "opposite"),
        ("Escribe un poema de dos estrofas", "Escribe un poema de seis estrofas", "number"),
        ("Receita de bolo sem glúten", "Receita de bolo com glúten", "negation"),
        ("Quem descobriu o Brasil?", "Quando o Brasil foi descoberto?", "question"),
        ("Wie schalte ich den Dunkelmodus ein?", "Wie schalte ich den Dunkelmodus aus?",
         "opposite"),
        ("Louis XIV a-t-il construit Versailles ?", "Louis XVI a-t-il construit Versailles ?",
         "number"),
        ("Menú semanal vegetariano", "Menú semanal vegano", "opposite"),
        ("Traduis ce texte en anglais", "Traduis ce texte en allemand", "qualifier"),
        ("Comment installer Java sur Mac ?", "Comment installer Python sur Mac ?", "entity"),
    ],
)  # fmt: skip
def test_look_alikes_are_told_apart(a: str, b: str, check: str) -> None:
    """Each look-alike is vetoed, by the check named."""
    assert conflict(a, b) == check
    assert conflict(b, a) == check


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Comment annuler mon abonnement ?", "Comment puis-je résilier mon abonnement ?"),
        ("¿Cuál es la capital de Francia?", "¿Qué ciudad es la capital de Francia?"),
        ("Wie lerne ich schnell Englisch?", "Was ist der schnellste Weg, Englisch zu lernen?"),
        ("Quantos habitantes tem o Brasil?", "Qual é a população do Brasil?"),
        ("How do I enable dark mode?", "How do I disable dark mode?"),  # English: not here
    ],
)
def test_paraphrases_pass(a: str, b: str) -> None:
    """Paraphrases (and English pairs, left to the English guards) are not vetoed."""
    assert conflict(a, b) is None


def test_entity_and_negation_guards_are_left_out_for_these_languages() -> None:
    """German nouns and a sentence opened by ¿ are not names to the English guards, and
    each language's own negation words are read by its table, not by English "no"."""
    guards = ("negation", "entity", "number")
    assert guards_for("Wie ändere ich mein Passwort?", "Wie ändere ich das Passwort?", guards) == (
        "number",
    )
    assert guards_for("How do I reset it?", "How can I reset it?", guards) == guards


def test_guarded_verifier_runs_them() -> None:
    """The default verifier names the language check that vetoes a pair."""
    verifier = default_verifier()
    assert (
        verifier.reason("Comment annuler mon abonnement ?", "Comment conserver mon abonnement ?")
        == "opposite"
    )
    assert {"fr", "de", "es", "pt"} == LANGUAGES


@pytest.mark.parametrize(
    ("a", "b", "check"),
    [
        ("Wie ist das Wetter heute in Köln?", "Wie ist das Wetter heute in Frankfurt?", "entity"),
        ("Wie viel kostet die Miete in der Schweiz?", "Wie viel kostet die Miete in Österreich?",
         "entity"),
        ("¿Cómo instalo WhatsApp en el iPhone?", "¿Cómo instalo WhatsApp en el iPad?", "entity"),
        ("Ich kann mich nicht anmelden", "Ich kann mich anmelden, aber nicht bezahlen",
         "qualifier"),
        ("Bei welcher Temperatur trocknet man Wäsche?", "Wie lange trocknet man Wäsche?",
         "question"),
        ("Hat Brokkoli viel Eisen?", "Hat Brokkoli wenig Eisen?", "opposite"),
        ("Wie verschlüssele ich eine Datei?", "Wie entschlüssele ich eine Datei?",
         "substitution"),
    ],
)  # fmt: skip
def test_what_differs_is_judged_by_its_shape(a: str, b: str, check: str) -> None:
    """Words on no list are told apart by the alignment: a name swapped (German nouns are
    not names), a clause added, a measure for a which-question, a prefix swapped."""
    assert conflict(a, b, 0.95) == check
    assert conflict(b, a, 0.95) == check


def test_a_word_swapped_in_place_is_judged_by_similarity() -> None:
    """One content word swapped in the same sentence is refused below the swap floor."""
    a, b = "Comment nettoyer un tapis ?", "Comment nettoyer un canapé ?"
    assert conflict(a, b, DEFAULT_LANG_SWAP_FLOOR - 0.01) == "substitution"
    assert conflict(a, b, DEFAULT_LANG_SWAP_FLOOR + 0.01) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Comment annuler mon abonnement ?", "Comment puis-je annuler mon abonnement ?"),
        ("Quelle est la capitale du Chili ?", "Quelle ville est la capitale du Chili ?"),
        ("Como faço um bolo de cenoura?", "Como fazer um bolo de cenoura agora?"),
    ],
)
def test_frame_words_are_not_content(a: str, b: str) -> None:
    """Words of the request frame, a which-word's noun, and "now" differ freely; the
    English alignment (which reads them as content) is not run on these languages."""
    assert conflict(a, b, 0.8) is None
    assert reads(a, b)
    assert difference(a, b, 0.8) is not None  # what the English alignment would say
    assert default_verifier().reason(a, b, 0.8) is None


def test_english_pairs_are_aligned_in_english() -> None:
    """reads() is false for two English prompts: semcache.verify's alignment runs."""
    assert not reads("How do I cancel my plan?", "How can I cancel my plan?")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Billets de train de Nantes à Rennes", "Billets de train de Rennes à Nantes"),
        ("Zug von München nach Wien", "Zug von Wien nach München"),
        ("Vuelos de Sevilla a Valencia", "Vuelos de Valencia a Sevilla"),
        ("Ônibus de Recife para Natal", "Ônibus de Natal para Recife"),
        ("Convertir des livres en kilos", "Convertir des kilos en livres"),
        ("Meilen in Kilometer umrechnen", "Kilometer in Meilen umrechnen"),
        ("Convertir libras a kilos", "Convertir kilos a libras"),
        ("Converter milhas para quilômetros", "Converter quilômetros para milhas"),
    ],
)  # fmt: skip
def test_direction_swapped_is_told_apart(a: str, b: str) -> None:
    """From A to B is not from B to A, nor X converted to Y the other way round."""
    assert conflict(a, b) == "direction"
    assert conflict(b, a) == "direction"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Combien d'heures de vol entre Nice et Oslo ?", "Durée du vol de Nice à Oslo"),
        ("Quels sont les symptômes de la rougeole ?", "Quels symptômes a-t-on avec la rougeole ?"),
        ("¿Cuál es el mejor portátil de 2025?", "¿Qué portátil es el mejor en 2025?"),
    ],
)  # fmt: skip
def test_prepositions_alone_are_no_direction(a: str, b: str) -> None:
    """A word after "de" on one side and after "en" / "à" on the other is no swap."""
    assert conflict(a, b) != "direction"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Horaires de la piscine demain", "Horaires de la piscine aujourd'hui"),
        ("Was kann man am Wochenende in Bonn tun?", "Was kann man nächste Woche in Bonn tun?"),
        ("¿Qué tiempo hace el lunes?", "¿Qué tiempo hace el martes?"),
        ("Vendas de março", "Vendas de outubro"),
        ("Was esse ich am Nachmittag?", "Was esse ich am Abend?"),
    ],
)  # fmt: skip
def test_another_time_is_told_apart(a: str, b: str) -> None:
    """Two prompts naming different times ask different things."""
    assert conflict(a, b) == "time"


def test_a_time_phrase_is_read_before_its_words() -> None:
    """ "am Morgen" is the morning, not "morgen" (tomorrow); "ce soir" is today's evening."""
    assert conflict("Was esse ich am Morgen?", "Was esse ich morgens?") is None
    assert conflict("Que faire ce soir ?", "Que faire aujourd'hui en soirée ?") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Que visiter à Porto ?", "Où dormir à Porto ?"),
        ("Was kann man in Graz essen?", "Wo kann man in Graz essen?"),
        ("¿Qué regalar en Navidad?", "¿Cuándo regalar en Navidad?"),
        ("O que fazer em Lisboa?", "Onde ficar em Lisboa?"),
    ],
)  # fmt: skip
def test_what_against_where_or_when_is_another_question(a: str, b: str) -> None:
    """A question opened by "what" is not one opened by "where", "when" or "who"."""
    assert conflict(a, b) == "question"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Wann wurde der Eiffelturm gebaut?", "In welchem Jahr wurde der Eiffelturm gebaut?"),
        ("¿Cuándo murió Cervantes?", "¿En qué año murió Cervantes?"),
        ("Was sind die Ursachen von Migräne?", "Warum bekommt man Migräne?"),
    ],
)  # fmt: skip
def test_which_year_is_when_and_what_is_causes_is_why(a: str, b: str) -> None:
    """ "Which year" asks when; "what are the causes" says its question in the noun."""
    assert conflict(a, b) != "question"


def test_price_is_another_measure_than_duration() -> None:
    """ "Wie lange dauert" and "Wie viel kostet" ask for different measures."""
    assert conflict("Wie lange dauert ein Reisepass?", "Wie viel kostet ein Reisepass?") == (
        "question"
    )
    assert conflict("¿Cuánto cuesta un pasaporte?", "¿Cuál es el precio de un pasaporte?") is None


def test_names_sharing_a_beginning_are_two_names() -> None:
    """ "Australia" and "Austria" are two countries, "Deutschlands" is "Deutschland"."""
    assert conflict("Visado para Australia", "Visado para Austria") == "entity"
    assert conflict("Hauptstadt Deutschlands", "Hauptstadt von Deutschland") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Comment agrandir une fenêtre ?", "Comment réduire une fenêtre ?"),
        ("Wie kann ich die Schrift vergrößern?", "Wie kann ich die Schrift verkleinern?"),
        ("Cómo hacer una masa más espesa", "Cómo hacer una masa más líquida"),
        ("Como abrir uma empresa?", "Como encerrar uma empresa?"),
    ],
)  # fmt: skip
def test_general_opposites_are_told_apart(a: str, b: str) -> None:
    """Enlarge / reduce, thick / thin, open / close in each language."""
    assert conflict(a, b) == "opposite"


def test_a_hyphenated_word_is_one_word() -> None:
    """ "E-Mail-Adresse" against "Passwort" is one word swapped in place; "puis-je" is
    two words."""
    a, b = "Wie ändere ich meine E-Mail-Adresse?", "Wie ändere ich mein Passwort?"
    assert conflict(a, b, 0.8) == "substitution"
    assert conflict("Puis-je payer en ligne ?", "Est-ce que je peux payer en ligne ?") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Peut-on recongeler de la viande ?", "Doit-on recongeler de la viande ?"),
        ("Darf ich im Zug rauchen?", "Muss ich im Zug rauchen?"),
        ("¿Puedo regar las plantas de noche?", "¿Debería regar las plantas de noche?"),
        ("Posso lavar o casaco na máquina?", "Tenho que lavar o casaco na máquina?"),
    ],
)
def test_what_may_be_done_is_not_what_must_be(a: str, b: str) -> None:
    """ "May I" against "must I" or "should I" is another question: a modality veto."""
    assert conflict(a, b) == "modality"
    assert conflict(b, a) == "modality"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Que doit-on visiter à Lyon ?", "Que devrait-on visiter à Lyon ?"),
        ("Comment puis-je changer un pneu ?", "Comment dois-je changer un pneu ?"),
        ("Kann man Reis einfrieren?", "Reis einfrieren"),
        ("¿Podrías decirme si debo llevar abrigo?", "¿Debo llevar abrigo?"),
    ],
)
def test_modals_that_ask_alike_are_not_vetoed(a: str, b: str) -> None:
    """ "Must" and "should" are one; a how-question, a modal on one side only and the
    polite conditional ("podrías") are no modality difference."""
    assert conflict(a, b) != "modality"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Comment cirer un parquet très abîmé ?", "Comment cirer un parquet vraiment abîmé ?"),
        ("Wie entkalke ich einen sehr verkalkten Wasserkocher?",
         "Wie entkalke ich einen stark verkalkten Wasserkocher?"),
        ("¿Cómo pintar una pared muy húmeda?", "¿Cómo pintar una pared súper húmeda?"),
        ("Como pintar uma parede muito úmida?", "Como pintar uma parede super úmida?"),
    ],
)  # fmt: skip
def test_intensifiers_are_one_qualifier(a: str, b: str) -> None:
    """ "Très" and "vraiment", "sehr" and "stark", "muy" and "súper" say the same."""
    assert conflict(a, b, 0.96) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Comment cirer un parquet abîmé ?", "Comment cirer un parquet très abîmé ?"),
        ("Como pintar uma parede úmida?", "Como pintar uma parede muito úmida?"),
    ],
)
def test_an_intensifier_on_one_side_is_a_qualifier(a: str, b: str) -> None:
    """A qualifying intensifier ("très", "muito") on one side only is a qualifier."""
    assert conflict(a, b, 0.96) == "qualifier"


def test_a_mere_intensifier_on_one_side_is_no_qualifier() -> None:
    """ "Vraiment" or "super" alone, no qualifier by itself, is none on one side either."""
    a, b = "Comment cirer un parquet abîmé ?", "Comment cirer un parquet vraiment abîmé ?"
    assert conflict(a, b, 0.96) is None


def test_portuguese_no_is_not_english_no() -> None:
    """Portuguese "no" (em + o: "no Linux") is no negation; "não" and a Spanish "no"
    before a plural ("no tóxicas") are."""
    verifier = default_verifier()
    a, b = "Como instalar o Docker no Linux?", "Como instalar o Docker em Linux?"
    assert verifier.reason(a, b, 0.97) is None
    assert conflict("Flores tóxicas para cães", "Flores no tóxicas para cães") == "negation"
    assert conflict("Como instalar o Docker?", "Como não instalar o Docker?") == "negation"
    assert (
        verifier.reason(
            "Como abrir o terminal no Windows?", "Como abrir o terminal em Windows?", 0.97
        )
        is None
    )


def test_a_german_noun_after_an_adjective_is_no_name() -> None:
    """ "frisches Obst" / "frische Früchte": nouns after an adjective, not names swapped."""
    a = "Wie lange hält sich frisches Obst im Keller?"
    b = "Wie lange kann man frische Früchte im Keller lagern?"
    assert conflict(a, b, 0.95) is None
    assert conflict("Wie komme ich nach Bonn?", "Wie komme ich nach Köln?", 0.95) == "entity"


def test_a_dash_opens_a_clause() -> None:
    """A capitalized word after a dash opens a clause: no name ("– Anleitung?")."""
    a = "Wie installiere ich Java unter Linux?"
    b = "Java auf Linux installieren – Anleitung?"
    assert conflict(a, b, 0.95) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Est-il possible de payer en liquide ?", "Faut-il payer en liquide ?"),
        ("Ist es möglich, online zu wählen?", "Brauche ich einen Termin, um zu wählen?"),
        ("¿Es posible viajar con el DNI caducado?", "¿Hace falta viajar con el DNI?"),
        ("Dá para viajar com o RG vencido?", "Preciso viajar com o RG?"),
    ],
)
def test_possible_is_may_and_need_is_must(a: str, b: str) -> None:
    """ "Is it possible" reads as "may", "do I need" as "must"."""
    assert conflict(a, b) == "modality"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Combien de temps cuire une demi baguette ?", "Combien de temps cuire une baguette ?"),
        ("Wie lange backt ein halbes Brot?", "Wie lange backt ein Brot?"),
        ("¿Cuánto cuesta una docena de huevos?", "¿Cuánto cuesta un huevo?"),
        ("Quanto custa o dobro da tarifa?", "Quanto custa a tarifa?"),
        ("Quelle vitesse à quarante km/h ?", "Quelle vitesse à cinquante km/h ?"),
    ],
)
def test_fractions_multiples_and_tens_are_numbers(a: str, b: str) -> None:
    """Half, dozen, double and the tens spelled out are numbers the other lacks."""
    assert conflict(a, b) == "number"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Comment vider le cache de Chrome ?", "Comment vider le cache de Chrome stp ?"),
        ("Wie lange dauert ein Flug nach Rom?", "Wie lange dauert ein Flug nach Rom ungefähr?"),
        ("¿Qué es un VPN?", "Explícame qué es un VPN"),
        ("O que é um VPN?", "Me explica o que é um VPN"),
        ("Quanto demora uma entrega para os Açores?", "quanto demora uma entrega pros Açores"),
    ],
)
def test_informal_and_polite_words_are_the_frame(a: str, b: str) -> None:
    """ "stp", "ungefähr", "explícame", "pra": the request's frame, not what is asked."""
    assert conflict(a, b, 0.95) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Résume cet article sur la retraite", "Traduis cet article sur la retraite"),
        ("Übersetze diese Anleitung", "Korrigiere diese Anleitung"),
        ("Escribe un poema sobre el mar", "Escribe un cuento sobre el mar"),
        ("Explique este código", "Otimize este código"),
    ],
)
def test_another_task_on_the_same_content_is_another_request(a: str, b: str) -> None:
    """Each names a task or a form of output the other does not: the request differs."""
    assert conflict(a, b, 0.99) == "task"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Resuma este artigo", "Faça um resumo deste artigo"),
        ("Explique-moi comment traduire un PDF", "Comment traduire un PDF ?"),
        ("Schreib ein Gedicht über den Herbst", "Ein Gedicht über den Herbst, bitte"),
    ],
)
def test_one_task_said_twice_or_on_one_side_only_is_not_vetoed(a: str, b: str) -> None:
    """The same task in other words, or a task only one side names (the frame), passes."""
    assert conflict(a, b, 0.99) != "task"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Comment supprimer quelques photos ?", "Comment supprimer toutes les photos ?"),
        ("Wie kündige ich einen Vertrag?", "Wie kündige ich alle Verträge?"),
        ("¿Se devuelve una parte de la fianza?", "¿Se devuelve toda la fianza?"),
        ("Como apagar alguns contatos?", "Como apagar todos os contatos?"),
    ],
)
def test_all_some_and_part_are_quantities(a: str, b: str) -> None:
    """ "All" against "some", "part" or one thing named with an indefinite article."""
    assert conflict(a, b, 0.99) == "quantity"


def test_the_same_quantity_in_other_words_passes() -> None:
    """Both say "all": no quantity differs."""
    assert conflict("Comment supprimer toutes mes photos ?", "Supprimer toutes mes photos") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Est-il obligatoire de vacciner son chat ?", "Est-il recommandé de vacciner son chat ?"),
        ("Ist eine Impfung für Katzen Pflicht?", "Ist eine Impfung für Katzen empfohlen?"),
        ("Posso cancelar a matrícula?", "Sou obrigado a cancelar a matrícula?"),
    ],
)
def test_required_advised_and_allowed_are_other_questions(a: str, b: str) -> None:
    """An obligation against advice, or against what may be done, is another question."""
    assert conflict(a, b, 0.99) == "modality"


def test_a_negation_inside_a_rewording_is_one_way_to_say_it() -> None:
    """A request reworded around a negation ("so that it does not wilt") passes the
    negation check; the same sentence negated in place does not."""
    reworded = (
        "Wie halte ich Schnittblumen lange frisch?",
        "Tipps, damit meine Tulpen in der Vase nicht so schnell verwelken",
    )
    assert conflict(*reworded) != "negation"
    in_place = ("Welche Pilze kann man roh essen?", "Welche Pilze kann man nicht roh essen?")
    assert conflict(*in_place) == "negation"


@pytest.mark.parametrize(
    ("a", "b", "check"),
    [
        ("¿Cuántos goles marcó el Betis esta temporada?",
         "¿Cuántos goles marcó el Betis la temporada pasada?", "time"),
        ("Warum steigen die Strompreise?", "Warum sinken die Strompreise?", "opposite"),
    ],
)  # fmt: skip
def test_seasons_and_rising_or_falling(a: str, b: str, check: str) -> None:
    """A season (this / last) is a time; rising and falling are opposites."""
    assert conflict(a, b, 0.99) == check


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Escreva um e-mail pedindo folga", "Redija um e-mail para solicitar folga"),
        (
            "Welche Unterlagen brauche ich für ein Visum?",
            "Welche Dokumente brauche ich für ein Visum?",
        ),
    ],
)
def test_a_synonym_swapped_in_place_is_the_same_word(a: str, b: str) -> None:
    """Listed synonyms ("escrever" / "redigir", "Unterlagen" / "Dokumente") are no swap."""
    assert conflict(a, b, 0.9) is None


def test_an_unlisted_noun_swapped_in_place_is_still_refused() -> None:
    """A swap no synonym explains stays a substitution below the in-place floor."""
    pair = (
        "Welche Unterlagen brauche ich für ein Visum?",
        "Welche Fotos brauche ich für ein Visum?",
    )
    assert conflict(*pair, 0.9) == "substitution"


@pytest.mark.parametrize(
    ("a", "b", "check"),
    [
        ("Faut-il un nettoyage quotidien du clavier ?",
         "Faut-il un nettoyage hebdomadaire du clavier ?", "time"),
        ("¿Cuánto se paga de cuota mensual?", "¿Cuánto se paga de cuota anual?", "time"),
        ("Wie exportiere ich beide Tabellen?", "Wie exportiere ich eine Tabelle?", "quantity"),
        ("Gib mir Beispiele für Metaphern", "Gib mir eine Definition von Metaphern", "task"),
        ("Schreib diesen Absatz um", "Fasse diesen Absatz zusammen", "task"),
    ],
)  # fmt: skip
def test_frequencies_counts_and_more_tasks(a: str, b: str, check: str) -> None:
    """Daily / weekly / monthly / yearly are times; "both" is a quantity against one thing;
    examples, a definition and a separable "umschreiben" are tasks."""
    assert conflict(a, b, 0.99) == check


def test_every_day_and_all_days_are_one_frequency() -> None:
    """ "Cada día" and "todos los días" say the same: no time or quantity differs."""
    assert conflict("¿Cuánta agua beber cada día?", "¿Cuánta agua beber todos los días?") is None


def test_two_letters_swapped_in_a_name_are_a_typo() -> None:
    """ "Pyhton" is "Python" mistyped, not another name; "Austria" is still not "Australia"."""
    typo = ("Wie installiere ich Python unter Linux?", "Wie installiere ich Pyhton unter Linux?")
    assert conflict(*typo, 0.99) is None
    assert conflict("Visum für Australien", "Visum für Austrien", 0.99) == "entity"


@pytest.mark.parametrize(
    ("a", "b", "check"),
    [
        ("Ist ein Glas Rotwein am Abend gesund?", "Ist eine Flasche Rotwein am Abend gesund?",
         "quantity"),
        ("Combien de grammes de pâtes par personne ?", "Combien de kilos de pâtes par personne ?",
         "quantity"),
        ("Réponds à ce message de mon chef", "Traduis ce message de mon chef", "task"),
        ("¿Qué hacer en Madrid en Navidad?", "¿Qué hacer en Madrid en Semana Santa?", "time"),
    ],
)  # fmt: skip
def test_units_replies_and_holidays(a: str, b: str, check: str) -> None:
    """Two units of one measure are two amounts; a reply is a task; holidays are times."""
    assert conflict(a, b, 0.99) == check


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("¿Cuántos días libres tengo al mes?", "¿Cuántos días libres me tocan al mes?"),
        ("Wie viel Wasser am Tag?", "Wie viele Liter Wasser am Tag?"),
        ("Combien de g de sucre ?", "Combien de grammes de sucre ?"),
    ],
)
def test_one_unit_spelt_twice_or_units_of_two_measures_pass(a: str, b: str) -> None:
    """ "g" is "grammes"; a day and a litre measure different things: no quantity differs."""
    assert conflict(a, b, 0.99) != "quantity"


def test_a_language_adjective_is_not_its_country() -> None:
    """ "deutsch" in any inflection is the language; "Deutschland" is not a qualifier."""
    assert conflict("Übersetze den Brief ins Deutsche", "Übersetze den Brief ins Englische") == (
        "qualifier"
    )
    citizen = (
        "Wie bekomme ich die deutsche Staatsbürgerschaft?",
        "Wie wird man deutscher Staatsbürger?",
    )
    assert conflict(*citizen) != "qualifier"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Comment supprimer mon compte Google ?",
            "Comment effacer définitivement mon compte Google ?",
        ),
        ("Por que meu celular está tão quente?", "Por que meu celular está muito quente?"),
    ],
)
def test_for_good_and_so_are_no_qualifiers(a: str, b: str) -> None:
    """ "Définitivement" adds nothing to deleting; "tão" and "muito" are both "very"."""
    assert conflict(a, b, 0.99) is None


def test_another_verb_on_a_given_text_is_judged_in_place() -> None:
    """On a text given with the request ("diesen Absatz"), an unlisted verb swapped is a
    swap in place (below the in-place floor), not a reworded request verb."""
    given = ("Vertone diesen Absatz", "Illustriere diesen Absatz")
    assert conflict(*given, DEFAULT_LANG_SWAP_FLOOR - 0.01) == "substitution"
    asked = ("Wie entferne ich einen Splitter?", "Wie ziehe ich einen Splitter?")
    assert conflict(*asked, DEFAULT_LANG_SWAP_FLOOR - 0.01) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Traduce este correo al chino", "Traduce este correo al japonés"),
        ("Traduza este texto para o russo", "Traduza este texto para o árabe"),
    ],
)
def test_more_output_languages_are_qualifiers(a: str, b: str) -> None:
    """Chinese, Japanese, Russian, Arabic ... as output languages are qualifiers too."""
    assert conflict(a, b, 0.99) == "qualifier"


def test_a_question_reordered_without_direction_words_passes() -> None:
    """English "direction" is not run on a reordered question with no "von" / "nach"."""
    guards = ("direction", "number")
    reordered = ("Wie viele Kalorien hat ein Apfel?", "Ein Apfel hat wie viele Kalorien?")
    assert guards_for(*reordered, guards) == ("number",)
    moved = ("Geld vom Sparkonto aufs Girokonto", "Geld vom Girokonto aufs Sparkonto")
    assert guards_for(*moved, guards) == guards


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Como mudar a senha do celular?", "como mudar a senha do celualr"),
        ("Comment demander un remboursement ?", "Comment obtenir un remboursement ?"),
        ("¿Cómo ahorrar dinero todos los meses?", "¿Cómo ahorrar dinero cada mes?"),
    ],
)
def test_typos_asking_for_and_getting_and_all_as_grammar(a: str, b: str) -> None:
    """Two letters swapped, "ask for" / "get", and "todos los" / "cada" are no swap."""
    assert conflict(a, b, 0.9) is None


@pytest.mark.parametrize(
    ("a", "b", "check"),
    [
        ("Combien de calories dans une tranche de pain ?",
         "Combien de calories dans un paquet de pain ?", "quantity"),
        ("¿Es mejor correr al amanecer?", "¿Es mejor correr al atardecer?", "time"),
        ("Schreib eine Fabel über einen Fuchs", "Schreib ein Gedicht über einen Fuchs", "task"),
    ],
)  # fmt: skip
def test_counted_units_dawn_and_dusk_and_fables(a: str, b: str, check: str) -> None:
    """A slice against a packet, dawn against dusk, a fable against a poem."""
    assert conflict(a, b, 0.99) == check


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Que faire si un voisin m'insulte dans la rue ?",
         "Que faire si j'ai insulté un voisin dans la rue ?"),
        ("Ein Hund hat mich im Park gebissen, was tun?",
         "Ich habe im Park einen Hund getreten, was tun?"),
        ("Mi jefe me gritó en la reunión, ¿qué hago?",
         "Le grité a mi jefe en la reunión, ¿qué hago?"),
        ("Minha irmã tem inveja de mim, o que fazer?",
         "Eu tenho inveja da minha irmã, o que fazer?"),
    ],
)  # fmt: skip
def test_the_speaker_acting_or_acted_on_is_another_role(a: str, b: str) -> None:
    """The speaker who acts against the speaker acted on: who does what to whom."""
    assert conflict(a, b) == "role"
    assert conflict(b, a) == "role"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Wie schreibe ich eine Absage an einen Kunden?",
         "Kannst du mir helfen, eine Absage an einen Kunden zu schreiben?"),
        ("Schreib mir einen Brief an den Vermieter", "Ich brauche einen Brief an den Vermieter"),
        ("Je me suis fait piquer par une guêpe, que faire ?",
         "Une guêpe m'a piqué, que faire ?"),
    ],
)  # fmt: skip
def test_a_pronoun_of_the_frame_or_a_reflexive_is_no_role(a: str, b: str) -> None:
    """ "Kannst du mir helfen", "Schreib mir" and "je me" say nothing of who acts."""
    assert conflict(a, b) != "role"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Menu avec beaucoup de poisson et peu de riz",
         "Menu avec beaucoup de riz et peu de poisson"),
        ("Warum ist das Zimmer links hell und rechts dunkel?",
         "Warum ist das Zimmer rechts hell und links dunkel?"),
        ("Sopa con mucha sal y poca pimienta", "Sopa con mucha pimienta y poca sal"),
    ],
)  # fmt: skip
def test_words_trading_places_across_and_change_what_goes_with_what(a: str, b: str) -> None:
    """Two words swapped across "and" with other companions: another pairing."""
    assert conflict(a, b) == "order"


def test_a_list_in_another_order_is_the_same_list() -> None:
    """ "du thé et du café" / "du café et du thé": the same companions, one list."""
    assert conflict("Acheter du thé et du café", "Acheter du café et du thé") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Wie melde ich mich beim Newsletter an? Anmelden geht nicht",
         "Wie melde ich mich beim Newsletter ab? Abmelden geht nicht"),
        ("Comment verrouiller mon téléphone ?", "Comment déverrouiller mon téléphone ?"),
        ("Como bloquear o aplicativo?", "Como desbloquear o aplicativo?"),
        ("Mein Kuchen soll weicher werden", "Mein Kuchen soll fester werden"),
    ],
)  # fmt: skip
def test_antonym_prefixes_particles_and_german_opposites(a: str, b: str) -> None:
    """An antonym prefix or particle on one root, and German opposite adjectives."""
    assert conflict(a, b) == "opposite"


def test_a_short_root_after_des_is_no_opposite() -> None:
    """ "deshago" is not "hago" negated: roots under five letters are not read."""
    assert (
        conflict("¿Cómo me deshago de las hormigas?", "¿Qué hago con las hormigas?") != "opposite"
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Wie beschleunige ich das Laden der Seite?", "Wie verlangsame ich das Laden der Seite?"),
        ("Raconte la Révolution en quelques lignes", "Raconte la Révolution en détail"),
        ("Cuéntame la historia de Roma en pocas palabras",
         "Cuéntame la historia de Roma con detalle"),
        ("Explica a Guerra Fria em poucas linhas", "Explica a Guerra Fria em detalhes"),
    ],
)  # fmt: skip
def test_speeding_up_and_slowing_down_briefly_and_in_detail(a: str, b: str) -> None:
    """Speed up against slow down, in a few lines against in detail."""
    assert conflict(a, b) == "opposite"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Comment enlever un peu de rouille du vélo ?",
         "Comment enlever toute la rouille du vélo ?"),
        ("Ein bisschen Kalk im Bad, was tun?", "Das ganze Bad voller Kalk, was tun?"),
        ("¿Cómo borro una nota del móvil?", "¿Cómo borro muchas notas del móvil?"),
    ],
)  # fmt: skip
def test_a_little_and_many_are_quantities(a: str, b: str) -> None:
    """ "Un peu de" against "toute la", "muchas notas" against "una nota"."""
    assert conflict(a, b) == "quantity"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Comment le médecin doit informer le patient ?",
         "Comment le patient doit informer le médecin ?"),
        ("Darf der Lehrer dem Schüler das Handy wegnehmen?",
         "Darf der Schüler dem Lehrer das Handy wegnehmen?"),
        ("¿Qué hace el inquilino si el casero no arregla la caldera?",
         "¿Qué hace el casero si el inquilino no arregla la caldera?"),
        ("O que o paciente faz se o médico não aparece na consulta?",
         "O que o médico faz se o paciente não aparece na consulta?"),
    ],
)  # fmt: skip
def test_two_parties_trading_places_in_a_kept_sentence_is_another_role(a: str, b: str) -> None:
    """Two nouns after determiners trade places, the rest of the sentence kept: who does
    what to whom changed."""
    assert conflict(a, b) == "role"
    assert conflict(b, a) == "role"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Le chien a mordu le facteur, que faire ?",
         "Le facteur a été mordu par le chien, que faire ?"),
        ("Der Hund hat den Briefträger gebissen", "Der Briefträger wurde vom Hund gebissen"),
        ("El perro mordió al cartero, ¿qué hago?",
         "El cartero fue mordido por el perro, ¿qué hago?"),
        ("Quelle différence entre le thé et le café ?",
         "Quelle différence entre le café et le thé ?"),
        ("Qual a diferença entre o café e o chá?", "Qual a diferença entre o chá e o café?"),
        ("Quels sont les effets du café sur le sommeil ?", "Le sommeil : quels effets a le café ?"),
        ("Wie viel Zucker hat eine Cola?", "Eine Cola hat wie viel Zucker?"),
    ],
)  # fmt: skip
def test_a_passive_a_list_a_topic_or_an_inverted_question_keeps_the_roles(a: str, b: str) -> None:
    """A passive's agent ("par", "vom", "por"), a list or "between", a fronted topic and
    an inverted question reorder two nouns without changing who does what."""
    assert conflict(a, b) is None
    assert conflict(b, a) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("¿Qué provoca las agujetas?", "¿Por qué salen agujetas?"),
        ("De onde vem o nome Brasil?", "Por que o Brasil se chama Brasil?"),
        ("Woher kommt der Name Berlin?", "Warum heißt Berlin Berlin?"),
        ("Qu'est-ce qui provoque le hoquet ?", "Pourquoi a-t-on le hoquet ?"),
    ],
)  # fmt: skip
def test_what_causes_and_where_from_ask_why(a: str, b: str) -> None:
    """ "Qué provoca", "de onde vem", "woher kommt" ask for a cause or an origin: "why"."""
    assert conflict(a, b) is None
    assert conflict(b, a) is None


def test_where_alone_is_still_a_place() -> None:
    """ "¿Dónde vive?" asks for a place, not where from."""
    assert conflict("¿Dónde vive Shakira?", "¿De dónde viene Shakira?") == "question"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Como regar um cacto?", "Como cuidar de um cacto pra não apodrecer?"),
        ("Wie backe ich Brot?", "Wie backe ich Brot, damit es nicht zusammenfällt?"),
        ("¿Cómo pinto una pared?", "¿Cómo pinto una pared sin dejar marcas de rodillo?"),
    ],
)  # fmt: skip
def test_a_negation_after_so_that_or_without_on_an_unsaid_word_is_no_negation(
    a: str, b: str
) -> None:
    """ "Pra não apodrecer", "sin dejar marcas de rodillo": the way asked for, negating
    a word the other prompt does not say."""
    assert conflict(a, b) != "negation"
    assert conflict(b, a) != "negation"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("¿Qué comer para adelgazar?", "¿Qué comer para no adelgazar?"),
        ("Receta de pan", "Receta de pan sin gluten"),
        ("Wie lerne ich, damit ich die Prüfung bestehe?",
         "Wie lerne ich, damit ich die Prüfung nicht bestehe?"),
    ],
)  # fmt: skip
def test_a_negation_of_a_word_both_say_or_one_without_is_a_negation(a: str, b: str) -> None:
    """ "Para no adelgazar" negates a word both say; "sin gluten" adds one qualifier."""
    assert conflict(a, b) == "negation"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Me explica equação de 1º grau", "O que é uma equação do primeiro grau?", True),
        ("¿Qué pasó en la 2ª guerra mundial?", "¿Qué pasó en la segunda guerra mundial?", True),
        ("Le 1er arrondissement de Paris", "Le premier arrondissement de Paris", True),
        ("Me explica equação de 1º grau", "Me explica equação de 2º grau", False),
    ],
)  # fmt: skip
def test_a_digit_written_as_an_ordinal_is_the_ordinal(a: str, b: str, same: bool) -> None:
    """ "1º" is "primeiro", "2ª" "segunda", "1er" "premier"."""
    assert (conflict(a, b) != "number") is same


@pytest.mark.parametrize(
    ("a", "b", "check"),
    [
        ("Comment grossir vite ?", "Comment maigrir vite ?", "opposite"),
        ("Tisane pour stimuler la digestion", "Tisane pour calmer la digestion", "opposite"),
        ("Wie viel sind 4000 Euro brutto?", "Wie viel sind 4000 Euro netto?", "opposite"),
        ("Hinflug nach Rom buchen", "Rückflug nach Rom buchen", "opposite"),
        ("¿Cómo engordar de forma sana?", "¿Cómo adelgazar de forma sana?", "opposite"),
        ("Billete de ida a Sevilla", "Billete de vuelta a Sevilla", "opposite"),
        ("Salário bruto de 3000 reais", "Salário líquido de 3000 reais", "opposite"),
        ("Combien fait un mile en mètres ?", "Combien fait un pied en mètres ?", "quantity"),
        ("Wie viele MB hat ein GB?", "Wie viele GB hat ein TB?", "quantity"),
        ("¿Cuántos megas tiene un giga?", "¿Cuántos gigas tiene un tera?", "quantity"),
        ("Quantas polegadas tem 1 metro?", "Quantos pés tem 1 metro?", "quantity"),
    ],
)  # fmt: skip
def test_weight_gross_net_one_way_and_units_of_length_and_data(a: str, b: str, check: str) -> None:
    """Gain against lose weight, stimulate against calm, gross against net, outward
    against return; inches, feet and miles, megabytes and gigabytes are units."""
    assert conflict(a, b) == check


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Qual o prazo para pagar o IPVA?", "Até quando posso pagar o IPVA?", True),
        ("¿Cuál es el plazo para devolver un producto?",
         "¿Cuántos días tengo para devolver un producto?", True),
        ("Qual o prazo para pagar o IPVA?", "Onde posso pagar o IPVA?", False),
    ],
)  # fmt: skip
def test_a_deadline_is_asked_as_a_date_or_a_duration(a: str, b: str, same: bool) -> None:
    """ "Qual o prazo" is "até quando" and "cuántos días tengo"; not "onde"."""
    assert (conflict(a, b) != "question") is same


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Meine Schwester leiht mir Geld, wie danke ich ihr?",
         "Ich leihe meiner Schwester Geld, wie sage ich ihr das?"),
        ("Mon frère me prend mes affaires, comment je réagis ?",
         "Je prends les affaires de mon frère, comment j'arrête ?"),
    ],
)  # fmt: skip
def test_the_speaker_in_the_situation_not_in_the_question_has_the_role(a: str, b: str) -> None:
    """The clause that asks ("wie danke ich ihr?") is the request; the speaker acted on in
    the situation is another role than the speaker acting."""
    assert conflict(a, b) == "role"
    assert conflict(b, a) == "role"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mon chat a griffé le chien du voisin, que faire ?",
         "Le chat du voisin a griffé mon chien, que faire ?"),
        ("Risquei o carro de outra pessoa no estacionamento",
         "Riscaram o meu carro no estacionamento"),
    ],
)  # fmt: skip
def test_a_thing_of_the_speaker_against_another_s_is_another_role(a: str, b: str) -> None:
    """ "Mon chat" against "le chat du voisin", "o meu carro" against "o carro de outra
    pessoa": whose thing it is changed."""
    assert conflict(a, b) == "role"
    assert conflict(b, a) == "role"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("¿Dónde encuentro mi número de la Seguridad Social?",
         "¿Dónde encuentro el número de la Seguridad Social?"),
        ("Esqueci a senha do meu celular", "Esqueci a senha do celular"),
    ],
)  # fmt: skip
def test_a_thing_given_the_same_owner_or_none_is_no_role(a: str, b: str) -> None:
    """ "Mi número de la Seguridad Social" is "el número de la Seguridad Social"."""
    assert conflict(a, b) != "role"
    assert conflict(b, a) != "role"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mon bébé pleure beaucoup, que faire ?", "Mon bébé n'arrête pas de pleurer, que faire ?"),
        ("Mein Hund bellt ständig", "Mein Hund hört nicht auf zu bellen"),
        ("Por que meu nariz fica escorrendo?", "Meu nariz não para de escorrer, por quê?"),
    ],
)  # fmt: skip
def test_not_stop_doing_is_keep_doing(a: str, b: str) -> None:
    """ "N'arrête pas de", "hört nicht auf", "não para de": no negation against a prompt
    without the stop verb."""
    assert conflict(a, b) != "negation"
    assert conflict(b, a) != "negation"


def test_not_stop_against_stop_is_a_negation() -> None:
    """ "No deja de comer" against "dejó de comer": the other side stops."""
    assert conflict("Mi bebé dejó de comer", "Mi bebé no deja de comer") == "negation"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Resume a série Friends", "Quais são os atores principais de Friends?"),
        ("Fasse den Film Titanic zusammen", "Welche Schauspieler spielen in Titanic mit?"),
        ("Résume le roman Germinal", "Quels sont les personnages de Germinal ?"),
    ],
)  # fmt: skip
def test_a_summary_against_which_part_is_another_task(a: str, b: str) -> None:
    """ "Resume X" against "Quais são os atores de X": the whole against one part."""
    assert conflict(a, b) == "task"
    assert conflict(b, a) == "task"


def test_a_summary_against_what_it_is_about_is_no_task() -> None:
    """ "Resume X" is "Do que se trata X?": "que" there asks for the summary."""
    assert conflict("Resume o filme Titanic", "Do que se trata o filme Titanic?") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Quanta tinta preciso para uma porta?", "Quanta tinta preciso para o apartamento todo?"),
        ("Ich habe einen Keks gegessen", "Ich habe die ganze Schachtel gegessen"),
        ("¿Cuánto tarda en secar una capa?", "¿Cuánto tarda en secar toda la casa?"),
    ],
)  # fmt: skip
def test_the_whole_against_one_of_a_thing_is_another_quantity(a: str, b: str) -> None:
    """ "Todo el piso" against "una pared": the whole is not one, whichever the nouns."""
    assert conflict(a, b) == "quantity"
    assert conflict(b, a) == "quantity"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Was ist eine Bausparkasse?", "Wer darf eine Bausparkasse gründen?"),
        ("Qual é o tema de Os Lusíadas?", "Quem escreveu Os Lusíadas?"),
    ],
)  # fmt: skip
def test_who_against_what_a_thing_is_is_another_question(a: str, b: str) -> None:
    """ "Wer ..." against "Was ist ...": a person asked, not what a thing is."""
    assert conflict(a, b) == "question"
    assert conflict(b, a) == "question"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mon collègue est toujours en retard", "Mon collègue se plaint que je suis en retard"),
        ("Mi jefe me grita", "Me acusan de gritar a mi jefe"),
        ("Meu chefe grita comigo", "Meu chefe reclama que eu grito"),
        ("Mein Chef schreit mich an", "Mein Chef beschwert sich, dass ich schreie"),
    ],
)  # fmt: skip
def test_a_complaint_on_one_side_only_is_another_role(a: str, b: str) -> None:
    """ "Se plaint que je ...", "me acusan de": who is blamed turns on one side only."""
    assert conflict(a, b) == "role"
    assert conflict(b, a) == "role"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("O síndico pode multar um morador?", "O morador pode processar o síndico?"),
        ("¿Puede el banco cerrar la cuenta de un cliente?", "¿Puede un cliente demandar al banco?"),
        ("L'école peut-elle exclure un élève ?", "Comment puis-je quitter l'école ?"),
    ],
)  # fmt: skip
def test_the_one_who_can_act_changed_is_another_role(a: str, b: str) -> None:
    """The subject at the modal verb differs and is acted on on the other side."""
    assert conflict(a, b) == "role"
    assert conflict(b, a) == "role"


def test_the_same_subject_at_the_modal_is_no_role() -> None:
    """ "O síndico pode multar" and "O síndico pode aplicar multa": one who acts."""
    assert (
        conflict("O síndico pode multar um morador?", "O síndico pode dar multa a um morador?")
        != "role"
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ich habe einen Radfahrer gestreift, was nun?", "Jemand hat mich mit dem Rad gestreift"),
        ("J'ai rayé une voiture, que faire ?", "Quelqu'un a rayé ma voiture, que faire ?"),
        ("Eu bati numa moto, o que faço?", "Alguém bateu na minha moto, o que faço?"),
    ],
)  # fmt: skip
def test_someone_acting_where_the_speaker_acts_is_another_role(a: str, b: str) -> None:
    """ "Ich habe ... gestreift" against "Jemand hat ... gestreift": another one acts."""
    assert conflict(a, b) == "role"
    assert conflict(b, a) == "role"


def test_a_choice_between_two_things_on_one_side_only_is_a_qualifier() -> None:
    """ "Sommerreifen statt Allwetterreifen" asks to choose; "Soll ich Sommerreifen
    kaufen?" does not. ("Brauche ich ...?" against "Soll ich ...?" is a rule against
    advice as well: modality.)"""
    a, b = "Soll ich Sommerreifen kaufen?", "Soll ich Sommerreifen statt Allwetterreifen kaufen?"
    assert conflict("Brauche ich Sommerreifen?", b) == "modality"
    assert conflict(a, b) == "qualifier"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Was kann ich statt Butter nehmen?", "Womit kann ich Butter ersetzen?"),
        ("Wann findet das Konzert statt?", "An welchem Tag ist das Konzert?"),
    ],
)  # fmt: skip
def test_instead_after_a_pronoun_or_a_verb_particle_is_no_choice(a: str, b: str) -> None:
    """ "Was kann ich statt Butter nehmen" asks for a substitute; "findet statt" is a verb."""
    assert conflict(a, b) != "qualifier"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("¿Abre el museo los sábados?", "¿Abre el museo en julio?"),
        ("Der Markt ist samstags geöffnet?", "Ist der Markt im Mai geöffnet?"),
    ],
)  # fmt: skip
def test_a_weekday_in_the_plural_is_a_time(a: str, b: str) -> None:
    """ "Los lunes", "samstags": a weekday, against a month another time."""
    assert conflict(a, b) == "time"


def test_a_clause_added_keeps_the_order_of_the_rest() -> None:
    """ "viel Zucker und wenig Salz" / "viel Salz und wenig Zucker, bitte": still swapped."""
    a, b = "Suppe mit viel Zucker und wenig Salz", "Suppe mit viel Salz und wenig Zucker, bitte"
    assert conflict(a, b, 0.9) == "order"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Que visiter à Rome ?", "Je vais à Rome, qu'est-ce qu'il ne faut pas manquer ?"),
        ("Was sollte man in Wien gesehen haben?", "Was darf man in Wien nicht verpassen?"),
    ],
)  # fmt: skip
def test_not_to_miss_is_what_one_should_see(a: str, b: str) -> None:
    """ "Ne faut pas manquer", "darf man nicht verpassen": no negation, and "should"."""
    assert conflict(a, b) is None
    assert conflict(b, a) is None


def test_not_to_miss_against_missing_is_a_negation() -> None:
    """ "Ne pas rater" against "rater": the other side has the miss verb."""
    a, b = "Comment ne pas rater son train ?", "Que faire si on a raté son train ?"
    assert conflict(a, b) == "negation"


def test_without_a_thing_is_not_having_it() -> None:
    """ "Sans permis" is "si je n'ai pas de permis"; "sans gluten" / "avec gluten" is not."""
    a = "Peut-on louer un scooter sans permis ?"
    b = "Est-il possible de louer un scooter si je n'ai pas de permis ?"
    assert conflict(a, b) != "negation"
    assert conflict("Gâteau sans gluten", "Gâteau avec gluten") == "negation"


def test_each_against_one_is_no_other_quantity() -> None:
    """ "Quanto custa cada ingresso?" asks the price of one ticket."""
    a, b = "Quanto custa cada ingresso do show?", "Qual o preço de um ingresso do show?"
    assert conflict(a, b) != "quantity"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Receita com pouquíssimo açúcar", "Receita com muito açúcar"),
        ("¿Por qué mi perro come poquísimo?", "¿Por qué mi perro come demasiado?"),
    ],
)  # fmt: skip
def test_absolute_superlative_reads_as_its_base_word(a: str, b: str) -> None:
    """ "Pouquíssimo" is "pouco", "poquísimo" "poco": the opposite of "much"."""
    assert conflict(a, b) == "opposite"


def test_absolute_superlative_is_very() -> None:
    """ "Lentíssimo" says "muito lento": no qualifier against it."""
    assert conflict("O carro está muito lento", "O carro está lentíssimo") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Como escurecer a madeira?", "Como clarear a madeira?"),
        ("¿Cómo aclarar una foto?", "¿Cómo oscurecer una foto?"),
        ("Comment éclaircir une photo ?", "Comment assombrir une photo ?"),
        ("Wie kann ich ein Foto aufhellen?", "Wie kann ich ein Foto abdunkeln?"),
        ("Comment se lever tôt ?", "Comment se lever tard ?"),
        ("Wie stehe ich früh auf?", "Wie stehe ich spät auf?"),
        ("¿Cómo cenar temprano?", "¿Cómo cenar tarde?"),
    ],
)  # fmt: skip
def test_lighten_darken_and_early_late_are_opposites(a: str, b: str) -> None:
    """Lighten / darken and early / late, as WordNet's antonyms, in each language."""
    assert conflict(a, b) == "opposite"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("¿Cómo paso fotos de mi móvil a la de mi hermana?",
         "¿Cómo paso fotos de mi hermana a mi móvil?"),
        ("Como mandar dinheiro da minha conta para a do meu pai?",
         "Como mandar dinheiro do meu pai para a minha conta?"),
    ],
)  # fmt: skip
def test_that_of_keeps_the_direction(a: str, b: str) -> None:
    """ "A la de X", "para a do X": to X's, not from X."""
    assert conflict(a, b) == "direction"


def test_a_number_counting_another_thing() -> None:
    """ "Quantos reais são 50 euros" / "Quantos euros são 50 reais": one conversion each way."""
    assert conflict("Quantos reais são 50 euros?", "Quantos euros são 50 reais?") == "number"


def test_a_number_counting_the_same_thing() -> None:
    """The same number of the same thing, the words in another order, is no number veto."""
    assert conflict("50 euros em reais, quanto dá?", "Quanto dá 50 euros em reais?") != "number"


def test_which_compound_of_a_time_asks_when() -> None:
    """ "Zu welcher Tageszeit" asks when, as "Wann" does (German compounds: the head last)."""
    assert (
        conflict(
            "Wann sollte man Tomaten gießen?", "Zu welcher Tageszeit sollte man Tomaten gießen?"
        )
        is None
    )
    assert (
        conflict("Wie viel kostet Kaffee?", "Zu welcher Tageszeit trinkt man Kaffee?") == "question"
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Wie oft sollte man die Heizung entlüften?",
         "In welchen Abständen sollte man die Heizung entlüften?"),
        ("¿Cada cuánto hay que cambiar el aceite?",
         "¿Con qué periodicidad hay que cambiar el aceite?"),
    ],
)  # fmt: skip
def test_intervals_ask_how_often(a: str, b: str) -> None:
    """ "In welchen Abständen", "con qué periodicidad": how often."""
    assert conflict(a, b) is None


def test_how_often_against_how_is_another_question() -> None:
    """ "À quelle fréquence" asks how often; "comment" asks how."""
    a, b = "Comment arroser un cactus ?", "À quelle fréquence arroser un cactus ?"
    assert conflict(a, b) == "question"


def test_a_number_told_in_a_rewording_is_no_number_veto() -> None:
    """A number on one side only, in a request said in other words, is a detail told."""
    a = "Comment garder du riz cuit au frigo ?"
    b = "J'ai 2 portions de riz en trop, je les conserve combien de temps au réfrigérateur ?"
    assert conflict(a, b) != "number"


def test_a_number_added_in_place_is_a_number_veto() -> None:
    """The same request with a number added names another amount."""
    assert conflict("Wie koche ich Reis?", "Wie koche ich 2 Tassen Reis?") == "number"


def test_a_german_noun_after_a_quantifier_is_no_name() -> None:
    """ "Wie viel Kaffee": a noun after "viel" is counted, not named."""
    assert conflict("Wie viel Kaffee ist gesund?", "Wie viel Tee ist gesund?") != "entity"


def test_a_german_compound_is_its_head() -> None:
    """ "Speicherplatz" is a "Platz" (the head last), not a name swapped for it."""
    a, b = "Wie bekomme ich Speicherplatz auf dem Laptop?", "Wie bekomme ich Platz auf dem Laptop?"
    assert conflict(a, b) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Wie viel Gramm Reis pro Person?", "Wieviel Liter Wasser für Reis pro Person?"),
        ("Combien de grammes de farine pour un gâteau ?",
         "Combien de litres de lait pour un gâteau ?"),
    ],
)  # fmt: skip
def test_how_many_of_another_unit_is_another_quantity(a: str, b: str) -> None:
    """ "Wie viel Gramm" / "Wieviel Liter": each asks another unit."""
    assert conflict(a, b) == "quantity"


def test_a_name_the_synonyms_list_is_that_word() -> None:
    """ "PC" is listed with "ordenador": one word, no name swapped."""
    assert conflict("¿Cómo imprimo desde el ordenador?", "¿Cómo imprimo desde el PC?") is None


def test_the_unit_of_a_how_many_is_the_measure_asked() -> None:
    """ "Wie viele Meter tief" asks "wie tief", in metres: no qualifier added."""
    assert conflict("Wie tief ist der Bodensee?", "Wie viele Meter tief ist der Bodensee?") is None


def test_a_unit_added_elsewhere_is_still_a_qualifier() -> None:
    """A unit that no "how many" asks for is a word added."""
    a, b = "Wie tief ist der Bodensee?", "Wie tief ist der Bodensee in Metern gemessen?"
    assert conflict(a, b) is not None


def test_a_german_noun_the_tables_name_is_no_name() -> None:
    """ "Gramm" and "Liter" are units of the table: nouns, not names swapped."""
    assert conflict("Wie rechne ich Gramm um?", "Wie rechne ich Liter um?") != "entity"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Wie lösche ich meinen Spotify-Account dauerhaft?", "Spotify Konto für immer löschen"),
        ("Wie verbinde ich meinen Switch-Controller mit dem PC?",
         "Switch Controller am Computer anschliessen, wie geht das?"),
    ],
)  # fmt: skip
def test_a_hyphen_before_a_capitalized_word_joins_two_words(a: str, b: str) -> None:
    """ "Spotify-Account" is "Spotify" and its "Account": the name kept, the noun no name."""
    assert conflict(a, b, 0.85) is None


def test_a_german_noun_after_a_capitalized_word_is_no_name() -> None:
    """ "Kindergeld Antrag": a compound written apart, its noun no name."""
    assert (
        conflict("Wie beantrage ich Kindergeld?", "Kindergeld Antrag – wie läuft das ab?", 0.85)
        is None
    )


def test_a_name_swapped_for_a_name_is_still_an_entity() -> None:
    """ "Python" / "Java" after "ich": two names."""
    a, b = "Wie installiere ich Python auf Windows?", "Wie installiere ich Java auf Windows?"
    assert conflict(a, b, 0.85) == "entity"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Wie sehe ich meinen Kontostand ein?", "Wo kann ich nachschauen, wie viel Geld ich habe?"),
        ("Como consulto minhas multas?", "Onde eu vejo as minhas multas?"),
    ],
)  # fmt: skip
def test_where_to_see_a_thing_asks_how_to_find_it(a: str, b: str) -> None:
    """ "Wo kann ich nachschauen", "Onde vejo": how to find it out, against "wie", "como"."""
    assert conflict(a, b) != "question"


def test_where_to_find_a_thing_is_still_where_against_a_place() -> None:
    """ "Où trouver mon IBAN" / "il est où": both ask where; against "quand", another question."""
    assert conflict("Où trouver mon IBAN ?", "Mon IBAN, il est où ?") != "question"
    assert conflict("Où voir le feu d'artifice ?", "Quand voir le feu d'artifice ?") == "question"


def test_where_without_a_verb_of_finding_is_a_place() -> None:
    """ "Wo beantrage ich" asks at which office, not how."""
    a, b = "Wie beantrage ich einen Pass?", "Wo beantrage ich einen Pass?"
    assert conflict(a, b) == "question"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Pourquoi la mer est salée ?", "Qu'est-ce qui explique le sel de la mer ?"),
        ("Por que o mar é salgado?", "O que explica o sal do mar?"),
    ],
)  # fmt: skip
def test_what_explains_asks_why(a: str, b: str) -> None:
    """ "Qu'est-ce qui explique", "o que explica": a cause, as "pourquoi" asks."""
    assert conflict(a, b) != "question"


def test_a_where_after_a_noun_is_a_relative() -> None:
    """ "L'hôtel où je dors": a relative, no question of place against "comment"."""
    a = "Comment annuler la réservation de mon hôtel ?"
    b = "Je voudrais annuler l'hôtel où je devais dormir, c'est possible ?"
    assert conflict(a, b) != "question"
    assert conflict("Comment aller à la gare ?", "Où est la gare ?") == "question"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Wie bekomme ich von meinem Vermieter die Kaution zurück?",
         "Wie zahle ich als Vermieter die Kaution zurück?"),
        ("Comment demander une augmentation à mon employeur ?",
         "Comment refuser une augmentation en tant qu'employeur ?"),
    ],
)  # fmt: skip
def test_the_speaker_as_their_own_party_is_another_role(a: str, b: str) -> None:
    """ "Von meinem Vermieter" / "als Vermieter": the speaker is not their own landlord."""
    assert conflict(a, b) == "role"


def test_the_speaker_as_the_subject_of_a_that_clause() -> None:
    """ "dass ich kündige" / "dass er kündigt": who quits turns."""
    a = "Wie sage ich meinem Chef, dass ich kündige?"
    b = "Wie sage ich meinem Mitarbeiter, dass er gekündigt wird?"
    assert conflict(a, b) == "role"
    same = "Wie sage ich meinem Chef am besten, dass ich kündige?"
    assert conflict(a, same) != "role"


# -- eleventh round --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mi perro lleva tres días sin salir, ¿es normal?",
         "Mi perro no sale desde hace 72 horas, ¿es normal?"),
        ("Qué visitar en Lisboa en una semana", "Qué visitar en Lisboa en siete días"),
        ("Meu filho tem febre há um dia", "Meu filho tem febre faz 24 horas"),
    ],
)  # fmt: skip
def test_one_length_of_time_said_in_other_units(a: str, b: str) -> None:
    """ "Tres días" is "72 horas", "una semana" "siete días": one span, no other number."""
    assert conflict(a, b) not in ("number", "quantity")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Qué visitar en Lisboa en una semana", "Qué visitar en Lisboa en dos semanas"),
        ("Meu filho tem febre há dois dias", "Meu filho tem febre faz 24 horas"),
        ("¿Cuánto cuesta el gimnasio de un mes?", "¿Cuánto cuesta el gimnasio anual?"),
        ("Quanto custa o plano de um ano?", "Quanto custa o plano mensal?"),
    ],
)  # fmt: skip
def test_other_lengths_of_time_are_other_numbers(a: str, b: str) -> None:
    """Two spans of other lengths, or a span against a period of another length ("de un
    mes" / "anual"), ask about other amounts."""
    assert conflict(a, b) == "number"
    assert conflict(b, a) == "number"


def test_a_span_and_its_period_are_one() -> None:
    """ "De un mes" is "mensual": no other number."""
    assert conflict("¿Cuánto cuesta el gimnasio de un mes?",
                    "¿Cuánto cuesta el gimnasio mensual?") is None  # fmt: skip


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Qual a diferença entre Android e iOS?", "Android e iOS, o que muda entre os dois?"),
        ("¿En qué se parecen el té y el café?", "Té y café, ¿en qué se parecen los dos?"),
    ],
)  # fmt: skip
def test_the_two_of_both_is_no_count(a: str, b: str) -> None:
    """ "Os dois", "los dos": the two named, not the number 2."""
    assert conflict(a, b) != "number"
    assert conflict("Receita com dois ovos", "Receita com três ovos") == "number"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("¿Cuánto tarda en cocerse el arroz?", "¿Cuántos minutos hay que cocer el arroz?"),
        ("Quanto tempo demora para assar um frango?", "Quantas horas leva para assar um frango?"),
    ],
)  # fmt: skip
def test_how_many_units_of_time_ask_how_long(a: str, b: str) -> None:
    """ "¿Cuántos minutos ...?" asks a duration, as "¿cuánto tarda?" does."""
    assert conflict(a, b) != "question"
    assert conflict("¿Cuántos minutos hay que cocer el arroz?",
                    "¿Cómo se cuece el arroz?") == "question"  # fmt: skip


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("¿Cuántos días aguanta la sopa en la nevera?", "¿Hasta cuándo se puede tomar la sopa?"),
        ("Quantos dias o leite dura aberto?", "Leite aberto, até quando posso tomar?"),
    ],
)  # fmt: skip
def test_until_when_against_how_long_asks_one_span(a: str, b: str) -> None:
    """ "Hasta cuándo", "até quando": where a span ends, as a how-long asks it."""
    assert conflict(a, b) != "question"
    assert conflict("¿Hasta cuándo se puede tomar la sopa?",
                    "¿Por qué se pone mala la sopa?") == "question"  # fmt: skip


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("¿Cuándo conviene reservar el hotel?",
         "¿Con cuánta antelación conviene reservar el hotel?"),
        ("Quando devo marcar o dentista?",
         "Com quanto tempo de antecedência devo marcar o dentista?"),
    ],
)  # fmt: skip
def test_how_far_ahead_asks_when(a: str, b: str) -> None:
    """ "Con cuánta antelación", "com quanto tempo de antecedência": when, not how long."""
    assert conflict(a, b) != "question"
    assert conflict("¿Cuánto tiempo dura el hotel?",
                    "¿Con cuánta antelación conviene reservar el hotel?") == "question"  # fmt: skip


def test_a_where_inside_what_is_looked_up() -> None:
    """ "¿Dónde puedo ver por dónde va ...?": the second where is what is looked up."""
    a = "¿Cómo sigo mi pedido de Amazon?"
    assert conflict(a, "¿Dónde puedo ver por dónde va mi pedido de Amazon?") != "question"
    assert conflict(a, "¿Dónde recojo mi pedido de Amazon?") == "question"


def test_a_bare_where_after_a_stated_task_asks_how() -> None:
    """ "Quiero vaciar la papelera, ¿dónde se hace?": where that is done, i.e. how."""
    a = "¿Cómo vacío la papelera del portátil?"
    assert conflict(a, "Quiero vaciar la papelera del portátil, ¿dónde se hace?") != "question"
    assert conflict(a, "¿Dónde está la papelera del portátil?") == "question"


def test_the_owner_said_shorter_is_one_owner() -> None:
    """ "Mi cuenta de Instagram" / "la cuenta del insta": one owner, no swapped role."""
    a = "¿Cómo borro mi cuenta de Instagram?"
    assert conflict(a, "quiero borrar la cuenta del insta, ¿cómo?") != "role"


def test_a_unit_of_time_is_no_party() -> None:
    """ "Una semana" that moves in the sentence is how long, not who does what."""
    a = "¿Qué llevo en la mochila para ir a la montaña una semana?"
    b = "Lista de cosas para llevar a una semana de montaña"
    assert conflict(a, b) != "role"


@pytest.mark.parametrize(
    ("a", "b", "check"),
    [
        ("Quais os prós de morar sozinho?", "Quais os contras de morar sozinho?", "opposite"),
        ("¿Cuáles son los pros de teletrabajar?", "¿Cuáles son los contras de teletrabajar?",
         "opposite"),
        ("Como esquentar a sopa sem fogão?", "Como manter a sopa gelada sem geladeira?",
         "opposite"),
    ],
)  # fmt: skip
def test_pros_and_cons_heat_and_cold(a: str, b: str, check: str) -> None:
    """The pros against the cons; heating against keeping cold."""
    assert conflict(a, b) == check


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mi vecino no contesta al timbre, ¿qué hago?",
         "¿Qué hago si mi vecino nunca contesta al timbre?"),
        ("Por que meu cachorro não dorme à noite?", "Por que meu cachorro nunca dorme à noite?"),
        ("Warum hat mein Hund heute nicht gefressen?", "Warum hat mein Hund heute nie gefressen?"),
    ],
)  # fmt: skip
def test_never_is_a_not(a: str, b: str) -> None:
    """ "Nunca", "nie": a negation of the verb, as "no" and "nicht" are."""
    assert conflict(a, b) != "negation"
    assert conflict("¿Por qué mi perro duerme de día?",
                    "¿Por qué mi perro nunca duerme de día?") == "negation"  # fmt: skip


def test_a_never_of_another_verb_is_another_negation() -> None:
    """ "Se entregó pero no lo encuentro" / "nunca se entregó": other verbs negated."""
    a = "Mi pedido se entregó pero no lo encuentro"
    assert conflict(a, "Mi pedido nunca se entregó, ¿qué hago?") == "negation"
    a = "Mein Paket wurde zugestellt, aber ich sehe es nicht"
    assert conflict(a, "Mein Paket wurde nie zugestellt, was tun?") == "negation"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("¿La leche de avena tiene azúcar?", "la leche de avena lleva azucar o no"),
        ("O suco de laranja tem açúcar?", "o suco de laranja tem açúcar ou não"),
    ],
)  # fmt: skip
def test_a_closing_or_not_is_a_tag(a: str, b: str) -> None:
    """ "... o no", "... ou não" at the end asks the yes-no question, no negation."""
    assert conflict(a, b) != "negation"
    assert conflict(a, "¿La leche de avena no tiene azúcar?") == "negation"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("¿Cómo aprendo a tocar la guitarra?", "¿Por dónde empiezo para aprender guitarra?"),
        ("Como aprender a tocar violão?", "Por onde começar a aprender violão?"),
        ("Comment apprendre la guitare ?", "Par où commencer pour apprendre la guitare ?"),
    ],
)  # fmt: skip
def test_where_to_start_asks_how(a: str, b: str) -> None:
    """ "¿Por dónde empiezo?": how to begin; "¿Dónde empieza ...?" stays a place."""
    assert conflict(a, b) != "question"
    assert conflict("¿Cómo empiezo la ruta?", "¿Dónde empieza la ruta?") == "question"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("¿Cómo pido la baja maternal?", "¿Cómo pido la baja paternal?"),
        ("¿Cómo apunto a mi hija a natación?", "¿Cómo doy de baja a mi hija de natación?"),
    ],
)  # fmt: skip
def test_maternal_paternal_enrol_leave(a: str, b: str) -> None:
    """Maternal against paternal; enrolling against leaving ("apuntar" / "dar de baja")."""
    assert conflict(a, b) == "opposite"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("¿Cuánto tiempo se asa un pollo?", "El pollo, ¿cuánto rato tiene que asarse?"),
        ("¿Por qué se oxida el hierro?", "¿Qué hace que el hierro se oxide?"),
        ("¿Cuántos gramos de sal hay que usar al mes?", "¿Qué cantidad de sal debo usar al mes?"),
        ("Quantos gramas de sal devo usar?", "Que quantidade de sal devo usar?"),
        ("¿Qué visitar en Oporto?", "Tengo dos horas en Oporto, ¿qué no me puedo perder?"),
    ],
)  # fmt: skip
def test_questions_asked_in_other_words(a: str, b: str) -> None:
    """ "Cuánto rato" asks how long, "qué hace que" why, "qué cantidad" how much; "hay
    que" is no which-word; "no me puedo perder" asks what to see."""
    assert conflict(a, b) not in {"question", "negation"}


def test_pq_asks_why() -> None:
    """ "pq" is "por que": why, not how long."""
    assert conflict("pq meu bolo fica seco", "quanto tempo dura o bolo fora da geladeira") == (
        "question"
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("¿Es más rápido ir a Sevilla en tren?", "¿Es más rápido ir a Sevilla en avión?"),
        ("Vale a pena ir de moto para o trabalho?", "Vale a pena ir de bicicleta para o trabalho?"),
        ("Mon chien peut-il manger des fraises ?", "Mon lapin peut-il manger des fraises ?"),
        ("Darf mein Papagei Äpfel fressen?", "Darf mein Pferd Äpfel fressen?"),
    ],
)  # fmt: skip
def test_sister_kinds_swapped_are_a_contrast(a: str, b: str) -> None:
    """Two kinds of one class (ways to travel, animals), one on each side: a contrast."""
    assert conflict(a, b) == "contrast"


def test_one_kind_said_twice_is_no_contrast() -> None:
    """A kind named on one side only, or by another of its spellings, is no contrast."""
    assert conflict("¿Se puede llevar un perro en el tren?", "¿Puedo viajar con mi perro?") != (
        "contrast"
    )
    assert conflict("Quanto custa ir de carro?", "Quanto custa ir de automóvel?") != "contrast"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Combien coûte le fioul au litre ?", "Combien coûte un plein de fioul ?"),
        ("¿Cuánto cuesta el litro de diésel?", "¿Cuánto cuesta llenar el depósito de diésel?"),
        ("Je fais 10 km, ça fait combien en mètres ?", "Je fais 10 km, ça fait combien en miles ?"),
        ("Wie viel sind 5 Pfund in Gramm?", "Wie viel sind 5 Pfund in Kilo?"),
    ],
)  # fmt: skip
def test_a_full_tank_and_the_unit_asked_in(a: str, b: str) -> None:
    """A full tank is a volume against a litre; the unit a quantity is asked in differs."""
    assert conflict(a, b) == "quantity"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Combien de sucre par jour c'est trop ?", "Une seule cuillère de sucre par jour ?"),
        ("¿Cuánto café al día es demasiado?", "¿Un solo café al día es demasiado?"),
    ],
)  # fmt: skip
def test_how_much_against_one_amount_said(a: str, b: str) -> None:
    """ "How much is too much?" against a yes-no question on one amount."""
    assert conflict(a, b) == "quantity"
    assert conflict(b, a) == "quantity"


def test_an_amount_both_say_is_no_answer_asked() -> None:
    """The amounts of the question said again in a request are no other amount, and a
    French "l'" is no litre."""
    assert conflict("Quanto é 15% de 240?", "Calcula quinze por cento de 240") != "quantity"
    assert conflict("Comment libérer de l'espace ?", "Mon disque est plein, que faire ?") is None


@pytest.mark.parametrize(
    ("a", "b", "check"),
    [
        ("Qual cerveja combina com churrasco?", "Qual vinho combina com churrasco?", "contrast"),
        ("¿Cómo limpio un bolso de cuero?", "¿Cómo limpio un bolso de tela?", "contrast"),
        ("Wie wasche ich einen Pullover aus Wolle?", "Wie wasche ich einen Pullover aus Seide?",
         "contrast"),
        ("Wie reinige ich Lederschuhe?", "Wie reinige ich Wildlederschuhe?", "contrast"),
        ("Como acelerar uma música no app?", "Como deixar uma música mais lenta no app?",
         "opposite"),
        ("Comment accélérer une vidéo ?", "Comment rendre une vidéo plus lente ?", "opposite"),
    ],
)  # fmt: skip
def test_drinks_materials_and_speed(a: str, b: str, check: str) -> None:
    """Drinks and materials are sister kinds (a German compound's first part too);
    speeding up is the opposite of making slower."""
    assert conflict(a, b) == check


def test_ways_to_do_a_thing_are_sister_kinds() -> None:
    """Paying in the app against paying at a branch: two channels, a contrast."""
    assert conflict("Como pagar o boleto pelo app?", "Como pagar o boleto na agência?") == (
        "contrast"
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mon locataire ne paie pas le loyer", "Je ne peux pas payer le loyer à mon bailleur"),
        ("Was darf mein Chef kontrollieren?", "Was darf mein Angestellter kontrollieren?"),
    ],
)  # fmt: skip
def test_the_two_sides_of_a_lease_or_a_job_are_sister_kinds(a: str, b: str) -> None:
    """Tenant against landlord, employee against employer: the other party."""
    assert conflict(a, b) == "contrast"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("¿Cómo silencio una foto para todos?", "¿Cómo silencio todas las fotos?"),
        ("Comment masquer une story pour tous ?", "Comment masquer toutes les stories ?"),
    ],
)  # fmt: skip
def test_for_everyone_is_not_all_of_them(a: str, b: str) -> None:
    """ "Para todos" says whom it is for; "todas las fotos" how many."""
    assert conflict(a, b) == "quantity"
    assert conflict(a, "¿Cómo puedo silenciar una foto para todos?") is None


@pytest.mark.parametrize(
    ("a", "b", "check"),
    [
        ("Prix au kilo des pommes", "Prix à la pièce des pommes", "quantity"),
        ("¿Precio por kilo de limones?", "¿Precio por unidad de limones?", "quantity"),
        ("Como pagar a fatura por pix?", "Como pagar a fatura por boleto?", "contrast"),
        ("Wie storniere ich eine Überweisung?", "Wie storniere ich eine Lastschrift?", "contrast"),
    ],
)  # fmt: skip
def test_rates_per_another_unit_and_ways_to_pay(a: str, b: str, check: str) -> None:
    """A price per kilo against one per piece; two ways to pay are sister kinds."""
    assert conflict(a, b) == check


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Quanto tempo o macarrão cozido dura?", "Quanto tempo a batata cozida dura?"),
        ("¿Cuánto se hornea el pollo?", "¿Cuánto se hornea el pescado?"),
        ("Où se garer près de la gare de Lyon ?", "Où se garer près de l'aéroport de Lyon ?"),
        ("Wie pflanze ich Minze im Blumentopf?", "Wie pflanze ich Minze im Garten?"),
    ],
)  # fmt: skip
def test_foods_and_places_are_sister_kinds(a: str, b: str) -> None:
    """Staples, meats, the places one travels from, where a plant grows: sister kinds."""
    assert conflict(a, b) == "contrast"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("¿Cómo le pido a mi médico una baja?", "¿Cómo le doy la baja a un paciente?"),
        ("Como lidar com um cliente que reclama?", "Como lidar com um vendedor que reclama?"),
    ],
)  # fmt: skip
def test_the_two_sides_of_care_and_trade_are_sister_kinds(a: str, b: str) -> None:
    """Doctor against patient, customer against seller: the other party."""
    assert conflict(a, b) == "contrast"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("¿Dónde veo mi número de cliente?", "No encuentro mi número de cliente, ¿dónde lo miro?"),
        ("Onde vejo meu saldo?", "Não encontro meu saldo, onde fica?"),
        ("Comment relier ma montre au téléphone ?",
         "Je n'arrive pas à relier ma montre au téléphone, comment faire ?"),
        ("Wo finde ich meine Kundennummer?", "Ich finde meine Kundennummer nicht, wo steht sie?"),
    ],
)  # fmt: skip
def test_what_one_cannot_find_before_the_question_is_no_negation(a: str, b: str) -> None:
    """ "No encuentro X, ¿dónde ...?": the situation asked about, not a negated question."""
    assert conflict(a, b) != "negation"


def test_a_negated_statement_that_is_no_inability_stays_a_negation() -> None:
    """ "Mon colis n'est pas arrivé, comment ...?" is the other side of "est arrivé"; a
    negation in the question itself stays one too."""
    assert (
        conflict(
            "Mon colis est arrivé, comment je le signale ?",
            "Mon colis n'est pas arrivé, comment je le signale ?",
        )
        == "negation"
    )
    assert conflict("¿Dónde veo mi saldo?", "No encuentro mi saldo, ¿por qué no aparece?") == (
        "negation"
    )


@pytest.mark.parametrize(
    ("text", "story"),
    [
        ("Écris-moi un conte pour enfants", True),
        ("Raconte des contes de fées", True),
        ("Comment contester une amende ?", False),
        ("Quel est le contexte de cette loi ?", False),
        ("Que contient ce contrat ?", False),
    ],
)
def test_a_short_task_word_is_a_whole_word_not_a_stem(text: str, story: bool) -> None:
    """French "conte" (a story) is the word and its plural, not the first letters of
    "contester", "contexte" or "contient"."""
    from semcache.verify.lang._checks import _profile

    assert ("story" in _profile(text, "fr").tasks) is story


def test_roman_numerals_are_numbers() -> None:
    """Roman numerals in a text are numbers: "Kapitel IV" is not "Kapitel V"."""
    assert conflict("Wie lange dauert Kapitel IV?", "Wie lange dauert Kapitel V?") == "number"


def test_ordinals_written_in_digits_are_numbers() -> None:
    """An ordinal in digits is its number: "la 2e guerre" is not "la 1re guerre"."""
    first, second = "Qui a gagné la 1re guerre mondiale ?", "Qui a gagné la 2e guerre mondiale ?"
    assert conflict(first, second) == "number"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Wie kann ich mich einloggen?", "Wie kann ich mich ausloggen?"),
        ("Est-il possible de changer mon mot de passe ?", "Est-il impossible de le changer ?"),
    ],
)
def test_an_opposite_by_prefix_or_particle_is_read_both_ways(a: str, b: str) -> None:
    """A word's opposite by its particle or antonym prefix vetoes the pair either way."""
    assert conflict(a, b) == conflict(b, a) == "opposite"


def test_time_phrases_sharing_a_first_word_are_read_longest_first() -> None:
    """ "demain soir" is one time, not "soir": it differs from "ce soir"."""
    assert conflict("Que dois-je faire ce soir ?", "Que dois-je faire demain soir ?") == "time"


def test_forget_texts_drops_the_per_text_memos_and_keeps_the_verdicts() -> None:
    """After forget_texts a text is read anew (its memo is gone) and judged the same."""
    from semcache.verify.lang import forget_texts
    from semcache.verify.lang._checks import _profile

    a, b = "Comment annuler mon abonnement ?", "Comment conserver mon abonnement ?"
    first = conflict(a, b)
    assert _profile.cache_info().currsize > 0
    forget_texts()
    assert _profile.cache_info().currsize == 0
    assert conflict(a, b) == first


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Le chocolat noir est-il meilleur que le miel pour la toux ?",
         "Le miel est-il meilleur que le sirop pour la toux ?"),
        ("Peut-on remplacer le lait par de la crème dans une quiche ?",
         "Peut-on remplacer la crème par du yaourt dans une quiche ?"),
        ("Ist Honig gesünder als Zucker?", "Ist Sirup gesünder als Honig?"),
        ("¿Puedo usar yogur en vez de nata en la salsa?",
         "¿Puedo usar nata en lugar de mantequilla en la salsa?"),
        ("Posso substituir o açúcar por mel no bolo?",
         "Posso substituir o mel por adoçante no bolo?"),
    ],
)  # fmt: skip
def test_a_thing_on_the_other_side_of_a_comparison_is_a_contrast(a: str, b: str) -> None:
    """What one text sets against another ("than", "instead of", "replace ... by") stands
    on the other side of the other text's comparison: the two ask it the other way round."""
    assert conflict(a, b) == "contrast"
    assert conflict(b, a) == "contrast"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Le miel est-il meilleur que le sucre ?", "Le miel vaut-il vraiment mieux que le sucre ?"),
        ("Ist Honig gesünder als Zucker?", "Ist Honig wirklich gesünder als Zucker?"),
        ("¿Es mejor el té verde que el café?", "¿El té verde es mejor que el café?"),
        ("Wie arbeite ich als Lehrer in Köln?", "Als Lehrer in Köln arbeiten: wie geht das?"),
    ],
)  # fmt: skip
def test_a_comparison_kept_the_same_way_round_is_no_contrast(a: str, b: str) -> None:
    """The same things on the same sides, and a German "als" after no comparative."""
    assert conflict(a, b) != "contrast"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Quelle différence entre un crocodile et un alligator ?",
         "Qu'ont en commun un crocodile et un alligator ?"),
        ("Worin unterscheiden sich Hase und Kaninchen?", "Was haben Hase und Kaninchen gemeinsam?"),
        ("¿Qué diferencia hay entre un tifón y un huracán?",
         "¿En qué se parecen un tifón y un huracán?"),
        ("Qual a diferença entre jacaré e crocodilo?", "O que jacaré e crocodilo têm em comum?"),
    ],
)  # fmt: skip
def test_how_two_things_differ_against_what_they_share(a: str, b: str) -> None:
    """A difference asked against what two things have in common: opposites."""
    assert conflict(a, b) == "opposite"


def test_a_difference_asked_in_other_words_is_no_opposite() -> None:
    """A difference asked as how to tell the two apart is the same side."""
    assert (
        conflict(
            "Quelle est la différence entre un lièvre et un lapin ?",
            "Comment distinguer un lièvre d'un lapin ?",
        )
        != "opposite"
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("¿Cuántas tazas son 500 ml?", "¿Cuántas onzas son 500 ml?"),
        ("Ma chaudière affiche 2 bar, c'est normal ?",
         "Ma chaudière affiche 2 psi, c'est normal ?"),
        ("Wie viele Kalorien hat ein Apfel?", "Wie viel kJ hat ein Apfel?"),
        ("Minha conexão é de 300 megabits, é rápida?",
         "Minha conexão é de 300 megabytes, é rápida?"),
        ("J'ai couru 5 km, c'est combien de mètres ?",
         "J'ai couru 5 km, ça fait combien en miles ?"),
        ("Wie viel sind 30 Knoten in mph?", "Wie viel sind 30 Knoten in km/h?"),
    ],
)  # fmt: skip
def test_other_units_asked_or_said_of_one_number(a: str, b: str) -> None:
    """Units as classes (pressure, energy, data in bits or bytes, imperial measures): the
    unit asked in, said in or after the same number differs."""
    assert conflict(a, b) == "quantity"
    assert conflict(b, a) == "quantity"


def test_one_unit_in_two_spellings_is_one_amount() -> None:
    """Two spellings of one unit (a symbol and its name) are one amount."""
    calories = ("Combien de calories dans une banane ?", "Une banane, c'est combien de kcal ?")
    grams = ("Receta con 200 g de mantequilla", "Receta con 200 gramos de mantequilla")
    assert conflict(*calories) != "quantity"
    assert conflict(*grams) != "quantity"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Comment envoyer un mail à quelques collègues ?",
         "Comment envoyer un mail à des centaines de collègues ?"),
        ("Wie lade ich ein paar Fotos hoch?", "Wie lade ich Tausende Fotos hoch?"),
        ("¿Cómo riego algunas plantas en vacaciones?",
         "¿Cómo riego cientos de plantas en vacaciones?"),
        ("Como organizar umas fotos no celular?", "Como organizar milhares de fotos no celular?"),
    ],
)  # fmt: skip
def test_a_few_against_hundreds(a: str, b: str) -> None:
    """Round hundreds and thousands said in words are many, against a few."""
    assert conflict(a, b) == "quantity"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Arguments en faveur du nucléaire", "Arguments contre le nucléaire"),
        ("Razones a favor de los coches eléctricos", "Razones en contra de los coches eléctricos"),
        ("Os fogos de artifício são permitidos na praia?",
         "Os fogos de artifício são proibidos na praia?"),
        ("¿Qué alimentos están recomendados en la lactancia?",
         "¿Qué alimentos están desaconsejados en la lactancia?"),
        ("Ist Grillen im Park erlaubt?", "Ist Grillen im Park verboten?"),
        ("Comment approuver une facture dans SAP ?", "Comment rejeter une facture dans SAP ?"),
        ("Comment rafraîchir une chambre sans clim ?",
         "Comment chauffer une chambre sans radiateur ?"),
    ],
)  # fmt: skip
def test_general_opposites_for_against_allowed_forbidden(a: str, b: str) -> None:
    """For against against, allowed against forbidden, advised against discouraged,
    approving against rejecting, cooling against heating."""
    assert conflict(a, b) == "opposite"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Vaut-il mieux apprendre le piano ou la guitare ?",
         "Vaut-il mieux apprendre la guitare ou le violon ?"),
        ("Soll ich Python oder Java lernen?", "Soll ich Rust oder Java lernen?"),
        ("¿Qué es más sano, el arroz integral o la quinoa?",
         "¿Qué es más sano, la quinoa o la avena?"),
        ("Melhor investir em ações ou em imóveis?", "Melhor investir em imóveis ou em ouro?"),
    ],
)  # fmt: skip
def test_one_alternative_of_a_choice_swapped_is_another_choice(a: str, b: str) -> None:
    """ "A or B?" against "B or C?": one alternative kept, the other one new."""
    assert conflict(a, b) == "contrast"
    assert conflict(b, a) == "contrast"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Soll ich Python oder Java lernen?", "Soll ich Java oder Python lernen?"),
        ("Thé ou café le matin ?", "Café ou thé vert le matin ?"),
        ("¿Es mejor alquilar o comprar una casa?", "¿Conviene comprar o alquilar vivienda?"),
    ],
)  # fmt: skip
def test_the_same_alternatives_in_either_order_are_one_choice(a: str, b: str) -> None:
    """The same two alternatives, in either order or with a word added, are one choice."""
    assert conflict(a, b) != "contrast"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Muss man in Österreich eine Vignette kaufen?",
            "Sollte man in Österreich eine Vignette kaufen?",
        ),
        ("Doit-on déclarer un chat à la mairie ?", "Devrait-on déclarer un chat à la mairie ?"),
        ("¿Tengo que vacunar a mi perro cada año?", "¿Debería vacunar a mi perro cada año?"),
    ],
)
def test_must_is_not_should_in_a_yes_no_question(a: str, b: str) -> None:
    """Whether one must asks for a rule, whether one should for advice."""
    assert conflict(a, b) == "modality"


def test_must_and_should_ask_the_same_in_a_wh_question() -> None:
    """ "What should one see" and "what must one have seen" ask for the same sights."""
    assert (
        conflict("Was sollte man in Wien gesehen haben?", "Was muss man in Wien gesehen haben?")
        is None
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Est-on obligé de donner un pourboire chez le coiffeur ?",
            "Est-il d'usage de donner un pourboire chez le coiffeur ?",
        ),
        (
            "Ist es üblich, dem Paketboten etwas zu schenken?",
            "Muss ich dem Paketboten etwas schenken?",
        ),
        (
            "¿Es costumbre dar propina en los taxis de Madrid?",
            "¿Estoy obligado a dar propina en los taxis de Madrid?",
        ),
        ("Vale a pena fazer seguro de celular?", "Sou obrigado a fazer seguro de celular?"),
    ],
)
def test_a_custom_or_what_is_worth_it_is_not_a_rule(a: str, b: str) -> None:
    """What is customary, or worth doing, against what is required: other answers."""
    assert conflict(a, b) == "modality"


def test_two_words_for_a_custom_ask_the_same() -> None:
    """ "Es costumbre" and "se suele" both ask what people usually do."""
    a, b = (
        "¿Es costumbre dar propina en los taxis de Madrid?",
        "¿Se suele dar propina en los taxis de Madrid?",
    )
    assert conflict(a, b) is None

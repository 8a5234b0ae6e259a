"""semcache.verify.lang, round 9 (#19): output formats, units squared and cubed and the
small units of mass, bringing forward against putting off, "last night", quoted texts,
and a Portuguese "no" before a name. Examples of our own, not the labelled pairs'."""

from __future__ import annotations

import pytest

from semcache.verify.lang import conflict


@pytest.mark.parametrize(
    ("a", "b", "check"),
    [
        # Output formats: file formats and messaging apps, in every language alike.
        ("Exporta la lista de clientes en formato JSON", "Exporta la lista de clientes en CSV",
         "task"),
        ("Donne-moi le planning en tableau", "Donne-moi le planning en fichier .ics", "task"),
        ("Schreib eine Einladung als WhatsApp-Nachricht", "Schreib eine Einladung als E-Mail",
         "task"),
        ("Resuma a reunião em formato de e-mail", "Resuma a reunião em formato de SMS", "task"),
        ("Receta de lentejas paso a paso", "Receta de lentejas como lista de ingredientes",
         "task"),
        ("Escreva o relatório em Markdown", "Escreva o relatório em PDF", "task"),
        # Small units of mass and units of area and volume.
        ("¿Cuántos mg de hierro tiene una lenteja?", "¿Cuántos µg de hierro tiene una lenteja?",
         "quantity"),
        ("Combien de milligrammes de caféine dans un expresso ?",
         "Combien de microgrammes de caféine dans un expresso ?", "quantity"),
        ("Quanto é um hectare em metros quadrados?", "Quanto é um acre em metros quadrados?",
         "quantity"),
        ("¿Cuánto cuesta un metro cúbico de gas?", "¿Cuánto cuesta un litro de gas?",
         "quantity"),
        ("Wie viele Quadratmeter hat ein Hektar?", "Wie viele Quadratmeter hat ein Acre?",
         "quantity"),
        ("Combien coûte un pied carré de parquet ?", "Combien coûte un mètre carré de parquet ?",
         "quantity"),
        # Bringing a thing forward against putting it off.
        ("¿Puedo adelantar mi vuelo a Lima?", "¿Puedo retrasar mi vuelo a Lima?", "opposite"),
        ("Comment avancer un rendez-vous chez le dentiste ?",
         "Comment reporter un rendez-vous chez le dentiste ?", "opposite"),
        ("Kann man die Hochzeit vorverlegen?", "Kann man die Hochzeit verschieben?", "opposite"),
        ("Dá para antecipar a entrega do TCC?", "Dá para adiar a entrega do TCC?", "opposite"),
        # "Last night" is another time than tonight.
        ("¿Quién ganó el partido anoche?", "¿Quién gana el partido esta noche?", "time"),
        # Two quoted texts that are not the same text.
        ("Corrige cette phrase : « Je suis allé au marché hier. »",
         "Corrige cette phrase : « Je suis allée au marché hier. »", "payload"),
        ("Ist der Satz „Ich habe gestern gegangen“ richtig?",
         "Ist der Satz „Ich bin gestern gegangen“ richtig?", "payload"),
        ("¿Qué significa 'carpe diem'?", "¿Qué significa 'memento mori'?", "payload"),
        # Kinds of work contract.
        ("¿Cuántas vacaciones tiene un contrato indefinido?",
         "¿Cuántas vacaciones tiene un contrato temporal?", "contrast"),
        ("Combien de congés en CDI ?", "Combien de congés en CDD ?", "contrast"),
        ("Wie viel Urlaub hat man in Teilzeit?", "Wie viel Urlaub hat man in Vollzeit?",
         "contrast"),
        ("Quantos dias de férias tem quem é CLT?", "Quantos dias de férias tem quem é PJ?",
         "contrast"),
        # An acronym is content, even one spelled as a word of grammar ("ME", "SA").
        ("Como converter uma LTDA em SA?", "Como converter uma SA em LTDA?", "direction"),
        ("¿Cómo pasar de SL a SA?", "¿Cómo pasar de SA a SL?", "direction"),
        # How two things differ is its own question.
        ("¿Cuándo conviene usar Docker en vez de una máquina virtual?",
         "¿Cuál es la diferencia entre Docker y una máquina virtual?", "question"),
        ("Wann nimmt man Butter statt Margarine?",
         "Was ist der Unterschied zwischen Butter und Margarine?", "question"),
        # What one may do against what is forbidden or harmful, in which-questions.
        ("¿Qué plantas puedo tener con un gato?", "¿Qué plantas son tóxicas para los gatos?",
         "modality"),
        ("Welche Lebensmittel darf man mit Gicht essen?",
         "Welche Lebensmittel sind bei Gicht verboten?", "modality"),
        ("Quais remédios posso tomar com dengue?", "Quais remédios são proibidos na dengue?",
         "modality"),
        # Any against many; bedtime and waking up are times of day.
        ("¿Es malo beber alguna cerveza entrenando?", "¿Es malo beber muchas cervezas entrenando?",
         "quantity"),
        ("Faut-il boire de l'eau avant de dormir ?", "Faut-il boire de l'eau au réveil ?", "time"),
        ("Was sollte man vor dem Schlafengehen essen?", "Was sollte man am Morgen essen?", "time"),
        # Curly against straight.
        ("Como deixar o cabelo cacheado?", "Como deixar o cabelo liso?", "opposite"),
        ("¿Cómo cuidar el pelo rizado?", "¿Cómo cuidar el pelo liso?", "opposite"),
        # German places written in lower case are names.
        ("bester döner in berlin", "bester döner in stuttgart", "entity"),
        ("zug von wien nach graz", "zug von wien nach salzburg", "entity"),
    ],
)  # fmt: skip
def test_round9_look_alikes_are_told_apart(a: str, b: str, check: str) -> None:
    assert conflict(a, b) == check
    assert conflict(b, a) == check


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # A format on one side only is the frame, not another output.
        ("¿Cómo hago una tortilla de patatas?", "tortilla de patatas paso a paso"),
        ("Exporta la tabla de ventas a JSON", "Convierte la tabla de ventas en JSON"),
        # The same unit said two ways, and a unit squared on both sides.
        ("¿Cuántos metros cuadrados tiene un acre?", "¿Cuánto es un acre en metros cuadrados?"),
        ("Combien de mg de magnésium par jour ?",
         "Quelle dose de magnésium en mg par jour ?"),
        # Putting off said two ways is one request.
        ("Posso adiar a consulta médica?", "Dá para remarcar a consulta médica para depois?"),
        # The same quoted text, whatever the quotes.
        ("Traduis « bonne nuit » en espagnol", 'Comment dit-on "bonne nuit" en espagnol ?'),
        ("¿Qué significa 'carpe diem'?", "significado de la expresión «carpe diem»"),
        # Two wordings of one quoted saying, asked what it means, are one saying.
        ("¿Qué significa el dicho 'ojos que no ven, corazón que no siente'?",
         "Explícame el refrán 'ojo que no ve, corazón que no siente'"),
        ("Que veut dire le proverbe « qui va à la chasse perd sa place » ?",
         "Signification de l'expression « qui va à la chasse perd sa place »"),
        # An apostrophe is no quote.
        ("Qu'est-ce que l'inflation ?", "C'est quoi l'inflation ?"),
        # Portuguese "no" before a name is "em + o", no negation.
        ("Como instalar o Docker no macOS?", "Como instalar o Docker no Mac?"),
        ("Como abrir o terminal no Windows?", "atalho pra abrir o terminal no windows"),
        ("Posso levar a bicicleta no ônibus?", "Dá pra levar bicicleta no ônibus?"),
        # How plainly to explain is the frame, not another question.
        ("explícame de forma sencilla qué es un agujero negro", "¿Qué es un agujero negro?"),
        ("Erklär mir in einfachen Worten, was Inflation ist", "Was ist Inflation?"),
        ("O que é blockchain, em palavras simples?", "O que é blockchain?"),
        ("Explique simplement ce qu'est un ETF", "Qu'est-ce qu'un ETF ?"),
        # A difference asked with a where or a who inside is the same question.
        ("Wo liegt der Unterschied zwischen Brutto und Netto?",
         "Was ist der Unterschied zwischen Brutto und Netto?"),
        ("Was ist der Unterschied zwischen einem Hasen und einem Kaninchen?",
         "Worin unterscheiden sich Hasen und Kaninchen?"),
        ("Seda ou cetim: o que diferencia os dois tecidos?",
         "Qual é a diferença entre seda e cetim?"),
        # "Any way to" is the frame, no amount against "all".
        ("¿Cómo borro todos los correos de golpe?",
         "¿Hay alguna forma de borrar todos los correos de golpe?"),
        # A yes / no question on what is forbidden asks what one may do.
        ("Peut-on fumer sur un balcon ?", "Est-il interdit de fumer sur un balcon ?"),
        # A place in lower case on one side and capitalized on the other is one place.
        ("beste pizza in münchen", "Wo gibt es in München die beste Pizza?"),
        # One contract named on both sides.
        ("¿Puedo pedir un préstamo con contrato temporal?",
         "¿Me dan un préstamo si tengo un contrato temporal?"),
    ],
)  # fmt: skip
def test_round9_paraphrases_pass(a: str, b: str) -> None:
    assert conflict(a, b, 0.9) is None
    assert conflict(b, a, 0.9) is None


def test_micro_sign_and_greek_mu_are_one_unit() -> None:
    """The micro sign (U+00B5) and the Greek mu (U+03BC) both fold to "u"."""
    assert conflict("¿Cuántos \u00b5g de yodo al día?", "¿Cuántos \u03bcg de yodo al día?") is None
    assert conflict("¿Cuántos \u00b5g de yodo al día?", "¿Cuántos mg de yodo al día?") == (
        "quantity"
    )


def test_quoted_text_on_one_side_only_is_no_payload() -> None:
    """Only two prompts that both quote are compared on what they quote."""
    assert conflict("Corrige « Je suis allé au marché »", "Corrige mon texte") != "payload"


def test_plainly_is_no_cover_for_another_qualifier() -> None:
    """Only the plainness phrase is the frame: another word added still qualifies."""
    assert (
        conflict(
            "explícame de forma sencilla qué es la inflación en Argentina", "¿Qué es la inflación?"
        )
        == "qualifier"
    )


def test_a_spanish_no_before_a_plural_still_negates_in_a_portuguese_read() -> None:
    """A text read in Portuguese keeps a Spanish "no" before a plural in -as / -os / -es."""
    assert conflict("¿Las setas son tóxicas?", "¿Las setas no tóxicas?") == "negation"


def test_bedtime_is_the_evening() -> None:
    """Before going to bed is no other time than the evening (the time check)."""
    assert conflict("¿Es malo cenar antes de dormir?", "¿Es malo cenar por la noche?") != "time"
    assert conflict("¿Es malo cenar antes de dormir?", "¿Es malo cenar al despertar?") == "time"


@pytest.mark.parametrize(
    ("a", "b", "other"),
    [
        ("Em que lugar posso renovar o passaporte?", "Onde posso renovar o passaporte?",
         "Quando posso renovar o passaporte?"),
        ("¿En qué lugar se compra la tarjeta de transporte?",
         "¿Dónde se compra la tarjeta de transporte?",
         "¿Cuándo se compra la tarjeta de transporte?"),
        ("À quel endroit faut-il déposer le dossier ?", "Où faut-il déposer le dossier ?",
         "Quand faut-il déposer le dossier ?"),
        ("An welchem Ort kann ich den Ausweis abholen?", "Wo kann ich den Ausweis abholen?",
         "Wann kann ich den Ausweis abholen?"),
    ],
)  # fmt: skip
def test_in_which_place_asks_where(a, b, other):
    """ "Em que lugar" / "en qué lugar" / "à quel endroit" / "an welchem Ort" ask "where"."""
    assert conflict(a, b) is None
    assert conflict(a, other) == "question"

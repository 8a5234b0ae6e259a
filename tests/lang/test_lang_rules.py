"""semcache.verify.lang: the closed-class rules of #19's fourth round (words named, not
used; "what is X" against a when/where/why question; purpose questions; "now" and
times named with last / next; a typo keeps the first letter)."""

from __future__ import annotations

import pytest

from semcache.verify.lang import conflict


@pytest.mark.parametrize(
    ("a", "b", "check"),
    [
        # A grammar word named ("le verbe être", '"sein"') is what is asked about.
        ("Le participe passé du verbe avoir", "Le participe passé du verbe être", "entity"),
        ('Ist "werden" ein starkes Verb?', 'Ist "haben" ein starkes Verb?', "entity"),
        ("¿Cuál es el imperativo del verbo ir en español?",
         "¿Cuál es el imperativo del verbo ser en español?", "entity"),
        ("Gerúndio do verbo ter", "Gerúndio do verbo estar", "entity"),
        # "What is X" is another question than "when / where / why X".
        ("¿Qué es un índice en una base de datos?",
         "¿Cuándo crear un índice en una base de datos?", "question"),
        ("O que é um contrato de experiência?", "Onde assinar um contrato de experiência?",
         "question"),
        ("Qu'est-ce qu'une clé primaire ?", "Pourquoi une clé primaire ?", "question"),
        # "What for" is a question of its own.
        ("À quoi sert le thermostat ?", "Où se trouve le thermostat ?", "question"),
        ("Wozu dient ein Router?", "Wo steht ein Router?", "question"),
        ("¿Para qué sirve el colágeno?", "¿Cuándo tomar el colágeno?", "question"),
        ("Para que serve o protetor solar?", "Quando usar o protetor solar?", "question"),
        # "Now" is a time; a time named with "last" or "next" is another time.
        ("Quels magasins sont ouverts maintenant ?", "Quels magasins sont ouverts lundi ?",
         "time"),
        ("Welche Apotheke hat jetzt offen?", "Welche Apotheke hat am Sonntag offen?", "time"),
        ("Ofertas de viajes para este invierno", "Ofertas de viajes del invierno pasado", "time"),
        ("Promoções de viagem para este verão", "Promoções de viagem do verão passado", "time"),
        ("Horaires du marché ce printemps", "Horaires du marché au printemps prochain", "time"),
        ("Was kostet der Urlaub im Sommer?", "Was kostet der Urlaub nächsten Sommer?", "time"),
        # Opposite concepts: wide / narrow, accept / decline, thicken / thin.
        ("Wie mache ich die Tabelle breiter?", "Wie mache ich die Tabelle schmaler?",
         "opposite"),
        ("¿Cómo ensanchar una columna en Excel?", "¿Cómo estrechar una columna en Excel?",
         "opposite"),
        ("Comment accepter une demande d'ami ?", "Comment décliner une demande d'ami ?",
         "opposite"),
        ("Como engrossar uma sopa?", "Como afinar uma sopa?", "opposite"),
    ],
)  # fmt: skip
def test_look_alikes_are_told_apart(a: str, b: str, check: str) -> None:
    """Each look-alike is vetoed, by the check named, either way round."""
    assert conflict(a, b, 0.95) == check
    assert conflict(b, a, 0.95) == check


def test_a_typo_keeps_the_first_letter() -> None:
    """Two words one first letter apart are two words ("maternité" / "paternité"),
    not a typo; a typo inside a long word is still one word."""
    assert conflict("Durée du congé maternité", "Durée du congé paternité", 0.9) is not None
    assert conflict("Durée du congé maternité", "Durée du congé maternnité", 0.9) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # A word quoted in one text and used in the other is the same word.
        ('¿Cuándo se escribe "haber"?', "¿Cuándo se escribe haber?"),
        # "Mot de passe" names no word: "de" is a preposition.
        ("Comment changer mon mot de passe ?", "Comment modifier mon mot de passe ?"),
        # "What are the causes of X" asks why X.
        ("Was sind die Ursachen von Migräne?", "Warum bekommt man Migräne?"),
        # "This winter" is winter.
        ("Tendencias de moda para este invierno", "Tendencias de moda de invierno"),
    ],
)
def test_paraphrases_pass(a: str, b: str) -> None:
    """Rewordings the rules must not refuse."""
    assert conflict(a, b, 0.95) is None
    assert conflict(b, a, 0.95) is None

"""semcache.verify.lang, round 10 (#19): how a thing comes about ("Wie entsteht ...?",
"¿Cómo se forma ...?") asks its cause, the question "why" asks; how a thing is done
stays a how, and a why about a time of its own stays another question. A "when" that
sets the scene ("cuando salimos, ¿por qué ...?", "astuces quand on ...") asks no time.
Examples of our own, not the labelled pairs'."""

from __future__ import annotations

import pytest

from semcache.verify.lang import conflict


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Wie entsteht Nebel?", "Warum gibt es Nebel?"),
        ("Wie bildet sich Tau?", "Warum bildet sich Tau?"),
        ("¿Cómo se forma el granizo?", "¿Por qué cae granizo?"),
        ("Como se formam as nuvens?", "Por que se formam as nuvens?"),
        ("Comment se forment les vagues ?", "Pourquoi y a-t-il des vagues ?"),
        ("¿Cómo surgen los volcanes?", "¿Por qué surgen los volcanes?"),
    ],
)  # fmt: skip
def test_how_a_thing_comes_about_is_asked_as_why(a: str, b: str) -> None:
    """A how-question on how a thing forms and a why-question on it are one question."""
    assert conflict(a, b) != "question"
    assert conflict(b, a) != "question"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # How a thing is done or used is no cause.
        ("Wie benutzt man eine Espressomaschine?", "Warum benutzt man eine Espressomaschine?"),
        ("¿Cómo se usa el subjuntivo?", "¿Por qué se usa el subjuntivo?"),
        ("Como o cachorro abana o rabo?", "Por que o cachorro abana o rabo?"),
        # A why about a time the how does not name asks why then.
        ("Comment se forment les vagues ?", "Pourquoi les vagues sont plus fortes en hiver ?"),
        ("¿Cómo se forma el granizo?", "¿Por qué cae granizo en verano?"),
    ],
)  # fmt: skip
def test_other_hows_stay_another_question(a: str, b: str) -> None:
    """A how that is no coming about, or a why about a time of its own, is refused."""
    assert conflict(a, b) == "question"
    assert conflict(b, a) == "question"


@pytest.mark.parametrize(
    ("a", "b", "language"),
    [
        ("Mi gato maúlla cuando llego a casa, ¿por qué lo hace?", "¿Por qué mi gato maúlla?",
         "es"),
        ("Mon chien tremble quand il fait froid, pourquoi ?", "Pourquoi mon chien tremble ?",
         "fr"),
        ("O celular esquenta quando carrega, por que isso acontece?",
         "Por que o celular esquenta?", "pt"),
        # A when right after a word of its clause: "when" as a conjunction.
        ("Des astuces pour rester calme quand on parle en public ?",
         "Comment rester calme en parlant en public ?", "fr"),
        ("¿Algún truco para descansar cuando viajo en tren?",
         "¿Cómo descansar en el tren?", "es"),
    ],
)  # fmt: skip
def test_a_when_before_the_question_asks_no_time(a: str, b: str, language: str) -> None:
    """A when that sets the scene for the question asked is no when-question."""
    assert conflict(a, b) != "question"
    assert conflict(b, a) != "question"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # A when asked in the last clause is a when-question.
        ("¿Por qué mi gato maúlla y cuándo lo hace?", "¿Por qué mi gato maúlla?"),
        # A when alone is the question, wherever it stands.
        ("Wann ist die beste Zeit, Tomaten zu pflanzen?", "Wie pflanzt man Tomaten?"),
    ],
)  # fmt: skip
def test_a_when_asked_stays_a_question(a: str, b: str) -> None:
    """A when in the question's own clause, or the text's only question, is asked."""
    assert conflict(a, b) == "question"
    assert conflict(b, a) == "question"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("différence entre un crocodile et un alligator",
         "différence entre un alligator et un caïman"),
        ("Unterschied zwischen Hase und Kaninchen",
         "Unterschied zwischen Kaninchen und Meerschweinchen"),
        ("¿Qué diferencia hay entre un lago y una laguna?",
         "¿Qué diferencia hay entre una laguna y un estanque?"),
        ("Qual a diferença entre gripe e resfriado?", "Qual a diferença entre resfriado e rinite?"),
    ],
)  # fmt: skip
def test_one_thing_compared_swapped_is_another_comparison(a: str, b: str) -> None:
    """Between A and B against between B and C: another comparison, as with "or"."""
    assert conflict(a, b) == "contrast"
    assert conflict(b, a) == "contrast"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # The same two things, in either order or with one named in more words.
        ("différence entre un crocodile et un alligator",
         "alligator ou crocodile, quelle différence ?"),
        ("¿Qué diferencia hay entre harina de trigo y maicena?",
         "Harina de trigo integral o maicena, ¿cuál es la diferencia?"),
    ],
)  # fmt: skip
def test_the_same_things_compared_are_one_comparison(a: str, b: str) -> None:
    """The things compared kept, however said, is no other comparison."""
    assert conflict(a, b) != "contrast"
    assert conflict(b, a) != "contrast"

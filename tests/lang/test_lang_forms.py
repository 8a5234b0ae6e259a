"""semcache.verify.lang: a deadline against a bare "how", the forms of an output
(paragraph, list, minutes, rhyme, tone), signing up against leaving, and "como" as
"as" (#19, round seven)."""

from __future__ import annotations

import pytest

from semcache.verify.lang import conflict


@pytest.mark.parametrize(
    ("a", "b", "check"),
    [
        # A deadline asked is a date, not the way to do the thing.
        (
            "Quel est le délai pour résilier un abonnement ?",
            "Comment résilier un abonnement ?",
            "question",
        ),
        ("¿Qué plazo tengo para devolver un pedido?", "¿Cómo devuelvo un pedido?", "question"),
        ("Qual é o prazo para trocar um produto?", "Como trocar um produto?", "question"),
        # Two forms of the output: a paragraph or a poem, a list or a table, minutes.
        (
            "Explica a fotossíntese em um parágrafo",
            "Explica a fotossíntese em forma de poema",
            "task",
        ),
        (
            "Describe el ciclo del agua en un párrafo",
            "Describe el ciclo del agua en verso rimado",
            "task",
        ),
        ("Erkläre Inflation in einem Absatz", "Erkläre Inflation als Gedicht", "task"),
        (
            "Liste les étapes pour créer une entreprise",
            "Fais un tableau des étapes pour créer une entreprise",
            "task",
        ),
        ("Resume a aula em tópicos", "Transforma a aula numa ata", "task"),
        # A tone is a form too: formal against funny.
        (
            "Escribe un mensaje formal de despedida para un compañero",
            "Escribe un mensaje divertido de despedida para un compañero",
            "task",
        ),
        (
            "Schreib eine formelle Einladung zum Sommerfest",
            "Schreib eine lustige Einladung zum Sommerfest",
            "task",
        ),
        # Signing up is not leaving, whatever clitic the verb takes.
        ("Cómo empadronarse en Sevilla", "Cómo darse de baja del padrón en Sevilla", "opposite"),
        (
            "Cómo darme de alta en la Seguridad Social",
            "Cómo darme de baja en la Seguridad Social",
            "opposite",
        ),
        # A small measure is a little, not a lot.
        (
            "¿Se pone una pizca de azúcar al tomate frito?",
            "¿Se pone mucho azúcar al tomate frito?",
            "quantity",
        ),
        # "Como" after a content word is "as": the modal verbs still differ.
        (
            "¿Tengo que pagar el IVA de lo que facturo?",
            "¿Puedo pagar el IVA de lo que facturo como freelance?",
            "modality",
        ),
        (
            "Preciso pagar imposto sobre o que recebo?",
            "Posso pagar imposto sobre o que recebo como autônomo?",
            "modality",
        ),
    ],
)
def test_look_alikes_are_told_apart(a: str, b: str, check: str) -> None:
    """Each look-alike is vetoed, by the check named, either way round."""
    assert conflict(a, b, 0.95) == check
    assert conflict(b, a, 0.95) == check


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # A deadline asked two ways is one question.
        (
            "Quel est le délai pour résilier un abonnement ?",
            "Jusqu'à quand peut-on résilier un abonnement ?",
        ),
        # A list and bullet points are one form.
        ("Résume le chapitre en liste à puces", "Résume le chapitre sous forme de liste"),
        ("Explica a fotossíntese em tópicos", "Explica a fotossíntese em forma de lista"),
        # "Como" after a verb of knowing still asks how.
        ("Quiero saber como renovar el pasaporte", "¿Cómo renuevo el pasaporte?"),
    ],
)
def test_paraphrases_pass(a: str, b: str) -> None:
    """Rewordings the rules must not refuse."""
    assert conflict(a, b, 0.95) is None
    assert conflict(b, a, 0.95) is None

"""semcache.lang.identify: the language of a prompt, safe on short texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from semcache.lang import IDENTIFIABLE, UNDETERMINED, identify, languages_of, treated_as

DATA = Path(__file__).parents[2] / "benchmarks" / "data" / "lang"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Comment annuler mon abonnement ?", "fr"),
        ("Wie kann ich mein Passwort ändern?", "de"),
        ("¿Cuál es la capital de Francia?", "es"),
        ("Como cancelo minha assinatura?", "pt"),
        ("How do I reset my password?", "en"),
        ("Convert Celsius to Fahrenheit", "en"),  # read as German without the English check
        ("如何修改密码？", "zh"),
    ],
)
def test_identifies_short_prompts(text: str, language: str) -> None:
    """Short prompts in several languages and scripts get their language."""
    assert identify(text) == language


def test_too_short_to_tell_is_undetermined() -> None:
    """Fewer than three words is "und", not a guess ("dark mode" would be Danish)."""
    assert identify("dark mode") == UNDETERMINED
    assert identify("12 + 34") == UNDETERMINED


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("pfannkuchen rezept", "de"),
        ("Wohnung kuendigen", "de"),  # "ü" written "ue"
        ("steuererklaerung frist", "de"),
        ("python tutorial", UNDETERMINED),
        ("hello world", UNDETERMINED),
    ],
)
def test_a_two_word_text_is_placed_when_sure_among_the_big_languages(
    text: str, language: str
) -> None:
    """Two words are "und" (English, for the gate) unless the identifier, among the big
    Latin-script languages, is sure of one other than English."""
    assert identify(text) == language


def test_no_dev_prompt_is_taken_for_english() -> None:
    """Not one of the French, German, Spanish or Portuguese dev prompts is English."""
    texts: set[str] = set()
    for language in ("fr", "de", "es", "pt"):
        for line in (DATA / f"{language}_dev.jsonl").read_text().splitlines():
            row = json.loads(line)
            texts.update((row["a"], row["b"]))
    english = sorted(text for text in texts if identify(text) == "en")
    assert english == []
    assert len(texts) > 700


def test_labels_are_among_the_identifiable() -> None:
    """Every label is an ISO 639-1 code of IDENTIFIABLE, or "und"."""
    labels = {identify(t) for t in ("Hoe laat is het in New York?", "Jak si změním heslo?")}
    assert labels <= IDENTIFIABLE | {UNDETERMINED}


def test_a_huge_prompt_is_read_from_its_start() -> None:
    """A megabyte prompt is identified by its beginning (bounded cost)."""
    assert identify("Quelle est la capitale de la France ? " * 30_000) == "fr"


@pytest.mark.parametrize(
    "text", ["embezzlement vs fraud", "Can I refreeze shrimp?", "burglary vs robbery"]
)
def test_an_unsure_text_of_english_words_is_english(text: str) -> None:
    """A short prompt whose words are all English words is English, whatever the
    identifier guessed at low confidence ("embezzlement vs fraud" reads as French)."""
    assert identify(text) == "en"


def test_an_unsure_text_of_rare_english_words_with_an_english_share_is_english() -> None:
    """Every word an English one, rare ones included, and English given a share among
    the big languages: English ("gerund participle differences" reads as Romanian),
    as the gate and the multilingual embedder treat it, and still possibly Romanian."""
    text = "gerund participle differences"
    assert identify(text) == "en"
    assert treated_as(text) == "en"
    assert "ro" in languages_of(text)


def test_rare_english_words_under_half_of_the_text() -> None:
    """WordNet's rarer words ("wetter", "morgen") do not make a German prompt English
    when they are half of it or more."""
    assert identify("Wetter morgen in Hamburg") == "de"


def test_a_function_word_of_another_language_is_no_english_word() -> None:
    """ "de" is a whole word of the tokenizer, but a Spanish function word: the prompt
    stays Spanish."""
    assert identify("capital de canada") == "es"


@pytest.mark.parametrize("text", ["django vs flask?", "kotlin val vs var", "upgrade nodejs ubuntu"])
def test_names_and_words_of_code_are_english(text: str) -> None:
    """Tech names and keywords, which no dictionary lists, count as English words
    ("django vs flask?" reads as Lingala)."""
    assert identify(text) == "en"


@pytest.mark.parametrize(
    "text", ["Como parear Apple Watch com iPhone novo?", "Como conectar mouse Bluetooth na TV?"]
)
def test_an_unsure_english_reading_with_two_foreign_function_words_is_not_english(
    text: str,
) -> None:
    """The identifier reads these as English, unsure; two Portuguese function words (como,
    com / na) and no English one place them in Portuguese, so the default model does not
    serve them semantically: English is not among the languages they may be in."""
    assert identify(text) == "pt"
    assert "pt" in languages_of(text) and "en" not in languages_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "Is Yo Yo Honey Singh an Illuminati puppet?",
        "emergency number in AU",
        "Is justfly.com legit?",
    ],
)
def test_one_foreign_word_a_code_or_a_domain_leaves_english(text: str) -> None:
    """One such word ("yo"), a code in capitals ("AU") or a part of a domain (".com") is
    no evidence of another language."""
    assert identify(text) == "en"


@pytest.mark.parametrize("text", ["explain git rebase", "fafsa deadline date?"])
def test_one_unknown_term_among_english_words_may_be_english(text: str) -> None:
    """A term no word list knows ("rebase", "fafsa") among common English words leaves an
    unsure text possibly English (the gate serves it English entries), still identified
    as the identifier reads it."""
    assert "en" in languages_of(text)
    assert identify(text) != "en"


def test_two_unknown_words_are_not_english() -> None:
    """Two words no list knows ("kochzeit", "fruehstuecksei") are another language's."""
    assert "en" not in languages_of("kochzeit fruehstuecksei recipe")


def test_the_scoring_table_in_row_order_scores_as_py3langid_does() -> None:
    """The model's n-gram table, copied into row order at load, gives every text the
    scores py3langid's own restricted model gives it, to the bit."""
    np = pytest.importorskip("numpy")
    langid = pytest.importorskip("py3langid.langid")
    from semcache.lang._identify import _model

    ours = _model()
    theirs = langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)
    theirs.set_languages(sorted(IDENTIFIABLE))
    assert ours.nb_ptc.flags["C_CONTIGUOUS"]
    assert not theirs.nb_ptc.flags["C_CONTIGUOUS"]  # else the copy has no reason left
    texts = [
        "Which bakery near the harbour sells rye bread on Sundays?",
        "Quelle boulangerie près du port vend du pain de seigle le dimanche ?",
        "Welche Bäckerei am Hafen verkauft sonntags Roggenbrot?",
        "¿Qué panadería cerca del puerto vende pan de centeno los domingos?",
        "Que padaria perto do porto vende pão de centeio aos domingos?",
        "Quale panetteria vicino al porto vende pane di segale la domenica?",
        "港口附近哪家面包店周日卖黑麦面包？",
        "rye bread harbour",
    ]
    for text in texts:
        assert np.array_equal(ours._decide(text), theirs._decide(text)), text

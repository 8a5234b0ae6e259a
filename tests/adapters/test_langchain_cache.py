"""LangChainCache: langchain-core's BaseCache over a SemanticCache, with real chat models."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytest.importorskip("langchain_core")

from langchain_core.globals import get_llm_cache, set_llm_cache
from langchain_core.language_models.fake import FakeListLLM
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from semcache import ConfigError, SemanticCache
from semcache.adapters.langchain import LangChainCache, split_prompt
from semcache.embed import Embedder, default_embedder

pytestmark = pytest.mark.slow  # the real embedder


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return default_embedder()


@pytest.fixture
def cache(embedder: Embedder) -> Iterator[SemanticCache]:
    with SemanticCache(None, embedder=embedder) as made:
        yield made


@pytest.fixture
def lc_cache(cache: SemanticCache) -> Iterator[LangChainCache]:
    """The cache installed with set_llm_cache, as an application would."""
    before = get_llm_cache()
    made = LangChainCache(cache)
    set_llm_cache(made)
    yield made
    set_llm_cache(before)


def model(*answers: str, **kwargs: object) -> FakeListChatModel:
    return FakeListChatModel(responses=list(answers), **kwargs)  # type: ignore[arg-type]


def test_repeated_prompt_is_served_from_the_cache(lc_cache: LangChainCache) -> None:
    """The same question twice: the second answer is the first one, the model is asked once."""
    chat = model("Paris.", "second call")
    first = chat.invoke("What is the capital of France?")
    again = chat.invoke("What is the capital of France?")
    assert (first.content, again.content) == ("Paris.", "Paris.")
    assert chat.i == 1  # FakeListChatModel advances once per real call


def test_reworded_prompt_is_a_semantic_hit(lc_cache: LangChainCache) -> None:
    """A paraphrase gets the stored answer (the real embedder decides)."""
    chat = model("Paris.", "second call")
    chat.invoke("What is the capital of France?")
    assert chat.invoke("Which city is the capital of France?").content == "Paris."
    assert chat.i == 1


def test_other_question_misses(lc_cache: LangChainCache) -> None:
    """A question about something else goes to the model."""
    chat = model("Paris.", "Berlin.")
    chat.invoke("What is the capital of France?")
    assert chat.invoke("What is the capital of Germany?").content == "Berlin."


def test_different_llm_string_never_hits(lc_cache: LangChainCache) -> None:
    """Another model configuration (here: stop words) does not share answers."""
    chat = model("Paris.", "from the other configuration")
    chat.invoke("What is the capital of France?")
    other = chat.invoke("What is the capital of France?", stop=["\n"])
    assert other.content == "from the other configuration"


def test_earlier_messages_are_part_of_the_key(lc_cache: LangChainCache) -> None:
    """The same last question after another system prompt is not a hit."""
    chat = model("Paris.", "Paris, in French.")
    question = HumanMessage("What is the capital of France?")
    chat.invoke([SystemMessage("Answer in English."), question])
    answer = chat.invoke([SystemMessage("Answer in French."), question])
    assert answer.content == "Paris, in French."


def test_clear_empties_the_namespace(lc_cache: LangChainCache) -> None:
    """After clear() the model is asked again."""
    chat = model("Paris.", "asked again")
    chat.invoke("What is the capital of France?")
    lc_cache.clear()
    assert chat.invoke("What is the capital of France?").content == "asked again"


async def test_async_lookup_and_update(lc_cache: LangChainCache) -> None:
    """ainvoke goes through alookup/aupdate: the second call is a hit."""
    chat = model("Paris.", "second call")
    assert (await chat.ainvoke("What is the capital of France?")).content == "Paris."
    assert (await chat.ainvoke("What is the capital of France?")).content == "Paris."
    assert chat.i == 1


def test_llms_are_cached_by_their_prompt(lc_cache: LangChainCache) -> None:
    """A plain LLM (string prompt) is cached too."""
    llm = FakeListLLM(responses=["Paris.", "second call"])
    assert llm.invoke("What is the capital of France?") == "Paris."
    assert llm.invoke("What is the capital of France?") == "Paris."


def test_generations_come_back_as_messages(cache: SemanticCache) -> None:
    """A stored chat generation comes back as the same AIMessage (no pickle: JSON)."""
    lc = LangChainCache(cache)
    chat = model("Paris.", cache=lc)
    stored = chat.invoke("What is the capital of France?")
    hit = lc.lookup(
        '[{"lc": 1, "type": "constructor", "id": ["langchain", "schema", "messages", '
        '"HumanMessage"], "kwargs": {"content": "What is the capital of France?", '
        '"type": "human"}}]',
        chat._get_llm_string(),
    )
    assert hit is not None
    assert isinstance(hit[0].message, AIMessage)  # type: ignore[attr-defined]
    assert hit[0].message.content == stored.content  # type: ignore[attr-defined]
    assert cache.stats()["entries"] == 1


def test_prompt_split_embeds_the_last_human_text() -> None:
    """Only the last human message is embedded; the rest is context."""
    from langchain_core.load import dumps

    prompt = dumps([SystemMessage("be brief"), HumanMessage("What is 2+2?"), AIMessage("It")])
    text, context = split_prompt(prompt)
    assert text == "What is 2+2?"
    assert context["before"][0]["kwargs"]["content"] == "be brief"
    assert context["after"][0]["kwargs"]["content"] == "It"
    assert split_prompt("plain prompt") == ("plain prompt", None)


def test_bad_namespace_is_refused(cache: SemanticCache) -> None:
    """A namespace that cannot be used raises with the value."""
    with pytest.raises(ConfigError, match="namespace must be a string"):
        LangChainCache(cache, namespace="")

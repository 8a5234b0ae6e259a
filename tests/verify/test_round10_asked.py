"""What a prompt asks without its courtesy (semcache.verify.asked): the text to embed."""

from __future__ import annotations

import time

import numpy as np
import pytest

from semcache import DEFAULT_THRESHOLD
from semcache.embed import OnnxEmbedder, default_embedder
from semcache.verify.asked import asked

TERSE = "How do I change the email address on my account?"
COURTEOUS = (
    "Hello, I'd be grateful if you could kindly let me know how I can update the email "
    "address linked to my account. Thank you."
)


@pytest.fixture(scope="module")
def model() -> OnnxEmbedder:
    return default_embedder()


@pytest.mark.parametrize(
    ("text", "request_"),
    [
        (COURTEOUS, "how I can update the email address linked to my account"),
        (
            "Hi! If you don't mind, could you tell me how fast light travels? Thanks a lot "
            "for your time.",
            "how fast light travels?",
        ),
        ("Do you know where the nearest ATM is?", "where the nearest ATM is?"),
        (
            "Could you walk me through enabling 2FA on my Google account, please?",
            "enabling 2FA on my Google account?",
        ),
        (
            "I was wondering if you could tell me how to boil an egg",
            "how to boil an egg",
        ),
    ],
)
def test_courtesy_and_request_frame_are_dropped(text: str, request_: str) -> None:
    """Greetings, asking leave, the request frame and thanks are not embedded."""
    assert asked(text) == request_


@pytest.mark.parametrize(
    "text",
    [
        "how to clear  cache in chrome",  # spacing kept: the vector is the one stored before
        "Do you know of any e-commerce sites for schools?",  # "know of" asks for a list
        "Tell me",  # nothing left without the frame
        "Wie läuft das mit der Garantie bei dem Gerät?",
        "explain big O notation simply",
    ],
)
def test_text_without_frame_is_embedded_as_written(text: str) -> None:
    """A prompt with nothing to drop, or nothing left without it, is its own request."""
    assert asked(text) == text


def test_explain_is_kept_as_the_request() -> None:
    """ "Could you explain X" drops the asking but keeps "explain", which asks "what is"."""
    assert asked("Could you please explain how a Roth IRA works?") == (
        "explain how a Roth IRA works?"
    )


def test_courteous_paraphrase_comes_close_once_its_frame_is_dropped(model: OnnxEmbedder) -> None:
    """A courteous rewording the model holds below the threshold clears it as asked."""
    plain = model.embed([TERSE, COURTEOUS])
    request = model.embed([asked(TERSE), asked(COURTEOUS)])
    assert float(np.dot(plain[0], plain[1])) < DEFAULT_THRESHOLD
    assert float(np.dot(request[0], request[1])) >= DEFAULT_THRESHOLD


def test_reading_is_cheap() -> None:
    """A regex pass: well under 0.1 ms per prompt."""
    texts = [
        f"Hi, could you please tell me how to fix error {i}? Thanks so much!" for i in range(2000)
    ]
    started = time.perf_counter()
    for text in texts:
        asked(text)
    assert (time.perf_counter() - started) / len(texts) < 1e-4

"""The guards' aliases (semcache.verify._lexicon.ALIASES): one name, said two ways."""

from __future__ import annotations

from semcache.verify import default_verifier


def test_a_plural_demonym_names_its_country() -> None:
    """ "Americans" are "US citizens", as "American" is "US"."""
    verifier = default_verifier()
    query, cached = "Do Americans need a visa for Peru?", "Peru visa rules for US citizens"
    assert verifier.reason(query, cached, 0.85) is None


def test_a_plural_demonym_is_not_another_country() -> None:
    """ "Americans" are not "UK citizens"."""
    verifier = default_verifier()
    query, cached = "Do Americans need a visa for Peru?", "Peru visa rules for UK citizens"
    assert verifier.reason(query, cached, 0.85) == "entity"

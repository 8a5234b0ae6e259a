"""Eviction policies: which entries go first when the cache is over its limits."""

from __future__ import annotations

from .base import EvictionPolicy
from .policies import POLICIES, FormulaPolicy, get_policy

__all__ = ["POLICIES", "EvictionPolicy", "FormulaPolicy", "get_policy"]

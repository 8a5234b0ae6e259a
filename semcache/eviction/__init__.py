"""Eviction: policies (which entries go first, as data) and the evictor that applies them."""

from __future__ import annotations

from .base import EvictionPolicy
from .evictor import Evicted, Evictor
from .policies import POLICIES, FormulaPolicy, get_policy

__all__ = ["POLICIES", "Evicted", "EvictionPolicy", "Evictor", "FormulaPolicy", "get_policy"]

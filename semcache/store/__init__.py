"""Stores: where entries and vectors live (local hnswlib + SQLite, or Milvus)."""

from __future__ import annotations

from .base import Candidate, Store

__all__ = ["Candidate", "Store"]

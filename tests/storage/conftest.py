"""Fixtures of the store tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def store(new_store) -> str:
    """The treinamento store on this test's engine (a file path or a postgresql:// URL)."""
    return new_store("treinamento")

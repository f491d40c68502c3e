"""Fixtures of the walks over every core service (tests/support/service_walk.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def world(context):
    """Sessions, drafts and arguments made while everything is open."""
    from tests.support.service_walk import make_world

    return make_world(context)

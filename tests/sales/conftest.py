"""Fixtures of the sales tests in core: the operador's session and the sale service."""

from __future__ import annotations

import pytest


@pytest.fixture
def session(context):
    from core.kernel.login import start_session
    from storage.models import User

    return start_session(context, User.get(User.login == "operador"))


@pytest.fixture
def sales(context):
    from core.sales.sale import SaleService

    return SaleService(context)

"""Snapshots at 80x24 of the sale flow: Venda with items, payment, the cupom, Pré-venda,
Recebimento de títulos."""

from __future__ import annotations

from tests.conftest import settle
from tests.support.sale_support import choose_customer, credit_sales, open_module, ring_up, sale_with_items, type_text


def test_snapshot_sale_with_items(snap_compare, demo_app):
    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=sale_with_items)


def test_snapshot_payment(snap_compare, demo_app):
    async def run(pilot):
        await open_module(pilot, "f2")
        for typed in ("2*1", "7"):
            await ring_up(pilot, typed)
        await pilot.press("f9")
        await type_text(pilot, "200")
        await settle(pilot)

    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=run)


def test_snapshot_receipt(snap_compare, demo_app):
    async def run(pilot):
        await open_module(pilot, "f2")
        await choose_customer(pilot, "0900")
        for typed in ("2*1", "7"):
            await ring_up(pilot, typed)
        await pilot.press("f9")
        await type_text(pilot, "200")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=run)


def test_snapshot_presale(snap_compare, demo_app):
    async def run(pilot):
        await open_module(pilot, "f3")
        await choose_customer(pilot, "0901")
        for typed in ("1", "2*19", "66"):
            await ring_up(pilot, typed)
        await settle(pilot)

    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=run)


def test_snapshot_receivables(snap_compare, demo_app):
    app = demo_app()
    credit_sales(app.context, "0900", "1", "7", "25")

    async def run(pilot):
        await open_module(pilot, "f4")
        await pilot.press("f2")
        await type_text(pilot, "0900")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run)

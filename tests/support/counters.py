"""Several PDV terminal processes (tests/support/stress_driver.py) selling at once on one store,
then every check of what they did (the two-cashiers test and the four-counters benchmark)."""

from __future__ import annotations

from decimal import Decimal

from tests.support.store_invariants import cents, check_store, connect
from tests.support.stress_driver import start_terminal


def paid_amounts(db) -> dict[int, Decimal]:
    conn = connect(db)
    try:
        return {i: cents(p) for i, p in conn.execute("SELECT id, paid_amount FROM receivable")}
    finally:
        conn.close()


USERS = ("operador", "supervisor")


def run_counters(db, seconds: float, counters: int = 2) -> dict[str, float]:
    """`counters` terminal processes selling on `db` for `seconds`, then every check: each sale
    a terminal reported is stored once under a number of its own, every part of a título each
    was told it received is in the título's paid amount, the store's invariants hold, and two
    different cashiers received parts of the same título. Returns what they did."""
    before = paid_amounts(db)
    terminals = [start_terminal(db, seed, seconds, USERS[seed % 2]) for seed in range(1, counters + 1)]
    outputs = []
    for terminal in terminals:
        out, err = terminal.communicate(timeout=seconds + 90)
        assert terminal.returncode == 0, f"saiu com {terminal.returncode}:\n{err[-2000:]}"
        assert "locked" not in err.lower() and "Traceback" not in err
        outputs.append(out.splitlines())
    reported_sales = [int(line.split()[1]) for out in outputs for line in out if line.startswith("venda ")]
    reported_presales = [int(line.split()[1]) for out in outputs for line in out if line.startswith("pre-venda ")]
    received: dict[int, Decimal] = {}
    for out in outputs:
        for line in out:
            if line.startswith("recebido "):
                _, title, amount = line.split()
                received[int(title)] = received.get(int(title), Decimal("0")) + Decimal(amount)
    assert all(out[0] == "pronto" and out[-1] == "fim" for out in outputs)
    assert len(reported_sales) == len(set(reported_sales)) and len(reported_sales) > 10, "número de venda repetido"
    assert len(reported_presales) == len(set(reported_presales))
    counts = check_store(db)
    db_conn = connect(db)
    try:
        stored = {row[0] for row in db_conn.execute("SELECT number FROM sale")}
        assert set(reported_sales) <= stored, "venda informada ao caixa e não gravada"
        assert set(reported_presales) <= {row[0] for row in db_conn.execute("SELECT number FROM pre_sale")}
        after = paid_amounts(db)
        for title, amount in received.items():  # every part each terminal was told it received
            assert after[title] - before.get(title, Decimal("0")) == amount, f"título {title}: pagamento perdido"
        both = db_conn.execute(
            "SELECT COUNT(DISTINCT p.receivable_id) FROM receivable_payment p JOIN receivable_payment q "
            "ON p.receivable_id = q.receivable_id AND p.user_id <> q.user_id"
        ).fetchone()[0]
        assert both > 0, "os dois caixas não receberam partes do mesmo título"
    finally:
        db_conn.close()
    return {
        "sales": len(reported_sales),
        "payments": sum(1 for out in outputs for line in out if line.startswith("recebido ")),
        "sales_per_second": len(reported_sales) / seconds,
        **{f"stored_{k}": v for k, v in counts.items()},
    }

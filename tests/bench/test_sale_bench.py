"""The sale flow on a big store: 100,000 products and 200,000 customers seeded (with a progress
bar), then search as you type (the queries a counter hears, listed below, and every keystroke
of them) and finalizing a 10-item sale, each against a baseline measured in the same run on the
same database (a bare SELECT 1, a primary-key lookup, a one-row write transaction)."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

import pytest
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from core.kernel.login import start_session
from core.sales.sale import SaleService
from domain.enums import PaymentMethod
from storage.bulk import seed_bulk
from storage.db import write_transaction
from storage.models import AuditEntry, Customer, Product, User

PRODUCTS = 100_000
CUSTOMERS = 200_000

PRODUCT_QUERIES = [
    "sodica",
    "sódica",
    "dipirona sodica",
    "dipi 500",
    "para 750",
    "paracetamol 750",
    "750 para",
    "amoxi 500",
    "amoxicilina cimed",
    "cimed",
    "neo quimica",
    "ibu 600",
    "ibuprofeno gts",
    "losartana 50",
    "losartana potassica 50mg",
    "vitamina c",
    "vit d3",
    "ácido fólico",
    "acido folico 5mg",
    "omeprazol 20 eurofarma",
    "cefalexina 500 ems",
    "creme 30g",
    "xpe 100ml",
    "protetor solar",
    "sinvas 20 30 cpr",
    "atorvastatina 40",
    "clonazepam 2",
    "dexa creme",
    "fluconazol 150",
    "gotas",
]
"""What a person at the counter asks: a word anywhere, several words in any order, accents."""
CUSTOMER_QUERIES = [
    "silva",
    "maria silva",
    "silva maria",
    "jose",
    "josé",
    "josé santos",
    "conceição",
    "conceicao costa",
    "quitéria",
    "antonio",
    "antônio oliveira",
    "oliv",
    "ana sousa",
    "vinicius",
    "luiza rocha",
    "gabriela mar",
    "paulo pereira",
    "helena",
    "teixeira vieira",
    "débora",
]
SUGGESTIONS = 6  # what the sale screen asks for as the cashier types


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def timed(call: Callable[[], object], repeat: int = 1) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def ms(value: float) -> str:
    return f"{value * 1000:.3f} ms"


@pytest.fixture(scope="module")
def big_store(tmp_path_factory):
    from core.kernel.clock import FixedClock
    from core.kernel.config import Config
    from core.kernel.context import build_context
    from storage.scenarios.loader import load_scenario
    from tests.conftest import FIXED_NOW

    path = tmp_path_factory.mktemp("bench-sale") / "pdv.sqlite3"
    ctx = build_context(path, config=Config(), clock=FixedClock(FIXED_NOW), seed_with=load_scenario("treinamento"))
    console = Console(stderr=True)
    with Progress(
        TextColumn("semeando {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as progress:
        tasks: dict[str, int] = {}

        def report(kind: str, done: int, total: int) -> None:
            if kind not in tasks:
                tasks[kind] = progress.add_task(kind, total=total)
            progress.update(tasks[kind], completed=done)

        started = time.perf_counter()
        seed_bulk(ctx.db, PRODUCTS, CUSTOMERS, on_progress=report)
        seeded_in = time.perf_counter() - started
    ctx.db.execute_sql("ANALYZE")
    session = start_session(ctx, User.get(User.login == "operador"))
    yield ctx, session, seeded_in
    ctx.close()


def typing_prefixes(words: list[str]) -> list[str]:
    """What a cashier's screen asks while typing each word, one keystroke at a time (from 2)."""
    return [word[:n] for word in words for n in range(2, len(word) + 1)]


def test_seeded_sizes(big_store, bench_row):
    ctx, _session, seeded_in = big_store
    assert Product.select().count() >= PRODUCTS and Customer.select().count() >= CUSTOMERS
    bench_row("semear 100.000 produtos + 200.000 clientes", f"{seeded_in:.1f} s")


def test_search_by_any_word_p95(big_store, bench_row):
    """The listed queries, whole and as typed (every keystroke from the second), each found
    what it should (every word starts a word of each row)."""
    from storage.search_text import search_key

    ctx, session, _ = big_store
    sales = SaleService(ctx)
    rng = random.Random(5)
    ids = [rng.randint(1, PRODUCTS) for _ in range(2000)]
    base_pk = p95([timed(lambda i=i: Product.get_by_id(i))[0] for i in ids])

    def check(query: str, name: str) -> None:
        words = [search_key(w) for w in query.replace("/", " ").split()]
        parts = search_key(name).replace("/", " ").split()
        assert all(any(p.startswith(w) for p in parts) for w in words), (query, name)

    for query in PRODUCT_QUERIES:
        for row in sales.find_products(session, query, SUGGESTIONS):
            check(query, row.name)
    assert sales.find_products(session, "para 750", SUGGESTIONS)[0].name.startswith("PARACETAMOL 750MG")
    assert sales.find_products(session, "sodica", SUGGESTIONS)[0].name.startswith("DIPIRONA SODICA")
    for query in CUSTOMER_QUERIES:
        for row in sales.find_customers(session, query, 8):
            check(query, row.name)

    for label, queries, find, limit in (
        ("produto", PRODUCT_QUERIES, sales.find_products, SUGGESTIONS),
        ("cliente", CUSTOMER_QUERIES, sales.find_customers, 8),
    ):
        typed = queries + [q[:n] for q in queries for n in range(2, len(q))]
        samples = [
            timed(lambda q=q, find=find, limit=limit: find(session, q, limit))[0] for q in typed for _ in range(3)
        ]
        value = p95(samples)
        bench_row(
            f"busca de {label} por qualquer palavra (p95, {len(typed)} consultas x 3)",
            ms(value),
            ms(base_pk) + " (chave primária)",
            f"{value / base_pk:.1f}",
            "≤ 5 ms",
        )


def test_search_as_you_type_p95(big_store, bench_row):
    ctx, session, _ = big_store
    sales = SaleService(ctx)
    rng = random.Random(7)
    select_one = timed(lambda: ctx.db.execute_sql("SELECT 1").fetchone(), 2000)
    ids = [rng.randint(1, PRODUCTS) for _ in range(2000)]
    pk_lookup = [timed(lambda i=i: Product.get_by_id(i))[0] for i in ids]
    base_select, base_pk = p95(select_one), p95(pk_lookup)
    bench_row("base: SELECT 1 (p95)", ms(base_select))
    bench_row("base: produto por chave primária (p95)", ms(base_pk))

    product_names = [p.name for p in Product.select(Product.name).order_by(Product.id).limit(PRODUCTS)]
    product_queries = typing_prefixes([rng.choice(product_names)[:14] for _ in range(60)])
    product_queries += [f"789{rng.randint(1, PRODUCTS):09d}"[:n] for n in (3, 6, 9, 12) for _ in range(40)]
    product_queries += [f"B{rng.randint(1, PRODUCTS):06d}" for _ in range(100)]
    product_times = [timed(lambda q=q: sales.find_products(session, q, SUGGESTIONS))[0] for q in product_queries]
    product_p95 = p95(product_times)
    bench_row(
        f"busca de produto ao digitar (p95, {len(product_queries)} consultas)",
        ms(product_p95),
        ms(base_pk) + " (chave primária)",
        f"{product_p95 / base_pk:.1f}",
        "≤ 5 ms",
    )

    customer_names = [
        c.name for c in Customer.select(Customer.name).where(Customer.code.startswith("C")).limit(CUSTOMERS)
    ]
    customer_queries = typing_prefixes([rng.choice(customer_names).lower()[:16] for _ in range(60)])
    documents = [
        c.document for c in Customer.select(Customer.document).where(Customer.code.startswith("C")).limit(2000)
    ]
    customer_queries += [rng.choice(documents)[:n] for n in (3, 5, 8, 11) for _ in range(40)]
    customer_queries += [f"C{rng.randint(1, CUSTOMERS):06d}" for _ in range(100)]
    customer_times = [timed(lambda q=q: sales.find_customers(session, q, 8))[0] for q in customer_queries]
    customer_p95 = p95(customer_times)
    bench_row(
        f"busca de cliente ao digitar (p95, {len(customer_queries)} consultas)",
        ms(customer_p95),
        ms(base_pk) + " (chave primária)",
        f"{customer_p95 / base_pk:.1f}",
        "≤ 5 ms",
    )
    assert product_p95 <= 0.020 and customer_p95 <= 0.020


def test_finalize_ten_item_sale_p95(big_store, bench_row):
    ctx, session, _ = big_store
    sales = SaleService(ctx)
    rng = random.Random(11)

    def one_row_transaction() -> None:
        with write_transaction(ctx.db):
            AuditEntry.create(at=ctx.clock.now(), event="bench", detail="")

    baseline = timed(one_row_transaction, 200)

    finalize_times = []
    for _ in range(200):
        draft = sales.new_draft(session)
        for _ in range(10):
            sales.add_item(session, draft, f"B{rng.randint(1, PRODUCTS):06d}", str(rng.randint(1, 3)))
        payment = sales.prepare_payment(session, draft, PaymentMethod.CARD)
        draft.ensure_sale_id()  # reserved when the sale opens, not part of finalizing
        finalize_times.append(timed(lambda d=draft, p=payment: sales.finalize(session, d, p))[0])
    base, value = p95(baseline), p95(finalize_times)
    bench_row("base: transação de 1 INSERT (p95)", ms(base))
    bench_row(
        "finalizar venda de 10 itens (p95, 200 vendas)",
        ms(value),
        ms(base) + " (1 INSERT)",
        f"{value / base:.1f}",
        "≤ 5 ms",
    )
    assert value <= 0.030

"""A large believable store for benchmarks and load tests: many products and customers, written
in batches (the search keys are filled by the database's triggers, as for any other row).

Deterministic for a given seed. `on_progress(kind, done, total)` is called after each batch so
a caller can show a progress bar; storage itself shows nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from decimal import Decimal

import peewee as pw

from storage.models import Agreement, Customer, CustomerAgreement, Product

BATCH = 1000

DRUGS = [
    "DIPIRONA SODICA",
    "PARACETAMOL",
    "IBUPROFENO",
    "AMOXICILINA",
    "LOSARTANA POTASSICA",
    "ATENOLOL",
    "HIDROCLOROTIAZIDA",
    "METFORMINA",
    "SINVASTATINA",
    "OMEPRAZOL",
    "PANTOPRAZOL",
    "LORATADINA",
    "DESLORATADINA",
    "AZITROMICINA",
    "CEFALEXINA",
    "NIMESULIDA",
    "DICLOFENACO SODICO",
    "PREDNISONA",
    "ENALAPRIL",
    "ANLODIPINO",
    "LEVOTIROXINA",
    "SERTRALINA",
    "FLUOXETINA",
    "CLONAZEPAM",
    "ESCITALOPRAM",
    "CETIRIZINA",
    "BROMOPRIDA",
    "ONDANSETRONA",
    "CAPTOPRIL",
    "CARVEDILOL",
    "ROSUVASTATINA",
    "ATORVASTATINA",
    "GLIBENCLAMIDA",
    "RANITIDINA",
    "DOMPERIDONA",
    "METOCLOPRAMIDA",
    "ACICLOVIR",
    "FLUCONAZOL",
    "CIPROFLOXACINO",
    "NORFLOXACINO",
    "DEXAMETASONA",
    "BETAMETASONA",
    "ESPIRONOLACTONA",
    "FUROSEMIDA",
    "VITAMINA C",
    "VITAMINA D3",
    "COMPLEXO B",
    "ACIDO FOLICO",
    "SULFATO FERROSO",
    "PROTETOR SOLAR",
]
FORMS = ["10 CPR", "20 CPR", "30 CPR", "60 CPR", "14 CPS", "28 CPS", "GTS 20ML", "XPE 100ML", "SUSP 60ML", "CREME 30G"]
DOSES = ["5MG", "10MG", "20MG", "25MG", "40MG", "50MG", "100MG", "200MG", "250MG", "500MG", "750MG", "1G"]
LABS = ["EMS", "MEDLEY", "CIMED", "EUROFARMA", "SANOFI", "PRATI", "GERMED", "NEO QUIMICA", "ACHE", "TEUTO"]
FIRST = [
    "Ana",
    "Antônio",
    "Beatriz",
    "Bruno",
    "Carla",
    "Carlos",
    "Cláudia",
    "Daniel",
    "Débora",
    "Eduardo",
    "Fernanda",
    "Felipe",
    "Gabriela",
    "Gustavo",
    "Helena",
    "Henrique",
    "Isabela",
    "João",
    "José",
    "Juliana",
    "Lucas",
    "Luíza",
    "Marcos",
    "Maria",
    "Mariana",
    "Mateus",
    "Natália",
    "Otávio",
    "Patrícia",
    "Paulo",
    "Quitéria",
    "Rafael",
    "Renata",
    "Rodrigo",
    "Sabrina",
    "Sérgio",
    "Tatiana",
    "Tiago",
    "Vânia",
    "Vinícius",
]
LAST = [
    "Almeida",
    "Alves",
    "Andrade",
    "Barbosa",
    "Batista",
    "Cardoso",
    "Carvalho",
    "Castro",
    "Conceição",
    "Costa",
    "Dias",
    "Fernandes",
    "Ferreira",
    "Gomes",
    "Lima",
    "Lopes",
    "Machado",
    "Marques",
    "Martins",
    "Melo",
    "Mendes",
    "Monteiro",
    "Moreira",
    "Nascimento",
    "Oliveira",
    "Pereira",
    "Pinto",
    "Ribeiro",
    "Rocha",
    "Rodrigues",
    "Santos",
    "Silva",
    "Soares",
    "Sousa",
    "Teixeira",
    "Vieira",
]

Progress = Callable[[str, int, int], None]


def ean13(body12: str) -> str:
    digits = [int(ch) for ch in body12]
    total = sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return body12 + str((10 - total % 10) % 10)


def cpf(body9: str) -> str:
    digits = [int(ch) for ch in body9]
    for weight_start in (10, 11):
        total = sum(d * w for d, w in zip(digits, range(weight_start, 1, -1)))
        check = (total * 10) % 11
        digits.append(0 if check == 10 else check)
    return "".join(map(str, digits))


def _products(count: int, rng: random.Random) -> Iterator[dict]:
    for n in range(count):
        name = f"{rng.choice(DRUGS)} {rng.choice(DOSES)} {rng.choice(FORMS)} {rng.choice(LABS)}"
        yield {
            "code": f"B{n + 1:06d}",
            "ean": ean13(f"789{n + 1:09d}"),
            "name": name,
            "price": Decimal(rng.randint(199, 19999)) / 100,
        }


def _customers(count: int, rng: random.Random) -> Iterator[dict]:
    for n in range(count):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.choice(LAST)}"
        yield {
            "code": f"C{n + 1:06d}",
            "name": name,
            "person_type": "PF",
            "document_type": "CPF",
            "document": cpf(f"{100_000_000 + n * 7:09d}"[-9:]),
        }


def _write(model: type[pw.Model], rows: Iterator[dict], total: int, kind: str, on_progress: Progress | None) -> None:
    batch: list[dict] = []
    done = 0
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            model.insert_many(batch).execute()
            done += len(batch)
            batch = []
            if on_progress:
                on_progress(kind, done, total)
    if batch:
        model.insert_many(batch).execute()
        done += len(batch)
        if on_progress:
            on_progress(kind, done, total)


def seed_bulk(
    db: pw.Database, products: int, customers: int, *, seed: int = 2026, on_progress: Progress | None = None
) -> None:
    """Adds `products` products and `customers` PF customers (each linked to the first
    agreement that sells a prazo, when there is one) to a seeded store."""
    rng = random.Random(seed)
    with db.atomic():
        _write(Product, _products(products, rng), products, "produtos", on_progress)
    with db.atomic():
        _write(Customer, _customers(customers, rng), customers, "clientes", on_progress)
        agreement = Agreement.select().where(Agreement.allows_credit == True).first()  # noqa: E712
        if agreement is not None:
            first = Customer.get(Customer.code == "C000001").id
            links = ({"customer": first + n, "agreement": agreement.id} for n in range(customers))
            _write(CustomerAgreement, links, customers, "vínculos", on_progress)

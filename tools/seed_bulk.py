"""Makes a big store to try search as you type at scale, with a progress bar while seeding:

    python tools/seed_bulk.py /tmp/grande.sqlite3 --products 50000 --customers 100000
    pdv --db /tmp/grande.sqlite3

The database gets the `treinamento` scenario first (users operador/1234, supervisor/4321).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="arquivo SQLite a criar (não pode existir)")
    parser.add_argument("--products", type=int, default=50_000)
    parser.add_argument("--customers", type=int, default=100_000)
    args = parser.parse_args()
    if args.db.exists():
        parser.error(f"{args.db} já existe: escolha um arquivo novo")

    from core.kernel.config import Config
    from core.kernel.context import build_context
    from storage.bulk import seed_bulk
    from storage.scenarios.loader import load_scenario

    ctx = build_context(args.db, config=Config(), seed_with=load_scenario("treinamento"))
    with Progress(
        TextColumn("semeando {task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()
    ) as progress:
        tasks: dict[str, int] = {}

        def report(kind: str, done: int, total: int) -> None:
            if kind not in tasks:
                tasks[kind] = progress.add_task(kind, total=total)
            progress.update(tasks[kind], completed=done)

        seed_bulk(ctx.db, args.products, args.customers, on_progress=report)
    ctx.db.execute_sql("ANALYZE")
    ctx.close()
    print(f"{args.db}: loja treinamento + {args.products} produtos + {args.customers} clientes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The PDV database (peewee models, migrations) and the scenario files that seed it.

peewee 4 imports psycopg (the PostgreSQL driver, with libpq) as it is imported itself, when it
is installed: about 17 MiB and 0.2 s that a PDV on SQLite never uses. So, whenever peewee is
first imported (after this package, which the first screen needs for other reasons), it is
imported with the driver hidden; `storage.postgres.make_postgres` hands it the driver when a
PostgreSQL store is opened (`lend_psycopg_to_peewee`)."""

from __future__ import annotations

import importlib.machinery
import sys


class _PeeweeWithoutPsycopg:
    """Finds peewee as usual, and runs its module body with `import psycopg` failing. (A meta
    path finder and a loader need only their methods: importlib.abc would cost the first screen
    an import of importlib.resources.)"""

    def find_spec(self, name, path=None, target=None):
        if name != "peewee":
            return None
        sys.meta_path.remove(self)  # once
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None or "psycopg" in sys.modules:
            return spec
        spec.loader = _HidingLoader(spec.loader)
        return spec


class _HidingLoader:
    def __init__(self, inner) -> None:
        self.inner = inner

    def create_module(self, spec):
        return self.inner.create_module(spec)

    def exec_module(self, module) -> None:
        sys.modules["psycopg"] = None  # type: ignore[assignment]  # `import psycopg` raises ImportError
        try:
            self.inner.exec_module(module)
        finally:
            if "psycopg" in sys.modules and sys.modules["psycopg"] is None:
                del sys.modules["psycopg"]


def lend_psycopg_to_peewee() -> None:
    """Gives peewee the psycopg 3 names it takes at import when the driver is there (ImportError
    without the driver)."""
    import peewee
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    if getattr(peewee, "psycopg", None) is None:
        peewee.psycopg = psycopg
        peewee.TransactionStatus = TransactionStatus
        peewee.Json_pg3 = Json
        peewee.Jsonb_pg3 = Jsonb
        adapter = peewee.Psycopg3Adapter  # the statuses its class body takes when psycopg is there
        adapter.txn_idle = TransactionStatus.IDLE
        adapter.txn_inerror = TransactionStatus.INERROR
        adapter.txn_unknown = TransactionStatus.UNKNOWN


if "peewee" not in sys.modules and "psycopg" not in sys.modules:
    sys.meta_path.insert(0, _PeeweeWithoutPsycopg())

"""A small service for the fault-layer tests: known answers, named routes, an admin route of its
own (which faults must never touch), and a factory with the services' signature."""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request

ITEM = {"id": 7, "name": "Dipirona 500 mg", "price": "9.90", "stock": 3}


def create_app(state_dir: Path, world) -> FastAPI:
    app = FastAPI(title="serviço de teste")
    calls = {"item": 0}

    @app.get("/items/{item_id}", name="item")
    async def item(item_id: int) -> dict:
        calls["item"] += 1
        return {**ITEM, "id": item_id}

    @app.post("/echo", name="echo")
    async def echo(request: Request) -> dict:
        return {"received": await request.json()}

    @app.get("/big", name="big")
    async def big() -> dict:
        return {"rows": [f"linha {i:04d}" for i in range(200)]}

    @app.get("/calls", name="calls")
    async def count() -> dict:
        return dict(calls)

    @app.get("/admin/own", name="own-admin")
    async def own_admin() -> dict:
        return {"admin": True}

    return app


SERVICES = {"demo": create_app}

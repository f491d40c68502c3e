"""A small service for the fault-layer tests: known answers, named routes, an admin route of its
own (which faults must never touch), and a factory with the services' signature."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

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

    @app.post("/admin/reset", name="admin-reset")
    async def reset(request: Request):
        body = await request.body()
        name = (json.loads(body) if body else {}).get("scenario") or world.name
        if not (world.directory / f"{name}.toml").exists():
            return JSONResponse({"detail": f"cenário {name!r} não existe"}, status_code=404)
        return {"ok": True, "scenario": name}

    return app


SERVICES = {"demo": create_app}

"""What every simulated service answers the same way, so that its OpenAPI document stays true:

- 405 names in `Allow` every method the path takes (Starlette names only those of the first
  route of the path, and FastAPI makes one route per method);
- a body FastAPI cannot even read (bytes that are not UTF-8 JSON) is refused 422 with one
  Portuguese sentence, as every other invalid body is, not 400 (which no route declares).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse
from pydantic import BeforeValidator, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount


def _json_integer(value: Any) -> Any:
    """JSON has numbers: 5.0 is the integer 5 (as JSON Schema says); a boolean or a text is not."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def json_int(**constraints: Any) -> Any:
    """An integer of a JSON body, with its bounds (ge, le...) in the OpenAPI: 5 or 5.0, never
    true, "5" or 5.5. (The bounds go before the validator, or the schema loses them.)"""
    return Annotated[int, Field(strict=True, **constraints), BeforeValidator(_json_integer)]


UNREADABLE_BODY = "corpo da requisição ilegível: envie um objeto JSON em UTF-8"


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(app: FastAPI, request: Request) -> list[str]:
    """Every method some route of `app` takes at the request's path (asked of the routes
    themselves, included routers too)."""
    methods = []
    for method in METHODS:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] is Match.FULL for route in app.router.routes if not isinstance(route, Mount)):
            methods.append(method)
    return methods


def install(app: FastAPI) -> FastAPI:
    async def http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 405:
            methods = allowed_methods(app, request)
            if methods:
                return JSONResponse(
                    {"detail": "Método não permitido nesta rota."},
                    status_code=405,
                    headers={"Allow": ", ".join(methods)},
                )
        if exc.status_code == 400:
            return JSONResponse({"detail": UNREADABLE_BODY}, status_code=422)
        return await http_exception_handler(request, exc)

    app.add_exception_handler(StarletteHTTPException, http_error)
    return app

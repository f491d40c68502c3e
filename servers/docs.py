"""/docs of each simulated service: its OpenAPI shown by Swagger UI from the files the
fastapi-offline package ships (Swagger UI 5, which reads OpenAPI 3.1), so the page works in a classroom with no internet (FastAPI's
own /docs loads Swagger UI from a CDN)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC = "/docs-static"


def install(app: FastAPI) -> None:
    """Adds GET /docs (and the Swagger UI files under /docs-static) to `app`, outside its OpenAPI."""
    from pathlib import Path

    import fastapi_offline

    files = Path(fastapi_offline.__file__).parent / "static"
    app.mount(STATIC, StaticFiles(directory=files), name="docs-static")

    @app.get("/docs", include_in_schema=False)
    async def docs(request: Request) -> HTMLResponse:
        root = str(request.scope.get("root_path", "")).rstrip("/")
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} - documentação",
            swagger_js_url=f"{root}{STATIC}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{STATIC}/swagger-ui.css",
            swagger_favicon_url=f"{root}{STATIC}/favicon.png",
            swagger_ui_parameters={"validatorUrl": None},  # no badge fetched from swagger.io
        )

"""/docs of the simulated services: Swagger UI from files served by the service itself (a class
with no internet), pointing at the service's own OpenAPI, for the License Server, the portal and
the root (fault routes)."""

from __future__ import annotations

import re

import httpx
import pytest

from servers.runner import WorldSource, build_app
from storage.scenarios.loader import SCENARIO_DIR


@pytest.fixture
def client(tmp_path):
    app = build_app(tmp_path / "state", WorldSource(SCENARIO_DIR, "treinamento"))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://mundo.test", timeout=10)


@pytest.mark.parametrize("prefix", ["/license", "/lgpdata", ""])
async def test_docs_page_is_served_whole_from_the_service(client, prefix):
    async with client:
        page = await client.get(f"{prefix}/docs")
        assert page.status_code == 200 and "swagger-ui" in page.text
        links = re.findall(r"""(?:src|href|url)\s*[:=]\s*['"]([^'"]+)['"]""", page.text)
        assert links, page.text
        assert not [link for link in links if link.startswith(("http:", "https:", "//"))], links
        for link in links:  # the script, the stylesheet, the icon and the OpenAPI itself
            answer = await client.get(link)
            assert answer.status_code == 200, (link, answer.status_code)
        spec = await client.get(f"{prefix}/openapi.json")
        assert spec.json()["paths"] and "/docs" not in spec.json()["paths"]

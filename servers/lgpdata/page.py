"""The consent page the customer opens from the link (or QR code): the term, and the answers.

Plain HTML with a form (no script), readable on a phone: the customer reads the term and
accepts or refuses it, or asks for deletion of their data or for removal of the consent.
"""

from __future__ import annotations

from html import escape
from typing import Any

from servers.lgpdata.vocabulary import OPERATIONS, STATUSES

STYLE = """
body { font-family: system-ui, sans-serif; margin: 0; background: #f2f4f7; color: #1d2939; }
main { max-width: 720px; margin: 0 auto; padding: 16px; }
header { background: #12467b; color: #fff; padding: 12px 16px; }
header h1 { margin: 0; font-size: 1.3em; }
.card { background: #fff; border-radius: 8px; padding: 16px; margin: 12px 0; box-shadow: 0 1px 2px #0002; }
.term { white-space: pre-wrap; line-height: 1.45; max-height: 320px; overflow-y: auto;
        border: 1px solid #d0d5dd; padding: 12px; border-radius: 6px; background: #fcfcfd; }
.meta { color: #475467; font-size: .9em; }
.hash { font-family: monospace; word-break: break-all; }
button { font-size: 1em; padding: 10px 14px; margin: 6px 6px 0 0; border-radius: 6px; border: 1px solid #98a2b3;
         background: #fff; cursor: pointer; }
button.accept { background: #067647; color: #fff; border-color: #067647; font-weight: bold; }
button.refuse { background: #b42318; color: #fff; border-color: #b42318; }
.status { font-size: 1.15em; font-weight: bold; }
.notice { border-left: 4px solid #12467b; padding-left: 10px; }
"""


def _document(request: Any) -> str:
    doc = request.document
    return ("*" * max(0, len(doc) - 4)) + doc[-4:]


def _cnpj(value: str) -> str:
    if len(value) != 14:
        return value
    return f"{value[:2]}.{value[2:5]}.{value[5:8]}/{value[8:12]}-{value[12:]}"


def render_page(request: Any, status: str, action_url: str, message: str = "") -> str:
    """The page of one consent request: the term while open, the outcome afterwards."""
    term = request.term
    operation = OPERATIONS.get(term.operation, term.operation)
    greeting = f"Olá, {escape(request.name)}." if request.name else "Olá."
    parts = [
        "<!doctype html><html lang='pt-BR'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>Termo de consentimento LGPD - {escape(operation)}</title><style>{STYLE}</style></head><body>",
        "<header><h1>LGPData - Portal de consentimento</h1></header><main>",
    ]
    if message:
        parts.append(f"<div class='card notice'><p>{escape(message)}</p></div>")
    parts.append(
        "<div class='card'>"
        f"<p>{greeting} Documento {escape(request.document_type)} {escape(_document(request))}.</p>"
        f"<p class='meta'>Termo de consentimento LGPD, operação <b>{escape(operation)}</b>, "
        f"versão <b>{escape(term.version)}</b>, CNPJ {escape(_cnpj(term.cnpj))}, bandeira {term.banner_id}.</p>"
        f"<div class='term' id='termo'>{escape(term.text)}</div>"
        f"<p class='meta'>SHA-256 do texto: <span class='hash'>{term.sha256}</span></p>"
        "</div>"
    )
    state = request.status
    parts.append(
        f"<div class='card'><p class='status' id='status'>Situação: {escape(STATUSES.get(status, status))}</p>"
        f"<p class='meta'>Solicitação {escape(request.token)}</p>"
    )
    form = f"<form method='post' action='{escape(action_url)}'>"
    if state == "pendente":
        parts.append(
            form
            + "<button class='accept' name='acao' value='aceitar' type='submit'>Aceito o termo</button>"
            + "<button class='refuse' name='acao' value='recusar' type='submit'>Recuso o termo</button>"
            + "</form>"
        )
    elif state == "substituida":
        parts.append("<p>Este link foi substituído por uma nova solicitação. Use o link mais recente.</p>")
    elif state == "expirado":
        parts.append("<p>O prazo para responder a esta solicitação terminou. Peça um novo link na loja.</p>")
    elif state == "cancelado":
        parts.append("<p>Esta solicitação foi cancelada pela loja.</p>")
    if state != "substituida":
        parts.append(
            "<p class='meta'>Você pode, a qualquer momento, pedir a exclusão dos seus dados ou a remoção "
            "do seu consentimento.</p>"
            + form
            + "<button name='acao' value='exclusao' type='submit'>Solicitar exclusão dos dados</button>"
            + "<button name='acao' value='remocao' type='submit'>Solicitar remoção do consentimento</button>"
            + "</form>"
        )
    parts.append("</div></main></body></html>")
    return "".join(parts)


def render_missing() -> str:
    return (
        "<!doctype html><html lang='pt-BR'><head><meta charset='utf-8'><title>LGPData</title>"
        f"<style>{STYLE}</style></head><body><header><h1>LGPData - Portal de consentimento</h1></header>"
        "<main><div class='card'><p>Link de consentimento inexistente ou inválido.</p></div></main></body></html>"
    )

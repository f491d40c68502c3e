"""How a consent status and its receipt read on screen (the LGPD tab and the link dialog)."""

from __future__ import annotations

from datetime import datetime


def _when(value: object) -> str:
    try:
        return f"{datetime.fromisoformat(str(value)):%d/%m/%Y %H:%M:%S}"
    except ValueError:
        return str(value or "?")


def receipt_lines(receipt: dict | None) -> list[str]:
    """The consent receipt: time, term version and hash, channel, request id."""
    if not receipt:
        return []
    digest = str(receipt.get("termo_sha256") or "")
    short = f"{digest[:12]}…{digest[-8:]}" if len(digest) > 24 else digest
    return [
        f"Comprovante: aceito em {_when(receipt.get('aceito_em'))}",
        f"Termo versão {receipt.get('termo_versao', '?')}, SHA-256 {short}",
        f"Canal: {receipt.get('canal', '?')}; solicitação {receipt.get('solicitacao_id', '?')}",
    ]


def checked_text(moment: datetime | None) -> str:
    return f"{moment:%d/%m/%Y %H:%M}" if moment else "nunca consultado"

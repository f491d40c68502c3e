"""What a consent status means for the person at the counter, in one sentence each: the
Consulta status of the consent-link dialog says this under the status (an accepted term shows
its receipt instead)."""

from __future__ import annotations

from domain.enums import ConsentStatus

MEANING: dict[ConsentStatus, str] = {
    ConsentStatus.ACCEPTED: "Termo aceito pelo cliente.",
    ConsentStatus.PENDING: "O cliente ainda não respondeu.",
    ConsentStatus.REFUSED: "O cliente recusou o termo.",
    ConsentStatus.CANCELLED: "A solicitação do termo foi cancelada.",
    ConsentStatus.EXPIRED: "A solicitação expirou sem resposta do cliente: solicite de novo.",
    ConsentStatus.NOT_ISSUED: "Nenhum termo foi solicitado a este cliente neste convênio.",
    ConsentStatus.DELETION_REQUESTED: "O cliente pediu a exclusão dos seus dados.",
    ConsentStatus.REVOCATION_REQUESTED: "O cliente pediu a remoção do consentimento.",
    ConsentStatus.UNKNOWN: "O portal não informou o status.",
}


def meaning(status: ConsentStatus) -> str:
    return MEANING[status]

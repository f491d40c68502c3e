"""The texts the Régua de Cobrança sends by default: the AVISO FINANCEIRO figures of the
specification (Figura 01, 02, 03), word for word; links without the document's angle brackets."""

from __future__ import annotations

RELEASED = "liberado"
MESSAGE = "mensagem"
PARTIAL_BLOCK = "bloqueio-parcial"
TOTAL_BLOCK = "bloqueio-total"
SITUATIONS = (RELEASED, MESSAGE, PARTIAL_BLOCK, TOTAL_BLOCK)

MESSAGE_TEXT = (
    "Informamos que existem valores em atraso pendentes com a Linx. Para evitar o bloqueio do "
    "produto nos próximos dias, realize o pagamento dos seus débitos.\n"
    "\n"
    "Este CNPJ possui faturas em aberto.\n"
    "\n"
    "Para gerar a 2ª via, acesse o link: https://www2.linx.com.br/Intranet\n"
    "\n"
    "Em caso de dúvidas, acesse:\n"
    "\n"
    "Portal do Cliente (https://suportelinx.my.site.com/PortalCliente/s/login/)\n"
    "\n"
    "Telefone: (11) 2103-4321 opção 2."
)

PARTIAL_BLOCK_TEXT = (
    "Informamos que ainda não identificamos o pagamento da licença do sistema. Dessa forma, a "
    "utilização está restrita somente ao módulo de Vendas. Em caso de dúvidas, entre em contato "
    "conosco.\n"
    "\n"
    "Portal do Cliente: https://suportelinx.my.site.com/PortalCliente/s/login/\n"
    "\n"
    "Telefone: (11) 2103-4321 opção 2."
)

TOTAL_BLOCK_TEXT = (
    "Informamos que ainda não identificamos o pagamento da licença do sistema. Dessa forma, o uso "
    "está bloqueado. Em caso de dúvidas, entre em contato conosco.\n"
    "\n"
    "Portal do Cliente: https://suportelinx.my.site.com/PortalCliente/s/login/\n"
    "\n"
    "Telefone: (11) 2103-4321 opção 2."
)

DEFAULT_MESSAGES = {
    RELEASED: "",
    MESSAGE: MESSAGE_TEXT,
    PARTIAL_BLOCK: PARTIAL_BLOCK_TEXT,
    TOTAL_BLOCK: TOTAL_BLOCK_TEXT,
}

DEFAULT_TRUST_DAYS = 3
DEFAULT_TRUST_MAX_PER_30_DAYS = 1
DEFAULT_REFUSAL = "Desbloqueio em confiança não autorizado para este CNPJ. Entre em contato com a Linx."

"""Domain enums (glossary names in code, Portuguese labels for the screen)."""

from __future__ import annotations

from enum import Enum


class LabeledEnum(str, Enum):
    """A str enum whose value is stored in the database and whose label is shown."""

    label: str

    def __new__(cls, value: str, label: str):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj


class Role(LabeledEnum):
    OPERATOR = ("operador", "Operador")
    SUPERVISOR = ("supervisor", "Supervisor")


class PersonType(LabeledEnum):
    PERSON = ("PF", "Pessoa Física")
    COMPANY = ("PJ", "Pessoa Jurídica")


class DocumentType(LabeledEnum):
    CPF = ("CPF", "CPF")
    CNPJ = ("CNPJ", "CNPJ")
    RG = ("RG", "RG")
    PASSPORT = ("PASSAPORTE", "Passaporte")
    OTHER = ("OUTRO", "Outro")


class BillingStatus(LabeledEnum):
    RELEASED = ("liberado", "Liberado")
    MESSAGE = ("mensagem", "Mensagem")
    PARTIAL_BLOCK = ("bloqueio-parcial", "Bloqueio Parcial")
    TOTAL_BLOCK = ("bloqueio-total", "Bloqueio Total")


class ConsentStatus(LabeledEnum):
    ACCEPTED = ("aceito", "Aceito")
    REFUSED = ("recusado", "Recusado")
    PENDING = ("pendente", "Pendente")
    CANCELLED = ("cancelado", "Cancelado")
    EXPIRED = ("expirado", "Expirado")
    NOT_ISSUED = ("nao_emitido", "Não emitido")
    DELETION_REQUESTED = ("solicitado_exclusao", "Solicitado a exclusão")
    REVOCATION_REQUESTED = ("solicitado_remocao", "Solicitado a remoção do consentimento")
    UNKNOWN = ("sem_status", "Sem status")


class ConsentRule(LabeledEnum):
    NONE = ("nenhuma", "Nenhuma ação")
    NOTIFY = ("notificar", "Notificar pendência")
    BLOCK = ("bloquear", "Bloquear venda")


class ConsentOperation(LabeledEnum):
    AGREEMENT = ("convenio", "Convênio")
    LOYALTY = ("fidelidade", "Fidelidade")
    LOYALTY_FEBRAFAR = ("fidelidade_febrafar", "Fidelidade Febrafar")


class PaymentMethod(LabeledEnum):
    CASH = ("dinheiro", "Dinheiro")
    CARD = ("cartao", "Cartão")
    CREDIT = ("convenio", "Convênio a prazo")


class PreSaleStatus(LabeledEnum):
    OPEN = ("aberta", "Aberta")
    FINALIZED = ("finalizada", "Finalizada")
    CANCELLED = ("cancelada", "Cancelada")


class ReceivableStatus(LabeledEnum):
    OPEN = ("aberto", "Aberto")
    PAID = ("pago", "Pago")


class Module(LabeledEnum):
    """The PDV's modules (programs) as the main menu lists them."""

    SALE = ("venda", "Venda")
    PRESALE = ("prevenda", "Pré-venda")
    RECEIVABLES = ("recebimento", "Recebimento de títulos")
    CUSTOMERS = ("clientes", "Clientes")
    AGREEMENTS = ("convenios", "Convênios")
    SETTINGS = ("parametros", "Parâmetros")
    AUDIT = ("auditoria", "Auditoria")


SALES_MODULES = frozenset({Module.SALE, Module.PRESALE, Module.RECEIVABLES})
"""What Bloqueio Parcial leaves usable: the sales programs and Recebimento de títulos."""

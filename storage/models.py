"""The tables of the PDV database. Money is integer cents in the database and Decimal (two
places) in the program, never float (MoneyField)."""

from __future__ import annotations

import peewee as pw

from domain.enums import (
    BillingStatus,
    ConsentOperation,
    ConsentRule,
    ConsentStatus,
    DocumentType,
    LabeledEnum,
    PaymentMethod,
    PersonType,
    PreSaleStatus,
    ReceivableStatus,
    Role,
)
from domain.money import from_cents, to_cents
from storage.db import database
from storage.secret_box import SealedField


def choices(enum: type[LabeledEnum]) -> list[tuple[str, str]]:
    """A column's values and their labels, from the vocabulary (domain.enums): the one list."""
    return [(member.value, member.label) for member in enum]


class BaseModel(pw.Model):
    class Meta:
        database = database
        legacy_table_names = False

    @classmethod
    def upsert(cls, **values) -> None:
        """Inserts the row, or updates the one with the same primary key: INSERT ... ON CONFLICT
        DO UPDATE, which SQLite and PostgreSQL both accept (peewee's replace() is SQLite's own)."""
        key = cls._meta.primary_key
        kept = [getattr(cls, name) for name in values if name != key.name]
        query = cls.insert(**values)
        if kept:
            query = query.on_conflict(conflict_target=[key], preserve=kept)
        else:
            query = query.on_conflict_ignore()
        query.execute()


class MoneyField(pw.BigIntegerField):
    """Money kept as integer cents (72.06 is 7206) and read back as Decimal with two places:
    exact on every engine, in sums and in an UPDATE's arithmetic alike (migration 8 converted
    the REAL/NUMERIC columns of older stores). An expression compared with or added to the
    column converts its value the same way."""

    def db_value(self, value):
        if value is None or isinstance(value, pw.Node):
            return value
        return to_cents(value)

    def python_value(self, value):
        if value is None:
            return None
        return from_cents(value)


def money_field(**kwargs) -> MoneyField:
    return MoneyField(**kwargs)


class SchemaVersion(BaseModel):
    """One row per applied migration."""

    version = pw.IntegerField(primary_key=True)
    applied_at = pw.DateTimeField()


class Setting(BaseModel):
    """Key/value settings of this PDV (current branch, app version, scenario name...)."""

    key = pw.CharField(primary_key=True)
    value = pw.TextField()


class Branch(BaseModel):
    """Filial. `cnpj` is stored compact (14 chars, letters allowed for the alphanumeric CNPJ)."""

    code = pw.IntegerField(unique=True)
    cnpj = pw.CharField(max_length=14, unique=True)
    name = pw.CharField()  # razão social
    trade_name = pw.CharField(default="")
    lgpd_enabled = pw.BooleanField(default=False)


class User(BaseModel):
    login = pw.CharField(unique=True)
    name = pw.CharField()
    role = pw.CharField(choices=choices(Role))
    password_hash = pw.CharField()
    failed_attempts = pw.IntegerField(default=0)
    locked_until = pw.DateTimeField(null=True)


class Product(BaseModel):
    code = pw.CharField(unique=True)
    ean = pw.CharField(unique=True)
    name = pw.CharField(index=True)
    price = money_field()
    search_name = pw.CharField(default="", index=True)
    """Kept by a trigger (migration 4): the name folded for search as you type."""


class Customer(BaseModel):
    code = pw.CharField(unique=True)
    name = pw.CharField(index=True)
    person_type = pw.CharField(choices=choices(PersonType))
    document_type = pw.CharField(null=True, choices=choices(DocumentType))
    document = pw.CharField(null=True, index=True)  # compact
    search_name = pw.CharField(default="", index=True)
    """Kept by a trigger (migration 4): the name folded for search as you type."""


class Agreement(BaseModel):
    """Convênio, with its LGPD parameters (Cliente Sem Aceite de Termo, Código operação)."""

    code = pw.CharField(unique=True)
    name = pw.CharField()
    agreement_type = pw.CharField()
    consent_rule = pw.CharField(default=ConsentRule.NONE.value, choices=choices(ConsentRule))
    consent_operation = pw.CharField(null=True, choices=choices(ConsentOperation))
    allows_credit = pw.BooleanField(default=False)  # convênio a prazo


class CustomerAgreement(BaseModel):
    """A customer linked to an agreement, with the LGPD term status known for that link."""

    customer = pw.ForeignKeyField(Customer, backref="agreement_links", on_delete="CASCADE")
    agreement = pw.ForeignKeyField(Agreement, backref="customer_links", on_delete="RESTRICT")
    consent_status = pw.CharField(default=ConsentStatus.NOT_ISSUED.value, choices=choices(ConsentStatus))
    consent_checked_at = pw.DateTimeField(null=True)
    consent_receipt = pw.TextField(null=True)  # JSON of the portal's consent receipt

    class Meta:
        indexes = ((("customer", "agreement"), True),)


class LgpdSettings(BaseModel):
    """Integração Portal LGPD of one branch. The secrets are kept to be sent, never shown; the
    API-KEY and the Senha are stored encrypted (storage.secret_box) and read back in clear."""

    branch = pw.ForeignKeyField(Branch, unique=True, on_delete="CASCADE")
    term_branch = pw.ForeignKeyField(Branch, null=True, on_delete="SET NULL")  # null: CNPJ specified
    term_cnpj = pw.CharField(max_length=14)
    lgpd_name = pw.CharField()
    banner_id = pw.IntegerField(default=0)
    api_key = SealedField()
    access = pw.CharField()
    password = SealedField()
    validity_days = pw.IntegerField(default=0)
    url = pw.CharField()


class BillingState(BaseModel):
    """The last Régua de Cobrança situation known for a CNPJ, used when the server fails."""

    cnpj = pw.CharField(max_length=14, primary_key=True)
    status = pw.CharField(choices=choices(BillingStatus))
    message = pw.TextField(default="")
    route = pw.CharField(default="")
    checked_at = pw.DateTimeField()


class Counter(BaseModel):
    """Sequential numbers (sale, pre-sale), taken inside the transaction that uses them."""

    name = pw.CharField(primary_key=True)
    value = pw.IntegerField(default=0)


class PreSale(BaseModel):
    number = pw.IntegerField(unique=True)
    branch = pw.ForeignKeyField(Branch)
    user = pw.ForeignKeyField(User)
    customer = pw.ForeignKeyField(Customer, null=True)
    agreement = pw.ForeignKeyField(Agreement, null=True)
    created_at = pw.DateTimeField()
    total = money_field()
    status = pw.CharField(default=PreSaleStatus.OPEN.value, choices=choices(PreSaleStatus))


class PreSaleItem(BaseModel):
    presale = pw.ForeignKeyField(PreSale, backref="items", on_delete="CASCADE")
    product = pw.ForeignKeyField(Product)
    quantity = pw.IntegerField()
    unit_price = money_field()
    total = money_field()


class Sale(BaseModel):
    number = pw.IntegerField(unique=True)
    branch = pw.ForeignKeyField(Branch)
    user = pw.ForeignKeyField(User)
    customer = pw.ForeignKeyField(Customer, null=True)
    agreement = pw.ForeignKeyField(Agreement, null=True)
    presale = pw.ForeignKeyField(PreSale, null=True, unique=True)
    created_at = pw.DateTimeField()
    total = money_field()
    payment_method = pw.CharField(choices=choices(PaymentMethod))
    amount_paid = money_field()
    change = money_field(default=0)


class SaleItem(BaseModel):
    sale = pw.ForeignKeyField(Sale, backref="items", on_delete="CASCADE")
    product = pw.ForeignKeyField(Product)
    quantity = pw.IntegerField()
    unit_price = money_field()
    total = money_field()


class Receivable(BaseModel):
    """Título a receber, born of a sale in convênio a prazo."""

    customer = pw.ForeignKeyField(Customer, backref="receivables")
    agreement = pw.ForeignKeyField(Agreement, null=True)
    sale = pw.ForeignKeyField(Sale, unique=True)
    issued_at = pw.DateTimeField()
    due_date = pw.DateField()
    amount = money_field()
    paid_amount = money_field(default=0)
    status = pw.CharField(default=ReceivableStatus.OPEN.value, choices=choices(ReceivableStatus))


class ReceivablePayment(BaseModel):
    receivable = pw.ForeignKeyField(Receivable, backref="payments")
    user = pw.ForeignKeyField(User)
    paid_at = pw.DateTimeField()
    amount = money_field()
    method = pw.CharField(choices=choices(PaymentMethod))  # dinheiro or cartão: core refuses convênio


class AuditEntry(BaseModel):
    """Append-only: triggers in the database refuse UPDATE and DELETE. Each entry is sealed in a
    hash chain (storage/audit_chain.py): `seq` numbers it, `hash` seals it to the one before."""

    at = pw.DateTimeField(index=True)
    user = pw.CharField(null=True)
    event = pw.CharField(index=True)
    detail = pw.TextField(default="")
    branch_cnpj = pw.CharField(null=True)
    sale_id = pw.IntegerField(null=True)
    seq = pw.IntegerField(null=True, unique=True)
    hash = pw.CharField(max_length=64, null=True)

    @classmethod
    def create(cls, **fields) -> AuditEntry:
        """Every entry joins the chain, whoever writes it: numbered and sealed under its lock."""
        from storage.audit_chain import append_entry

        return append_entry(**fields)


ALL_MODELS: list[type[BaseModel]] = [
    SchemaVersion,
    Setting,
    Branch,
    User,
    Product,
    Customer,
    Agreement,
    CustomerAgreement,
    LgpdSettings,
    BillingState,
    Counter,
    PreSale,
    PreSaleItem,
    Sale,
    SaleItem,
    Receivable,
    ReceivablePayment,
    AuditEntry,
]

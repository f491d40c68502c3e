"""Parâmetros > Configuração de integração > Integração Portal LGPD: load, validate, save, test.

Every rule of the document lives here; the form only shows what this module decides. Secrets
(API-KEY, Acesso, Senha) are stored to be sent to the portal (API-KEY and Senha encrypted, see
storage/secret_box.py) and never written to the audit: the audit says which fields changed, not
their values. They never go back to the screen either: a loaded form says which ones are saved
(`stored_secrets`), and a field left empty keeps the saved value.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from core.kernel.config import url_problem
from core.kernel.context import AppContext
from core.kernel.errors import RemoteFailure, ValidationError
from core.kernel.permissions import Action, requires
from core.kernel.session import Session
from core.lgpd.client import LgpdataClient
from core.lgpd.consent import portal_access
from domain.documents import DocumentError, compact_cnpj, format_cnpj
from domain.enums import ConsentOperation, ConsentRule, Module
from storage.models import Agreement, Branch, LgpdSettings
from storage.secret_box import UnreadableSecret

FIELD_LABELS = {
    "branch_id": "Filial",
    "term_branch_id": "Filial a ser utilizado o termo",
    "term_cnpj": "CNPJ do termo",
    "lgpd_name": "Nome LGPD",
    "banner_id": "Identificador de Bandeira",
    "api_key": "API-KEY",
    "access": "Acesso",
    "password": "Senha",
    "validity_days": "Validade (dias)",
    "url": "URL",
}
SECRET_FIELDS = {"api_key", "access", "password"}
MAX_NAME = 100
MAX_BANNER = 9999
MAX_VALIDITY = 3650


@dataclass
class LgpdSettingsForm:
    """The form as typed: numbers stay text until validated. term_branch_id None = Especificar CNPJ."""

    branch_id: int | None
    term_branch_id: int | None = None
    specify_cnpj: bool = False
    term_cnpj: str = ""
    lgpd_name: str = ""
    banner_id: str = "0"
    api_key: str = ""
    access: str = ""
    password: str = ""
    validity_days: str = "0"
    url: str = ""
    configured: bool = False
    """Whether the branch already had settings (loaded into the form)."""
    stored_secrets: frozenset[str] = frozenset()
    """The secrets (names in SECRET_FIELDS) saved for this branch: their fields come empty and,
    left empty, keep the saved value."""
    unreadable_secrets: frozenset[str] = frozenset()
    """Saved secrets this PDV's key cannot decrypt (saved by another PDV): to be typed again."""


@dataclass
class ConnectionResult:
    ok: bool
    lines: list[str] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)
    """Field name → message for the fields to correct (the credential the portal refused)."""

    connected: bool = False
    """The portal answered and accepted the credentials (the terms may still be missing)."""

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def outcome(self) -> str:
        """For the audit: ok, conectado com pendências (terms missing), or falhou."""
        if self.ok:
            return "ok"
        return "conectado com pendências" if self.connected else "falhou"

    @property
    def problem_text(self) -> str:
        """What went wrong, for the audit's detail: the failure, or the terms that are missing
        (never the line saying the connection itself is OK)."""
        if self.ok or not self.connected:
            return self.lines[0] if self.lines else ""
        return " ".join(line for line in self.lines[1:] if not line.startswith("Termos vigentes"))


def _secret_ok(value: str) -> bool:
    return value.isascii() and value.isprintable() and value == value.strip()


def validate(form: LgpdSettingsForm) -> dict[str, str]:
    """Field name → message, one per field that is wrong; empty when the form can be saved."""
    errors: dict[str, str] = {}
    branch = Branch.get_or_none(Branch.id == form.branch_id) if form.branch_id else None
    if branch is None:
        errors["branch_id"] = "Selecione a filial a configurar."
    elif not branch.lgpd_enabled:
        errors["branch_id"] = f"A filial {branch.code} não possui o produto LGPData liberado."
    if form.specify_cnpj:
        text = form.term_cnpj.strip()
        if not text:
            errors["term_cnpj"] = "Informe o CNPJ do termo (obrigatório ao especificar o CNPJ)."
        else:
            try:
                compact_cnpj(text)
            except DocumentError:
                errors["term_cnpj"] = f"CNPJ do termo inválido: {text}."
    elif form.term_branch_id is None or Branch.get_or_none(Branch.id == form.term_branch_id) is None:
        errors["term_branch_id"] = "Selecione a filial do termo ou a opção Especificar CNPJ."
    name = form.lgpd_name.strip()
    if not name:
        errors["lgpd_name"] = "Informe o Nome LGPD (nome usado na emissão dos termos)."
    elif len(name) > MAX_NAME:
        errors["lgpd_name"] = f"Nome LGPD com no máximo {MAX_NAME} caracteres."
    banner = form.banner_id.strip()
    if not banner:
        errors["banner_id"] = "Informe o Identificador de Bandeira (use 0 se não houver separação por bandeira)."
    elif not banner.isdigit() or int(banner) > MAX_BANNER:
        errors["banner_id"] = f"Identificador de Bandeira deve ser um número inteiro de 0 a {MAX_BANNER}."
    for key, what in (
        ("api_key", "a API-KEY (fornecida pelo Portal LGPD)"),
        ("access", "o Acesso (operador fornecido pelo Portal LGPD)"),
        ("password", "a Senha (chave fornecida pelo Portal LGPD)"),
    ):
        value = getattr(form, key)
        if not value and key in form.stored_secrets:
            continue  # left empty: the saved value stays
        if not value:
            errors[key] = f"Informe {what}."
        elif not _secret_ok(value):
            errors[key] = f"{FIELD_LABELS[key]}: use apenas caracteres ASCII visíveis, sem espaços nas pontas."
    days = form.validity_days.strip()
    if not days:
        errors["validity_days"] = "Informe a Validade (dias): 0 consulta o portal a cada venda."
    elif not days.isdigit() or int(days) > MAX_VALIDITY:
        errors["validity_days"] = f"Validade (dias) deve ser um número inteiro de 0 a {MAX_VALIDITY}."
    url = form.url.strip()
    if not url:
        errors["url"] = "Informe a URL do portal."
    elif (problem := url_problem(url)) is not None:
        errors["url"] = f"URL inválida: {problem}."
    return errors


def refused_credential(failure: RemoteFailure) -> dict[str, str]:
    """The credential field the portal named in a 401 (API-KEY, Acesso or Senha), with what to
    do about it; empty when the failure names none."""
    body = failure.body if isinstance(failure.body, dict) else {}
    label = body.get("credencial") if failure.status_code == 401 else None
    name = next((key for key in SECRET_FIELDS if FIELD_LABELS[key] == label), None)
    if name is None:
        return {}
    return {name: f"{label} recusado(a) pelo portal LGPData: confira e digite de novo."}


@dataclass(frozen=True)
class BranchChoice:
    """A branch as the settings form lists it (Filial, Filial a ser utilizado o termo)."""

    id: int
    code: int
    name: str
    trade_name: str
    cnpj: str


def _choices(query) -> list[BranchChoice]:
    return [BranchChoice(b.id, b.code, b.name, b.trade_name or "", b.cnpj) for b in query.order_by(Branch.code)]


class LgpdSettingsService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    # --- choices -----------------------------------------------------------------------------

    @requires(Action.LGPD_SETTINGS)
    def enabled_branches(self, session: Session) -> list[BranchChoice]:
        """Filial: only branches with the LGPData product."""
        session.require(Module.SETTINGS)
        return _choices(Branch.select().where(Branch.lgpd_enabled == True))  # noqa: E712

    @requires(Action.LGPD_SETTINGS)
    def disabled_branches(self, session: Session) -> list[BranchChoice]:
        session.require(Module.SETTINGS)
        return _choices(Branch.select().where(Branch.lgpd_enabled == False))  # noqa: E712

    @requires(Action.LGPD_SETTINGS)
    def all_branches(self, session: Session) -> list[BranchChoice]:
        """Filial a ser utilizado o termo: every branch of this database."""
        session.require(Module.SETTINGS)
        return _choices(Branch.select())

    @staticmethod
    def not_enabled_message(branches: list[BranchChoice]) -> str:
        names = ", ".join(f"{b.code} - {b.trade_name or b.name}" for b in branches)
        return (
            f"Filiais sem o produto LGPData liberado (não listadas): {names}. Para contratar o "
            "produto, entre em contato com o setor Comercial."
            if branches
            else ""
        )

    # --- load / save -------------------------------------------------------------------------

    @requires(Action.LGPD_SETTINGS)
    def load(self, session: Session, branch_id: int, default_url: str) -> LgpdSettingsForm:
        """The branch's saved settings, or the defaults the document gives (razão social, 0...)."""
        session.require(Module.SETTINGS)
        branch = Branch.get_by_id(branch_id)
        saved = LgpdSettings.get_or_none(LgpdSettings.branch == branch)
        if saved is None:
            return LgpdSettingsForm(
                branch_id=branch.id,
                term_branch_id=branch.id,
                term_cnpj=format_cnpj(branch.cnpj),
                lgpd_name=branch.name,
                url=default_url,
            )
        term_branch = saved.term_branch
        unreadable = frozenset(name for name in SECRET_FIELDS if isinstance(getattr(saved, name), UnreadableSecret))
        return LgpdSettingsForm(
            branch_id=branch.id,
            term_branch_id=term_branch.id if term_branch is not None else None,
            specify_cnpj=term_branch is None,
            term_cnpj=format_cnpj(saved.term_cnpj),
            lgpd_name=saved.lgpd_name,
            banner_id=str(saved.banner_id),
            validity_days=str(saved.validity_days),
            url=saved.url or default_url,
            configured=True,
            stored_secrets=frozenset(name for name in SECRET_FIELDS if getattr(saved, name)) - unreadable,
            unreadable_secrets=unreadable,
        )

    @staticmethod
    def with_stored_secrets(form: LgpdSettingsForm) -> LgpdSettingsForm:
        """The form with each secret left empty replaced by the branch's saved value (what Gravar
        keeps and Testar conexão sends). A secret that is not saved stays empty."""
        keep = [name for name in SECRET_FIELDS if not getattr(form, name) and name in form.stored_secrets]
        if not keep or form.branch_id is None:
            return form
        saved = LgpdSettings.get_or_none(LgpdSettings.branch == form.branch_id)
        values = {name: (getattr(saved, name) if saved is not None else "") for name in keep}
        return replace(form, **values, stored_secrets=frozenset())

    def term_cnpj_of(self, form: LgpdSettingsForm) -> str:
        """The CNPJ whose term is used: the one typed, or the chosen branch's (compact)."""
        if form.specify_cnpj:
            return compact_cnpj(form.term_cnpj.strip())
        return Branch.get_by_id(form.term_branch_id).cnpj

    @requires(Action.LGPD_SETTINGS)
    def save(self, session: Session, form: LgpdSettingsForm, default_url: str) -> list[str]:
        """Validates and stores; returns the labels of the fields that changed. ValidationError
        carries the first problem (the form shows each one beside its field)."""
        session.require(Module.SETTINGS)
        form = self.with_stored_secrets(form)
        errors = validate(form)
        if errors:
            raise ValidationError(next(iter(errors.values())))
        branch = Branch.get_by_id(form.branch_id)
        url = form.url.strip()
        values = {
            "term_branch": None if form.specify_cnpj else Branch.get_by_id(form.term_branch_id),
            "term_cnpj": self.term_cnpj_of(form),
            "lgpd_name": form.lgpd_name.strip(),
            "banner_id": int(form.banner_id.strip()),
            "api_key": form.api_key,
            "access": form.access,
            "password": form.password,
            "validity_days": int(form.validity_days.strip()),
            "url": "" if url == default_url.strip() else url,
        }
        with self.ctx.db.atomic():
            saved = LgpdSettings.get_or_none(LgpdSettings.branch == branch)
            created = saved is None
            if created:
                saved = LgpdSettings(branch=branch)
            changed = []
            for key, value in values.items():
                old = getattr(saved, key, None) if not created else None
                if key == "term_branch":
                    old = saved.term_branch_id if not created else None
                    value_id = value.id if value is not None else None
                    if created or old != value_id:
                        changed.append("term_branch_id")
                elif created or old != value:
                    changed.append(key)
                setattr(saved, key, value)
            saved.save()
        labels = [FIELD_LABELS[name] for name in changed]
        if labels:
            self.ctx.audit.record(
                "lgpd_parametros_criados" if created else "lgpd_parametros_alterados",
                {"filial": branch.code, "campos": ", ".join(labels)},
                user=session.login,
                branch_cnpj=session.branch_cnpj,
            )
        return labels

    # --- Testar conexão ----------------------------------------------------------------------

    @requires(Action.LGPD_SETTINGS)
    async def test_connection(self, session: Session, form: LgpdSettingsForm, default_url: str) -> ConnectionResult:
        """Checks the typed credentials and the terms against the portal, without saving."""
        session.require(Module.SETTINGS)
        form = self.with_stored_secrets(form)
        errors = validate(form)
        if errors:
            return ConnectionResult(
                False, [f"Corrija antes de testar: {message}" for message in errors.values()], errors
            )
        cnpj = self.term_cnpj_of(form)
        banner = int(form.banner_id.strip())
        try:
            url = form.url.strip()
            access = await portal_access(
                self.ctx,
                "" if url == default_url.strip() else url,
                form.api_key,
                form.access,
                form.password,
            )
            body = await LgpdataClient(access).test_connection(cnpj, banner)
        except RemoteFailure as failure:
            result = ConnectionResult(False, [f"Falha: {failure}"], refused_credential(failure))
        else:
            result = self._describe_terms(body, cnpj, banner)
        self.ctx.audit.record(
            "lgpd_teste_conexao",
            {
                "filial": Branch.get_by_id(form.branch_id).code,
                "resultado": result.outcome,
                "detalhe": result.problem_text,
            },
            user=session.login,
            branch_cnpj=session.branch_cnpj,
        )
        return result

    def _describe_terms(self, body: dict, cnpj: str, banner: int) -> ConnectionResult:
        terms = {t.get("operacao"): t for t in body["termos"] if isinstance(t, dict)}
        lines = ["Conexão OK: API-KEY, Acesso e Senha aceitos pelo portal."]
        where = f"CNPJ {format_cnpj(cnpj)}, bandeira {banner}"
        if terms:
            found = ", ".join(
                f"{ConsentOperation(op).label} (versão {t.get('versao', '?')})"
                for op, t in sorted(terms.items())
                if op in {o.value for o in ConsentOperation}
            )
            lines.append(f"Termos vigentes para {where}: {found}.")
        else:
            lines.append(f"Nenhum termo vigente no portal para {where}.")
        used: dict[str, list[str]] = {}
        for agreement in Agreement.select().where(Agreement.consent_rule != ConsentRule.NONE.value):
            if agreement.consent_operation:
                used.setdefault(agreement.consent_operation, []).append(agreement.code)
        missing = {op: codes for op, codes in used.items() if op not in terms}
        for op, codes in sorted(missing.items()):
            lines.append(
                f"Sem termo para a operação {ConsentOperation(op).label}, usada pelos convênios {', '.join(codes)}."
            )
        ok = not missing and bool(terms)
        if ok:
            lines.append("Todas as operações usadas pelos convênios têm termo vigente.")
        return ConnectionResult(ok, lines, connected=True)

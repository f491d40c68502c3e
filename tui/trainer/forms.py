"""The Painel do instrutor's small forms (modal, keyboard-only, 80x24): a CNPJ's situation and
trust-unlock rules, a customer's consent status, a new fault. Each checks what it can locally and
dismisses with what to change (or None on Esc); the panel makes the change in a worker."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from core.trainer.panel import BranchRow, ConsentRow, parse_options
from domain.enums import BillingStatus, ConsentStatus
from tui.common.form import FormRow
from tui.common.select import PdvSelect
from tui.text import one_line, plain

YES_NO = [("Não", False), ("Sim", True)]


class _Form(ModalScreen[Any]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancelar"),
        Binding("f2", "save", "Gravar"),
    ]

    def say(self, text: str) -> None:
        self.query_one(".form-message", Static).update(plain(text))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:  # pragma: no cover - each form defines it
        raise NotImplementedError


class BranchForm(_Form):
    """Situation, message and trust-unlock rules of one CNPJ (a new one when row.cnpj is "")."""

    def __init__(self, row: BranchRow) -> None:
        super().__init__()
        self.row = row
        self.is_default = row.cnpj == "*"

    def compose(self) -> ComposeResult:
        row = self.row
        title = "Novo CNPJ" if not row.cnpj else f"CNPJ {row.cnpj_text}"
        with Vertical(classes="dialog", id="panel-branch-form"):
            yield Static(plain(title), classes="dialog-title")
            if not row.cnpj:
                yield FormRow(
                    "CNPJ", Input(id="form-cnpj", placeholder="ex.: 12.345.678/9002-69", max_length=18, compact=True)
                )
            if self.is_default:
                yield Static("Demais CNPJs: só as regras do Desbloqueio em Confiança.", classes="hint")
            else:
                yield FormRow(
                    "Situação",
                    PdvSelect(
                        [(s.label, s) for s in BillingStatus],
                        value=row.situation,
                        allow_blank=False,
                        id="form-situation",
                        compact=True,
                    ),
                )
                yield FormRow(
                    "Mensagem (vazio: a padrão)",
                    Input(one_line(row.message), id="form-message", max_length=4000, compact=True),
                )
            yield FormRow(
                "Desbloqueio: dias",
                Input(str(row.days or 3), id="form-days", type="integer", max_length=3, compact=True),
            )
            yield FormRow(
                "Desbloqueio: vezes em 30 dias",
                Input(str(row.max_per_30_days), id="form-max", type="integer", max_length=4, compact=True),
            )
            yield FormRow(
                "Desbloqueio: recusar",
                PdvSelect(YES_NO, value=row.refuse, allow_blank=False, id="form-refuse", compact=True),
            )
            yield FormRow(
                "Motivo da recusa", Input(one_line(row.reason), id="form-reason", max_length=500, compact=True)
            )
            yield Static("", classes="form-message")
        yield Footer(compact=True, show_command_palette=False)  # its own keys, not the panel's below

    def on_mount(self) -> None:
        first = "#form-cnpj" if not self.row.cnpj else ("#form-days" if self.is_default else "#form-situation")
        self.query_one(first).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        """The Mensagem shown is the text of the situation in force (the server keeps the text it
        sends): a new situation with that text left untouched would go out with the old words, so
        it is emptied (the new situation's standard text); back to the first situation, it returns."""
        if event.select.id != "form-situation":
            return
        field = self.query_one("#form-message", Input)
        loaded = one_line(self.row.message)
        if event.value != self.row.situation and field.value == loaded:
            field.value = ""
            self.say(f"Mensagem: a padrão de {event.value.label}, se ficar vazia.")
        elif event.value == self.row.situation and field.value == "":
            field.value = loaded
            self.say("")

    def action_save(self) -> None:
        from domain.documents import DocumentError, compact_cnpj

        cnpj = self.row.cnpj
        if not cnpj:
            try:
                cnpj = compact_cnpj(self.query_one("#form-cnpj", Input).value.strip())
            except DocumentError as exc:
                self.say(f"! {exc}")
                return
        try:
            days = int(self.query_one("#form-days", Input).value or "0")
            most = int(self.query_one("#form-max", Input).value or "0")
        except ValueError:
            self.say("! Dias e vezes: números inteiros.")
            return
        if not 1 <= days <= 365 or not 0 <= most <= 1000:
            self.say("! Dias de 1 a 365; vezes de 0 a 1000.")
            return
        change: dict[str, Any] = {
            "cnpj": cnpj,
            "days": days,
            "max_per_30_days": most,
            "refuse": bool(self.query_one("#form-refuse", Select).value),
            "reason": self.query_one("#form-reason", Input).value.strip(),
        }
        if not self.is_default:
            change["situation"] = self.query_one("#form-situation", Select).value
            change["message"] = self.query_one("#form-message", Input).value.strip()
        self.dismiss(change)


class ConsentForm(ModalScreen[ConsentStatus | None]):
    """One of the portal's eight statuses for a customer's term (Enter picks, Esc cancels)."""

    BINDINGS = [Binding("escape", "cancel", "Cancelar")]

    def __init__(self, row: ConsentRow) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        row = self.row
        operation = row.operation.label if row.operation else "todas as operações"
        with Vertical(classes="dialog", id="panel-consent-form"):
            yield Static("Status do termo no portal", classes="dialog-title")
            yield Static(
                plain(
                    f"{one_line(row.customer) or 'Cliente'} ({one_line(row.document_text)}), {operation}.\n"
                    f"Hoje: {row.status.label}. Escolha o novo status:"
                ),
                classes="dialog-body",
            )
            yield OptionList(
                *[
                    Option(("> " if s is row.status else "  ") + s.label, id=s.value)
                    for s in ConsentStatus
                    if s is not ConsentStatus.UNKNOWN
                ],
                id="form-status",
            )
            yield Static("Enter Escolher   Esc Cancelar", classes="hint")
        yield Footer(compact=True, show_command_palette=False)  # its own keys, not the panel's below

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        options.highlighted = next(
            (
                i
                for i, s in enumerate([s for s in ConsentStatus if s is not ConsentStatus.UNKNOWN])
                if s is self.row.status
            ),
            0,
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(ConsentStatus(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)


class FaultForm(_Form):
    """Service, route, kind, options (key=value) and "the next N calls" of a new fault."""

    def __init__(
        self, routes: dict[str, list[str]], kinds: dict[str, str], service: str | None = None, route: str | None = None
    ) -> None:
        super().__init__()
        self.routes = routes
        self.kinds = kinds
        self.service = service if service in routes else next(iter(routes), None)
        self.route = route

    def _route_options(self, service: str | None) -> list[tuple[str, str]]:
        return [("* (todas)", "*")] + [(plain(one_line(name)), name) for name in self.routes.get(service or "", [])]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="panel-fault-form"):
            yield Static("Nova falha", classes="dialog-title")
            yield FormRow(
                "Serviço",
                PdvSelect(
                    [(plain(one_line(s)), s) for s in self.routes],
                    value=self.service,
                    allow_blank=False,
                    id="form-service",
                    compact=True,
                ),
            )
            routes = self._route_options(self.service)
            yield FormRow(
                "Rota",
                PdvSelect(
                    routes,
                    value=self.route if self.route in [value for _, value in routes] else "*",
                    allow_blank=False,
                    id="form-route",
                    compact=True,
                ),
            )
            yield FormRow(
                "Tipo",
                PdvSelect(
                    [(plain(one_line(f"{kind} ({label})")), kind) for kind, label in self.kinds.items()],
                    prompt="(selecione)",
                    id="form-kind",
                    compact=True,
                ),
            )
            yield FormRow(
                "Opções (chave=valor)", Input(id="form-options", placeholder="ex.: ms=5000  code=503", compact=True)
            )
            yield FormRow(
                "Só as próximas N chamadas",
                Input(id="form-count", type="integer", placeholder="vazio: sempre", compact=True),
            )
            yield Static(
                "delay ms=; random-delay min_ms= max_ms=; hang ms= (0 nunca); status code=; "
                "missing-fields fields=a,b; reset mode=rst|fin; dribble chunks= total_ms=",
                classes="hint",
            )
            yield Static("", classes="form-message")
        yield Footer(compact=True, show_command_palette=False)  # its own keys, not the panel's below

    def on_mount(self) -> None:
        self.query_one("#form-kind" if self.route else "#form-service").focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "form-service":
            self.query_one("#form-route", Select).set_options(self._route_options(str(event.value)))

    def action_save(self) -> None:
        kind = self.query_one("#form-kind", Select).value
        if not isinstance(kind, str):
            self.say("! Escolha o tipo da falha.")
            return
        try:
            options = parse_options(self.query_one("#form-options", Input).value)
        except ValueError as exc:
            self.say(f"! {exc}")
            return
        if isinstance(options.get("fields"), str):
            options["fields"] = [options["fields"]]
        count_text = self.query_one("#form-count", Input).value.strip()
        count = int(count_text) if count_text else None
        if count is not None and count < 1:
            self.say("! N: 1 ou mais (vazio: sempre).")
            return
        service = self.query_one("#form-service", Select).value
        if not isinstance(service, str):
            self.say("! Escolha o serviço.")
            return
        self.dismiss(
            {
                "service": service,
                "route": self.query_one("#form-route", Select).value,
                "kind": kind,
                "options": options,
                "count": count,
            }
        )

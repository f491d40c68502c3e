"""Cadastro > Convênio > Alteração especial: rule and operation for every agreement of the
chosen types, in one transaction, with the count of those that changed."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Select, SelectionList, Static

from core.kernel.errors import PdvError
from core.registry.agreements import AgreementService, check_parameters
from domain.enums import ConsentRule
from tui.common.base import PdvScreen
from tui.common.check_list import CheckList
from tui.common.confirm import ConfirmDialog
from tui.common.form import FormRow
from tui.common.message import MessageDialog
from tui.common.select import PdvSelect
from tui.registry.agreements import OPERATION_OPTIONS, RULE_OPTIONS, operation_of, rule_of
from tui.text import one_line, plain


class BulkUpdateScreen(PdvScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Voltar"), Binding("f2", "apply", "Aplicar")]

    def compose_body(self) -> ComposeResult:
        counts = AgreementService(self.app.context).type_counts(self.app.session)
        with Vertical(id="bulk-box"):
            yield Static("Convênios - Alteração especial", classes="screen-title")
            yield Static("Tipos de convênio (Espaço marca/desmarca):", classes="section-title")
            yield CheckList(
                *[(plain(f"{one_line(kind)} ({count})"), kind) for kind, count in counts.items()],
                id="bulk-types",
                compact=True,
            )
            yield FormRow(
                "Cliente Sem Aceite de Termo",
                PdvSelect(RULE_OPTIONS, id="bulk-rule", prompt="(selecione)", compact=True),
            )
            yield FormRow(
                "Código operação", PdvSelect(OPERATION_OPTIONS, id="bulk-operation", prompt="(selecione)", compact=True)
            )
            yield Static("", id="bulk-message", classes="form-message")
            with Horizontal(classes="form-buttons"):
                yield Button("Aplicar (F2)", id="bulk-apply", compact=True)
                yield Button("Voltar (Esc)", id="bulk-back", compact=True)

    def on_mount(self) -> None:
        self.query_one("#bulk-operation", Select).disabled = True
        self.query_one("#bulk-types", SelectionList).focus()

    @on(Select.Changed, "#bulk-rule")
    def rule_changed(self, event: Select.Changed) -> None:
        rule = rule_of(event.value)
        self.query_one("#bulk-operation", Select).disabled = rule in (None, ConsentRule.NONE)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "bulk-apply":
            self.action_apply()
        else:
            self.app.pop_screen()

    def say(self, text: str) -> None:
        self.query_one("#bulk-message", Static).update(plain(text))

    def action_apply(self) -> None:
        types = list(self.query_one("#bulk-types", SelectionList).selected)
        rule = rule_of(self.query_one("#bulk-rule", Select).value)
        operation = operation_of(self.query_one("#bulk-operation", Select).value)
        if not types:
            self.say("Selecione ao menos um tipo de convênio.")
            self.query_one("#bulk-types").focus()
            return
        problems = check_parameters(rule, operation)
        self.query_one("#bulk-rule").parent.set_problem(problems.get("rule"))
        self.query_one("#bulk-operation").parent.set_problem(problems.get("operation"))
        if problems:
            self.say(next(iter(problems.values())))
            self.query_one("#bulk-rule" if "rule" in problems else "#bulk-operation").focus()
            return
        service = AgreementService(self.app.context)
        total = service.count_of_types(self.app.session, types)
        what = rule.label + (f", operação {operation.label}" if rule is not ConsentRule.NONE else "")
        question = f"Aplicar {what} aos {total} convênio(s) dos tipos {', '.join(types)}?"

        def answered(yes: bool | None) -> None:
            if not yes:
                self.say("Alteração especial cancelada.")
                return
            try:
                changed = service.bulk_update(self.app.session, types, rule, operation)
            except PdvError as exc:
                self.say(str(exc))
                return
            text = f"{changed} convênio(s) alterado(s) de {total} dos tipos escolhidos."
            self.say(text)
            self.app.push_screen(MessageDialog("Alteração especial", text))

        self.app.push_screen(ConfirmDialog("Alteração especial", question, "Aplicar"), answered)

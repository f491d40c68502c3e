"""Identify the customer: search by name, CPF/CNPJ or code as you type, then pick the agreement
among the customer's (or sell without a customer)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from core.kernel.errors import PdvError
from core.registry.search import AgreementView, CustomerView
from tui.text import cut, one_line, plain


@dataclass(frozen=True)
class CustomerChoice:
    customer_id: int | None
    agreement_id: int | None


NO_CUSTOMER = CustomerChoice(None, None)


class CustomerDialog(ModalScreen[CustomerChoice | None]):
    BINDINGS = [
        Binding("down", "move(1)", "", show=False),
        Binding("up", "move(-1)", "", show=False),
        Binding("f3", "no_customer", "Sem cliente"),
        Binding("escape", "back", "Voltar"),
    ]

    def __init__(
        self,
        find: Callable[[str], list[CustomerView]],
        agreements_of: Callable[[int], list[AgreementView]],
        *,
        allow_none: bool = True,
        title: str = "Identificar cliente",
        limit: int = 8,
    ) -> None:
        super().__init__()
        self.find = find
        self.agreements_of = agreements_of
        self.allow_none = allow_none
        self.title_text = title
        self.limit = limit
        self.customers: list[CustomerView] = []
        self.agreements: list[AgreementView] = []
        self.customer: CustomerView | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="customer-dialog"):
            yield Static(plain(self.title_text), classes="dialog-title")
            yield Label("Nome, CPF/CNPJ ou código", id="customer-label")
            yield Input(id="customer-query", max_length=60, placeholder="digite para buscar")
            yield OptionList(id="customer-results", compact=True)
            yield Static("", id="customer-message", classes="hint-text")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#customer-query", Input).focus()
        self.say("Digite ao menos 2 letras do nome, ou o CPF/CNPJ, ou o código.")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "no_customer":
            return self.allow_none and self.customer is None
        return True

    def say(self, text: str) -> None:
        self.query_one("#customer-message", Static).update(plain(text))

    # --- step 1: the customer ---------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._search(event.value)

    def _search(self, value: str) -> None:
        text = value.strip()
        results = self.query_one("#customer-results", OptionList)
        results.clear_options()
        self.customers = []
        if len(text) < 2 and not text.isdigit():
            self.say("Digite ao menos 2 letras do nome, ou o CPF/CNPJ, ou o código.")
            return
        try:
            self.customers = self.find(text)
        except PdvError as exc:
            self.say(str(exc))
            return
        for customer in self.customers:
            label = Text.assemble(
                (f"{one_line(customer.code):>6} ", "dim"),
                cut(one_line(customer.name), 36).ljust(37),
                (one_line(customer.document_label), "dim"),
            )
            results.add_option(Option(label))
        if self.customers:
            results.highlighted = 0
            if len(self.customers) >= self.limit:
                self.say(f"Os primeiros {self.limit} clientes: digite mais para filtrar. Enter confirma.")
            else:
                self.say(f"{len(self.customers)} cliente(s). Setas escolhem, Enter confirma.")
        else:
            self.say(f'Nenhum cliente encontrado para "{text}".')

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._pick()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#customer-results", OptionList).highlighted = event.option_index
        self._pick()

    def action_move(self, delta: int) -> None:
        results = self.query_one("#customer-results", OptionList)
        if results.option_count:
            current = results.highlighted if results.highlighted is not None else -1
            results.highlighted = max(0, min(results.option_count - 1, current + delta))

    def _pick(self) -> None:
        results = self.query_one("#customer-results", OptionList)
        index = results.highlighted
        if self.customer is None:
            if index is None or not 0 <= index < len(self.customers):
                self.say("Escolha um cliente da lista (ou F3 para vender sem cliente).")
                return
            self._customer_picked(self.customers[index])
            return
        if index is None or not 0 <= index < len(self.agreements):
            self.say("Escolha um convênio da lista.")
            return
        self.dismiss(CustomerChoice(self.customer.id, self.agreements[index].id))

    # --- step 2: the agreement --------------------------------------------------------------

    def _customer_picked(self, customer: CustomerView) -> None:
        try:
            self.agreements = self.agreements_of(customer.id)
        except PdvError as exc:
            self.say(str(exc))
            return
        if len(self.agreements) <= 1:
            agreement = self.agreements[0].id if self.agreements else None
            self.dismiss(CustomerChoice(customer.id, agreement))
            return
        self.customer = customer
        query = self.query_one("#customer-query", Input)
        query.display = False
        self.query_one("#customer-label", Label).update(plain(f"Convênio de {one_line(customer.name)}"))
        results = self.query_one("#customer-results", OptionList)
        results.clear_options()
        for agreement in self.agreements:
            results.add_option(Option(Text.assemble(one_line(agreement.name).ljust(34), (agreement.rule.label, "dim"))))
        results.highlighted = 0
        results.focus()
        self.say("Setas escolhem o convênio, Enter confirma, Esc volta à busca.")
        self.refresh_bindings()

    def action_no_customer(self) -> None:
        self.dismiss(NO_CUSTOMER)

    def action_back(self) -> None:
        if self.customer is None:
            self.dismiss(None)
            return
        self.customer = None
        query = self.query_one("#customer-query", Input)
        query.display = True
        self.query_one("#customer-label", Label).update("Nome, CPF/CNPJ ou código")
        query.focus()
        self._search(query.value)
        self.refresh_bindings()

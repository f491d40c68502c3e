"""What Venda and Pré-venda share on screen: the customer and agreement (with the LGPD check
run in a worker when they are set), ringing up products with search as you type, quantity,
removing a line, the running total. Subclasses say how the sale ends (payment, or saving)."""

from __future__ import annotations

import re

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from core.kernel.errors import PdvError
from core.kernel.money import format_money
from core.lgpd.decision import ConsentDecision, SaleOrigin, Step
from core.lgpd.sale_check import ConsentFlow
from core.sales.cart_service import CartService
from core.sales.draft import ConsentOutcome, Draft
from domain.enums import ConsentStatus
from tui.common.base import PdvScreen
from tui.common.errors import unexpected
from tui.common.message import MessageDialog
from tui.common.yes_no import YesNoDialog
from tui.lgpd.dialog import ConsentDialog, ConsentResult
from tui.sales.cart_table import CartTable
from tui.sales.customer_dialog import CustomerChoice, CustomerDialog
from tui.text import cut, one_line, plain

SUGGESTIONS = 6
SUGGESTION_NAME = 50
SUGGESTION_FRAME = 2 + 7 + 1 + 12 + 2
"""Around a name in the product list: its margins, the code, a space, the price, the scrollbar."""
QUANTITY_PREFIX = re.compile(r"^\s*(-?[\d.,]+)\s*\*\s*(.*)$")
OUTCOME_TEXT = {
    ConsentOutcome.NOT_REQUIRED: "sem exigência",
    ConsentOutcome.ACCEPTED: "Aceito",
    ConsentOutcome.CONTINUED_WITHOUT_TERM: "continuou sem termo",
    ConsentOutcome.RELEASED: "liberada por supervisor",
    ConsentOutcome.ABORTED: "abortada",
}


def suggestion_query(value: str) -> str:
    """What the product search is asked for `value` typed in Produto: the text after a quantity
    prefix (3*...), when it has 2 characters or more or is digits; '' for no search."""
    match = QUANTITY_PREFIX.match(value)
    text = (match.group(2) if match else value).strip()
    return text if len(text) >= 2 or text.isdigit() else ""


def suggestion_name_width(screen_width: int, names: list[str]) -> int:
    """How wide the names are in the product list: 50 (the prices in one column), more when a
    name listed is longer and the screen has room, less on a screen too narrow for 50."""
    room = screen_width - SUGGESTION_FRAME
    return max(10, min(room, max([SUGGESTION_NAME, *map(len, names)])))


def fit(text: str, width: int) -> str:
    """`text` in exactly `width` cells: padded, or cut with "…"."""
    return cut(text, width).ljust(width)


class CartScreen(PdvScreen):
    """Subclasses set NAME (what is being built) and implement `make_service` and `finish`."""

    NAME = "Venda"
    CUSTOMER_KEYS = [Binding("f2", "customer", "Cliente")]
    LINE_KEYS = [
        Binding("f4", "quantity", "Qtd"),
        Binding("f8", "remove_line", "Remover"),
    ]
    LEAVE_KEYS = [
        Binding("f6", "cancel", "Cancelar"),
        Binding("escape", "leave", "Voltar"),
        Binding("down", "move(1)", "", show=False),
        Binding("up", "move(-1)", "", show=False),
    ]
    BINDINGS: list[Binding] = []  # each subclass orders them for its Footer

    class ConsentChecked(Message):
        def __init__(self, draft: Draft, decision: ConsentDecision | None, error: str | None = None) -> None:
            super().__init__()
            self.draft = draft
            self.decision = decision
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self.service: CartService = self.make_service()
        self.flow = ConsentFlow(self.app.context)
        self.draft: Draft = self.service.new_draft(self.app.session)
        self.suggestions: list = []
        self._search_pending = False
        """Produto changed while more keys were on their way: its list is not looked up yet."""
        self.message = ""
        self.in_progress = False

    def make_service(self) -> CartService:
        raise NotImplementedError

    @property
    def session(self):
        return self.app.session

    # --- layout -------------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        yield Static("", id="sale-title", classes="sale-title")
        yield Static("", id="sale-customer", classes="sale-customer")
        with Horizontal(id="entry-row"):
            yield Label("Qtd", classes="entry-label")
            yield Input("1", id="entry-quantity", max_length=8, compact=True)
            yield Label("Produto", classes="entry-label")
            yield Input(
                id="entry-product",
                max_length=60,
                compact=True,
                placeholder="código, EAN ou nome (3*código = 3 unidades)",
            )
        yield OptionList(id="entry-suggestions", compact=True)
        table = CartTable(id="cart-table", cursor_type="row", zebra_stripes=True)
        table.can_focus = False  # typing stays in the product field; arrows move the cursor
        yield table
        yield Static("", id="sale-total", classes="sale-total")

    def on_mount(self) -> None:
        self.query_one("#entry-suggestions", OptionList).display = False
        self.refresh_all()
        self.query_one("#entry-product", Input).focus()

    def on_resize(self, event) -> None:
        self.refresh_cart()  # the columns and the total line fit the new width

    def on_unmount(self) -> None:
        if self.in_progress:
            self.app.sale_finished()

    # --- showing the draft --------------------------------------------------------------------

    def refresh_all(self) -> None:
        self.refresh_title()
        self.refresh_customer()
        self.refresh_cart()

    def refresh_title(self) -> None:
        self.query_one("#sale-title", Static).update(Text(self.NAME, style="bold"))

    def refresh_customer(self) -> None:
        self.track_progress()
        draft = self.draft
        widget = self.query_one("#sale-customer", Static)
        if draft.customer is None:
            widget.update("Cliente: (venda sem cliente) - F2 identifica o cliente")
            return
        text = f"Cliente: {draft.customer.code} {draft.customer.name} ({draft.customer.document_label})"
        if draft.agreement is None:
            widget.update(plain(text + "\nConvênio: (nenhum)"))
            return
        gate = draft.gate
        if gate is None:
            lgpd = "sem exigência"
        elif gate.outcome is None:
            checking = gate.decision is None or gate.decision.step == Step.QUERY
            # the status as the portal named it (Cancelado, Sem status...): the dialog says the rest
            lgpd = "verificando..." if checking else (gate.status or ConsentStatus.UNKNOWN).label
        elif draft.origin == SaleOrigin.PRESALE_FINALIZE:
            lgpd = f"verificado na pré-venda {draft.presale_number}"
        else:
            lgpd = OUTCOME_TEXT[gate.outcome]
            if gate.released_by:
                lgpd += f" ({gate.released_by})"
        widget.update(plain(f"{text}\nConvênio: {draft.agreement.name} | LGPD: {lgpd}"))

    def refresh_cart(self) -> None:
        table = self.query_one("#cart-table", CartTable)
        # the table spans the screen: its columns fit the terminal's width, the name takes the rest
        table.show_lines(
            [
                (
                    str(index),
                    one_line(line.code),
                    one_line(line.name),
                    str(line.quantity),
                    format_money(line.unit_price),
                    format_money(line.total),
                )
                for index, line in enumerate(self.draft.cart.lines, start=1)
            ],
            room=self.app.size.width,
        )
        cart = self.draft.cart
        amount = Text.assemble(("TOTAL  R$ ", "bold"), (format_money(cart.total).rjust(14), "bold"))
        # its amount ends under the Total column (the line's own padding is one cell)
        counted = f"{len(cart.lines)} item(ns), {cart.item_count} unidade(s)"
        total = Text.assemble(counted.ljust(table.right_edge() - 1 - len(amount)), amount)
        # the last line in view first, and the total with it: never a frame with one but not the other
        table.show_last_line(then=lambda: self.query_one("#sale-total", Static).update(total))
        self.track_progress()

    def track_progress(self) -> None:
        """Tells the app when a sale starts (first item or customer) and when it ends, so a
        billing re-check waits for the sale instead of interrupting it."""
        now = self.draft.in_progress
        if now and not self.in_progress:
            self.app.sale_started()
        elif self.in_progress and not now:
            self.app.sale_finished()
        self.in_progress = now

    # --- ringing up ---------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "entry-product":
            return
        event.stop()
        keys = getattr(self.app, "keys", None)
        if keys is not None and keys.keys_waiting():
            # more keys are on their way (the rest of a scan, typing ahead): the next one would
            # replace this list at once, so only what they leave in the field is looked up
            if not self._search_pending:
                self._search_pending = True
                keys.when_quiet(self._show_pending_suggestions)
            return
        self._show_suggestions(event.input.value)

    def _show_pending_suggestions(self) -> None:
        if self._search_pending and self.is_attached:
            self._show_suggestions(self.query_one("#entry-product", Input).value)

    def _show_suggestions(self, value: str) -> None:
        """Search as you type: the products matching what is in Produto, the first highlighted;
        "nenhum produto encontrado" when the text searched finds nothing."""
        self._search_pending = False
        query = suggestion_query(value)
        found = []
        searched = bool(query)
        if query:
            try:
                found = self.service.find_products(self.session, query, limit=SUGGESTIONS)
            except PdvError as exc:
                self.say(str(exc))
                searched = False
        options = self.query_one("#entry-suggestions", OptionList)
        if not found and not searched and not self.suggestions and not options.display:
            return  # nothing shown and nothing to show
        options.clear_options()
        self.suggestions = found
        name_width = suggestion_name_width(self.app.size.width, [one_line(p.name) for p in found])
        for product in found:
            options.add_option(
                Option(
                    Text.assemble(
                        (f"{one_line(product.code):>6} ", "dim"),
                        fit(one_line(product.name), name_width),
                        " ",
                        f"R$ {format_money(product.price):>9}",
                    )
                )
            )
        if searched and not found:
            # said where the cashier is looking, as they type; Enter still tries the text as typed
            options.add_option(Option(Text("nenhum produto encontrado", style="italic"), disabled=True))
        options.display = bool(found) or searched
        if found:
            options.highlighted = 0

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "entry-quantity":
            self.query_one("#entry-product", Input).focus()
            return
        self.add_from_entry()

    def add_from_entry(self) -> None:
        product_input = self.query_one("#entry-product", Input)
        quantity_input = self.query_one("#entry-quantity", Input)
        text, quantity = product_input.value, quantity_input.value
        match = QUANTITY_PREFIX.match(text)
        if match:
            quantity, text = match.group(1), match.group(2)
        if not text.strip():
            self.say("Digite o código, o EAN ou o nome do produto.")
            return
        options = self.query_one("#entry-suggestions", OptionList)
        typed_ahead = self._search_pending
        try:
            if typed_ahead:
                # typed ahead of its list (a scan): what the list would have highlighted first
                query = suggestion_query(product_input.value)
                product = self.service.first_product(self.session, query) if query else None
            elif self.suggestions and options.highlighted is not None:
                product = self.suggestions[options.highlighted]
            else:
                product = None
            if product is not None:
                line = self.service.add_product(self.session, self.draft, product.id, quantity)
            else:
                line = self.service.add_item(self.session, self.draft, text, quantity)
        except PdvError as exc:
            if typed_ahead:
                self._show_suggestions(product_input.value)  # the list, as if typed slowly
            self.say(str(exc))
            # kept for correction, but selected: the next scan or typing replaces it
            product_input.select_all()
            return
        product_input.value = ""
        quantity_input.value = "1"
        self.refresh_cart()
        self.say(f"{line.quantity} x {line.name} adicionado.")

    def action_move(self, delta: int) -> None:
        if self._search_pending:
            self._show_pending_suggestions()
        options = self.query_one("#entry-suggestions", OptionList)
        if options.display and options.option_count:
            current = options.highlighted if options.highlighted is not None else -1
            options.highlighted = max(0, min(options.option_count - 1, current + delta))
            return
        table = self.query_one("#cart-table", DataTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + delta)))

    def action_quantity(self) -> None:
        self.query_one("#entry-quantity", Input).focus()

    def action_remove_line(self) -> None:
        table = self.query_one("#cart-table", DataTable)
        if not table.row_count:
            self.say("Não há itens para remover.")
            return
        try:
            line = self.service.remove_line(self.session, self.draft, table.cursor_row)
        except PdvError as exc:
            self.say(str(exc))
            return
        self.refresh_cart()
        self.say(f"Item removido: {line.quantity} x {line.name}.")

    # --- customer and the LGPD check ----------------------------------------------------------

    def action_customer(self) -> None:
        if self.draft.presale_id is not None:
            self.say(f"O cliente desta venda vem da pré-venda {self.draft.presale_number}.")
            return
        self.app.push_screen(
            CustomerDialog(
                lambda text: self.service.find_customers(self.session, text, limit=8),
                lambda customer_id: self.service.agreements_of(self.session, customer_id),
            ),
            self.customer_chosen,
        )

    def customer_chosen(self, choice: CustomerChoice | None) -> None:
        if choice is None:
            return
        try:
            self.service.set_customer(self.session, self.draft, choice.customer_id, choice.agreement_id)
        except PdvError as exc:
            self.say(str(exc))
            return
        self.refresh_customer()
        self.say("")
        if self.draft.gate is not None:
            self.start_consent_check()

    def start_consent_check(self) -> None:
        self.say("Verificando o termo LGPD do cliente...")
        self.refresh_customer()
        self._check(self.draft)

    @work(exclusive=True, group="consent-check", exit_on_error=False)
    async def _check(self, draft: Draft) -> None:
        try:
            decision = await self.flow.check(self.session, draft)
        except PdvError as exc:
            self.post_message(self.ConsentChecked(draft, None, str(exc)))
            return
        except Exception as exc:  # never a traceback at the counter
            self.post_message(self.ConsentChecked(draft, None, unexpected(exc)))
            return
        self.post_message(self.ConsentChecked(draft, decision))

    def on_cart_screen_consent_checked(self, message: ConsentChecked) -> None:
        if message.draft is not self.draft:
            return  # a sale that is gone, or a customer changed meanwhile
        if message.error:
            self.say(f"Verificação LGPD: {message.error}")
            return
        self.refresh_customer()
        self.show_decision(message.decision)

    def show_decision(self, decision: ConsentDecision | None) -> None:
        """Shows what core decided: nothing, or the dialog for the cashier's choice."""
        from tui.lgpd.block import BlockDialog
        from tui.lgpd.document import AskDocumentDialog
        from tui.lgpd.notify import NotifyDialog

        dialogs = {
            Step.NOTIFY: NotifyDialog,
            Step.BLOCK: BlockDialog,
            Step.BLOCK_WITH_RELEASE: BlockDialog,
            Step.ASK_DOCUMENT: AskDocumentDialog,
        }
        if decision is None or decision.step == Step.PROCEED:
            self.say(f"LGPD: {decision.reason}." if decision else "")
        elif decision.step in dialogs:
            self.say(f"LGPD: {decision.reason} - escolha uma opção no aviso.")
            self.app.push_screen(dialogs[decision.step](self.flow, self.session, self.draft), self.consent_closed)

    def on_consent_dialog_status_changed(self, message: ConsentDialog.StatusChanged) -> None:
        """A Consulta status in the open LGPD dialog: the header and the status line show the new
        status."""
        message.stop()
        if message.draft is self.draft:
            self.refresh_customer()
            gate = self.draft.gate  # the status line says the status just read, as the dialog does
            if gate is not None and gate.decision is not None and not gate.cleared:
                self.say(f"LGPD: {gate.decision.reason} - escolha uma opção no aviso.")

    def consent_closed(self, result: str | None) -> None:
        from tui.lgpd.document import SAVED

        if result == SAVED:
            self.refresh_customer()
            self.start_consent_check()
            return
        if result == ConsentResult.ABORTED:
            self.start_new(f"{self.NAME} abortada: cliente sem termo LGPD aceito.")
            return
        self.refresh_customer()
        messages = {
            ConsentResult.ACCEPTED: "LGPD: termo aceito, a venda segue.",
            ConsentResult.CONTINUED: "LGPD: venda segue sem termo (registrado na auditoria).",
            ConsentResult.RELEASED: f"LGPD: venda liberada pelo supervisor {self.draft.gate.released_by}.",
        }
        self.say(messages.get(result, ""))
        self.query_one("#entry-product", Input).focus()

    def consent_ready(self) -> bool:
        """May the sale end now? Tells the cashier why not."""
        gate = self.draft.gate
        if gate is None or gate.cleared:
            return True
        if gate.decision is None or gate.decision.step == Step.QUERY:
            self.say("Aguarde a verificação do termo LGPD do cliente.")
        else:
            self.say("Termo LGPD pendente: escolha uma opção no aviso LGPD.")
            self.show_decision(gate.decision)
        return False

    # --- starting over and leaving ------------------------------------------------------------

    def start_new(self, message: str = "") -> None:
        self.workers.cancel_group(self, "consent-check")
        try:
            self.draft = self.service.new_draft(self.session)
        except PdvError as exc:  # the module was locked meanwhile (Régua de Cobrança)
            self.app.pop_screen()
            self.app.push_screen(MessageDialog(self.NAME, str(exc)))
            return
        self.query_one("#entry-product", Input).value = ""
        self.query_one("#entry-quantity", Input).value = "1"
        self.refresh_all()
        self.say(message)
        self.query_one("#entry-product", Input).focus()

    def discard(self, reason: str) -> None:
        try:
            self.service.discard(self.session, self.draft, reason)
        except PdvError as exc:
            self.say(str(exc))

    def action_cancel(self) -> None:
        if not self.draft.in_progress:
            self.say(f"Nada a cancelar: a {self.NAME.lower()} está vazia.")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.discard("cancelada pelo operador")
                self.start_new(f"{self.NAME} cancelada.")

        self.app.push_screen(
            YesNoDialog(
                f"Cancelar {self.NAME.lower()}",
                f"Descartar a {self.NAME.lower()} em andamento?",
                yes="Cancelar venda",
                no="Continuar",
            ),
            answered,
        )

    def action_leave(self) -> None:
        options = self.query_one("#entry-suggestions", OptionList)
        product_input = self.query_one("#entry-product", Input)
        if options.display or product_input.value:
            product_input.value = ""
            options.display = False
            return
        if not self.draft.in_progress:
            self.app.pop_screen()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.discard("operador saiu da tela")
                self.app.pop_screen()

        self.app.push_screen(
            YesNoDialog(
                "Sair",
                f"Há uma {self.NAME.lower()} em andamento. Descartar e voltar ao menu?",
                yes="Descartar e sair",
                no="Continuar",
            ),
            answered,
        )

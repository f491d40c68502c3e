"""Convênios (F6): the agreement list, one agreement's LGPD parameters, and Alteração especial.

The list fits the terminal's width and never scrolls sideways: the code, the type, the rule and
the operation as wide as their widest cell (the type at most TYPE_MOST, Fidelidade Febrafar
shortened to Febrafar), and the name gets the room left; a name cut ends in "…" and is whole on
the agreement's own screen (Enter).
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Select, Static

from core.kernel.errors import PdvError
from core.kernel.permissions import Action, refusal
from core.registry.agreements import AgreementDetails, AgreementService, check_parameters
from domain.enums import ConsentOperation, ConsentRule
from tui.common.base import PdvScreen
from tui.common.columns import Column, fit_widths, table_room
from tui.common.form import FormRow
from tui.common.select import PdvSelect
from tui.text import cut, one_line, plain

RULE_OPTIONS = [(rule.label, rule.value) for rule in ConsentRule]
OPERATION_OPTIONS = [(op.label, op.value) for op in ConsentOperation]

# The list's word for an operation whose label is long (the agreement's screen names it whole):
# FEBRA (Fidelidade Febrafar) and FID01 (Fidelidade) must not read alike where the column ends.
SHORT_OPERATION = {ConsentOperation.LOYALTY_FEBRAFAR: "Febrafar"}
LIST_COLUMNS = (
    Column("Código"),
    Column("Nome", 12),
    Column("Tipo", most=12),
    Column("Sem aceite de termo"),
    Column("Operação"),
)
NAME = 1
STORED = 3
"""The code, the name and the type are stored text (never markup, cut with "…"); the rule and
the operation are the list's own words."""


def list_row(agreement: AgreementDetails) -> tuple[str, ...]:
    """One agreement as the list shows it (uncut): code, name, type, rule, operation."""
    operation = agreement.consent_operation
    return (
        one_line(agreement.code),
        one_line(agreement.name),
        one_line(agreement.agreement_type),
        agreement.consent_rule.label,
        SHORT_OPERATION.get(operation, operation.label) if operation else "-",
    )


def list_widths(room: int, rows: Sequence[Sequence[str]], cell_padding: int = 1) -> tuple[int, ...]:
    """The width of each column of a table `room` cells wide: the name the rest, up to its
    longest (tui.common.columns). The last column's right padding may fall past the edge: it is
    blank, and the table never scrolls sideways (pdv.tcss), so it is cut off unseen."""
    return fit_widths(room, LIST_COLUMNS, rows, NAME, cell_padding=cell_padding, edge=cell_padding)


def rule_of(value) -> ConsentRule | None:
    return None if value is Select.NULL else ConsentRule(value)


def operation_of(value) -> ConsentOperation | None:
    return None if value is Select.NULL else ConsentOperation(value)


class AgreementsScreen(PdvScreen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Voltar"),
        Binding("enter", "open", "Abrir", show=True),
        Binding("f4", "bulk", "Alteração especial"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static("Convênios", classes="screen-title")
        yield DataTable(id="agreements-table", cursor_type="row", zebra_stripes=True)
        yield Static("Enter abre o convênio (2-Parâmetros > LGPD); F4 Alteração especial.", classes="hint")

    def __init__(self) -> None:
        super().__init__()
        self.agreements: list[AgreementDetails] = []
        self._widths: tuple[int, ...] = ()

    def on_mount(self) -> None:
        self.refresh_rows()
        self.query_one("#agreements-table", DataTable).focus()

    def on_screen_resume(self) -> None:
        self.refresh_rows()

    def on_resize(self, event: events.Resize) -> None:
        self.fill_table()  # the columns fit the new width

    def refresh_rows(self) -> None:
        """Reads the agreements again and shows them."""
        self.agreements = AgreementService(self.app.context).list(self.app.session)
        self._widths = ()
        self.fill_table()

    def fill_table(self) -> None:
        """The list in columns that fit the table's width (drawn again when the widths change);
        the highlight stays on its row."""
        table = self.query_one("#agreements-table", DataTable)
        rows = [list_row(agreement) for agreement in self.agreements]
        widths = list_widths(table_room(table, len(rows), self.app.size.width), rows, table.cell_padding)
        if widths == self._widths:
            return
        self._widths = widths
        row = table.cursor_row
        table.clear(columns=True)
        for column, width in zip(LIST_COLUMNS, widths):
            table.add_column(column.label, width=width)
        for agreement, cells in zip(self.agreements, rows):
            stored = [plain(cut(text, width)) for text, width in zip(cells[:STORED], widths)]
            table.add_row(*stored, *cells[STORED:], key=str(agreement.id))
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1), animate=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.app.push_screen(AgreementScreen(int(event.row_key.value)))

    def action_open(self) -> None:
        table = self.query_one("#agreements-table", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            self.app.push_screen(AgreementScreen(int(key.value)))

    def action_bulk(self) -> None:
        from tui.common.message import MessageDialog
        from tui.registry.bulk_update import BulkUpdateScreen

        refused = refusal(self.app.session, Action.BULK_UPDATE)
        if refused:
            self.app.push_screen(MessageDialog("Alteração especial", refused))
            return
        self.app.push_screen(BulkUpdateScreen())


class AgreementScreen(PdvScreen):
    """Cadastro de convênio, its 2-Parâmetros > LGPD part."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Voltar"), Binding("f2", "save", "Gravar")]

    def __init__(self, agreement_id: int) -> None:
        super().__init__()
        self.agreement_id = agreement_id

    def compose_body(self) -> ComposeResult:
        agreement = AgreementService(self.app.context).get(self.app.session, self.agreement_id)
        with Vertical(id="agreement-box"):
            yield Static(plain(f"Convênio {agreement.code} - {agreement.name}"), classes="screen-title")
            yield Static(
                plain(
                    f"Tipo: {agreement.agreement_type}    Venda a prazo: {'sim' if agreement.allows_credit else 'não'}"
                ),
                id="agreement-info",
            )
            yield Static("2-Parâmetros > LGPD", classes="section-title")
            yield FormRow(
                "Cliente Sem Aceite de Termo",
                PdvSelect(
                    RULE_OPTIONS,
                    id="agreement-rule",
                    allow_blank=False,
                    value=agreement.consent_rule.value,
                    compact=True,
                ),
            )
            yield FormRow(
                "Código operação",
                PdvSelect(
                    OPERATION_OPTIONS,
                    id="agreement-operation",
                    prompt="(selecione)",
                    value=agreement.consent_operation.value if agreement.consent_operation else Select.NULL,
                    compact=True,
                ),
            )
            yield Static("", id="agreement-rule-help", classes="hint")
            yield Static("", id="agreement-message", classes="form-message")
            with Horizontal(classes="form-buttons"):
                yield Button("Gravar (F2)", id="agreement-save", compact=True)
                yield Button("Voltar (Esc)", id="agreement-back", compact=True)

    def on_mount(self) -> None:
        self.sync_operation(rule_of(self.query_one("#agreement-rule", Select).value))
        refused = refusal(self.app.session, Action.AGREEMENT_RULES)
        if refused:  # core refuses the change; the form shows the values and says why
            for widget_id in ("#agreement-rule", "#agreement-operation", "#agreement-save"):
                self.query_one(widget_id).disabled = True
            self.query_one("#agreement-message", Static).update(refused)
            self.query_one("#agreement-back", Button).focus()
            return
        self.query_one("#agreement-rule", Select).focus()

    @on(Select.Changed, "#agreement-rule")
    def rule_changed(self, event: Select.Changed) -> None:
        self.sync_operation(rule_of(event.value))

    def sync_operation(self, rule: ConsentRule | None) -> None:
        """Código operação is asked only when the rule is not Nenhuma ação."""
        operation = self.query_one("#agreement-operation", Select)
        operation.disabled = rule in (None, ConsentRule.NONE)
        help_text = {
            ConsentRule.NONE: "Nenhuma ação: nas vendas deste convênio não se verifica o termo LGPD.",
            ConsentRule.NOTIFY: "Notificar pendência: a venda avisa quando o cliente não tem o termo aceito.",
            ConsentRule.BLOCK: "Bloquear venda: a venda exige o termo LGPD aceito.",
        }.get(rule, "")
        self.query_one("#agreement-rule-help", Static).update(help_text)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "agreement-save":
            self.action_save()
        else:
            self.app.pop_screen()

    def action_save(self) -> None:
        rule = rule_of(self.query_one("#agreement-rule", Select).value)
        operation = operation_of(self.query_one("#agreement-operation", Select).value)
        problems = check_parameters(rule, operation)
        self.query_one("#agreement-operation").parent.set_problem(problems.get("operation"))
        message = self.query_one("#agreement-message", Static)
        if problems:
            message.update(next(iter(problems.values())))
            self.query_one("#agreement-operation", Select).focus()
            return
        try:
            AgreementService(self.app.context).set_consent_parameters(
                self.app.session, self.agreement_id, rule, operation
            )
        except PdvError as exc:
            message.update(plain(exc))
            return
        if rule is ConsentRule.NONE:
            self.query_one("#agreement-operation", Select).clear()
        message.update("Parâmetros LGPD do convênio gravados.")

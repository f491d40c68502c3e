"""Painel do instrutor (F12; demo mode or a logged-in supervisor): the remote services' state and
live changes to it, in three tabs that fit 80x24.

- Licença: each CNPJ's situation, message and Desbloqueio em Confiança rules (the PDV's own CNPJ
  marked "este PDV"); Enter changes the highlighted one, F3 adds a CNPJ (a student's).
- LGPD: each customer's term status per operation on the portal; Enter picks a new status.
- Falhas: the faults in force; F3 sets one (Enter: on the highlighted route), F4 removes it.
F5 reads everything again; F9 puts every service back to the scenario. Every call runs in a
worker through core.trainer.panel; a failure is told in words in the panel's message line.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from core.kernel.errors import PdvError
from core.trainer.panel import BranchRow, InstructorService, WorldView
from domain.enums import ConsentOperation, ConsentStatus
from tui.common.base import PdvScreen
from tui.common.columns import Column, fit_widths, table_room
from tui.text import cut, one_line, plain

TABS = ["panel-license", "panel-lgpd", "panel-faults"]
SHORT_STATUS = {
    ConsentStatus.DELETION_REQUESTED: "Solic. exclusão",
    ConsentStatus.REVOCATION_REQUESTED: "Solic. remoção consent.",
}
CONSENT_COLUMNS = (Column("Cliente", 22), Column("Documento"), Column("Operação"), Column("Status"))
SHORT_OPERATION = {
    ConsentOperation.AGREEMENT: "Convênio",
    ConsentOperation.LOYALTY: "Fidelidade",
    ConsentOperation.LOYALTY_FEBRAFAR: "Febrafar",
}


class InstructorPanel(PdvScreen):
    BINDINGS = [
        Binding("escape", "close", "Voltar"),
        # priority: the focused DataTable's own Enter (not shown) would hide this one from the
        # key bar and F1; a click on a row still changes it (on_data_table_row_selected)
        Binding("enter", "change", "Alterar", priority=True),
        Binding("f3", "add", "Novo"),
        Binding("f4", "remove", "Remover"),
        Binding("f5", "reload", "Atualizar"),
        Binding("f6", "next_tab", "Guia"),
        Binding("f9", "reset", "Cenário"),
    ]

    class Read(Message):
        """The services' state read by `_read`, with what to say before its problems."""

        def __init__(self, view: WorldView, said: str) -> None:
            super().__init__()
            self.view = view
            self.said = said

    class Changed(Message):
        """A change ran by `_run_change` ended: what it said (done, or why not)."""

        def __init__(self, said: str) -> None:
            super().__init__()
            self.said = said

    def __init__(self) -> None:
        super().__init__()
        self.view = WorldView()
        self.busy = False

    def compose_body(self) -> ComposeResult:
        yield Static("Painel do instrutor", id="panel-title", classes="screen-title")
        with TabbedContent(id="panel-tabs"):
            with TabPane("Licença", id="panel-license"):
                yield DataTable(id="panel-branches", cursor_type="row", zebra_stripes=False)
                yield Static("", id="panel-license-note", classes="hint")
            with TabPane("LGPD", id="panel-lgpd"):
                yield DataTable(id="panel-consents", cursor_type="row")
                yield Static("", id="panel-consent-note", classes="hint")
            with TabPane("Falhas", id="panel-faults"):
                yield DataTable(id="panel-fault-table", cursor_type="row")
        yield Static("Lendo os serviços simulados...", id="panel-message", classes="form-message")

    def on_mount(self) -> None:
        branches = self.query_one("#panel-branches", DataTable)
        branches.add_columns("CNPJ", "Situação", "Desbloqueio", "Liberado até")
        self.query_one("#panel-consents", DataTable).add_columns(*(column.label for column in CONSENT_COLUMNS))
        self.query_one("#panel-fault-table", DataTable).add_columns("Serviço", "Rota", "Falha")
        branches.focus()
        self.action_reload()

    # --- reading ----------------------------------------------------------------------------

    def service(self) -> InstructorService:
        return InstructorService(self.app.context)

    def say(self, text: str) -> None:
        self.query_one("#panel-message", Static).update(plain(text))

    def action_reload(self) -> None:
        self._read()

    @work(exclusive=True, group="panel-read", exit_on_error=False)
    async def _read(self, said: str = "") -> None:
        view = await self.service().read(self.app.session)
        self.post_message(self.Read(view, said))  # dropped if the panel was closed (Esc) meanwhile

    def on_instructor_panel_read(self, message: Read) -> None:
        view = message.view
        self.view = view
        self._show(view)
        problems = [text for text in (view.license_error, view.lgpdata_error, view.faults_error) if text]
        self.say(" ".join([message.said, *problems]).strip() or f"Cenário do mundo remoto: {view.scenario or '?'}.")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id != "panel-consents":
            return
        consents = self.view.consents
        row = consents[event.cursor_row] if 0 <= event.cursor_row < len(consents) else None
        self.query_one("#panel-consent-note", Static).update(
            plain(f"{one_line(row.customer)}: {row.status.label}") if row is not None and row.customer else ""
        )

    def _show(self, view: WorldView) -> None:
        table = self.query_one("#panel-branches", DataTable)
        row_at = table.cursor_row
        table.clear()
        for row in view.branches:
            cnpj = row.cnpj_text + (" (este PDV)" if row.mine else "")
            table.add_row(
                plain(one_line(cnpj)),
                row.situation.label,
                plain(one_line(row.rules_text)),
                plain(one_line(_day(row.grant_until))),
            )
        if view.license_error:
            table.add_row("(License Server)", "sem resposta", "", "")
        table.move_cursor(row=min(row_at, max(table.row_count - 1, 0)))
        mine = next((r for r in view.branches if r.mine), None)
        note = self.query_one("#panel-license-note", Static)
        # the whole text the server sends, as one paragraph (the form's field shows only its start)
        note.update(plain(f"Mensagem: {' '.join(one_line(mine.message).split())}" if mine and mine.message else ""))

        consents = self.query_one("#panel-consents", DataTable)
        row_at = consents.cursor_row
        consents.clear()
        cells = [
            (
                one_line(row.customer) or "-",
                one_line(row.document_text),
                SHORT_OPERATION.get(row.operation, "-"),
                SHORT_STATUS.get(row.status, row.status.label),
            )
            for row in view.consents
        ]
        # the names take the room the other columns leave; the highlighted one is whole below
        room = table_room(consents, len(cells), self.app.size.width)
        width = fit_widths(room, CONSENT_COLUMNS, cells, 0, cell_padding=consents.cell_padding)[0]
        for name, document, operation, status in cells:
            consents.add_row(plain(cut(name, width)), plain(document), operation, status)
        if view.lgpdata_error:
            consents.add_row("(Portal LGPData)", "sem resposta", "", "")
        consents.move_cursor(row=min(row_at, max(consents.row_count - 1, 0)))

        faults = self.query_one("#panel-fault-table", DataTable)
        faults.clear()
        for fault in view.faults:
            faults.add_row(
                plain(one_line(fault.get("service", ""))),
                plain(one_line(fault.get("route", ""))),
                plain(one_line(_fault_text(fault))),
            )
        if not view.faults:
            faults.add_row(
                "-", "-", "nenhuma falha em vigor" if not view.faults_error else plain(one_line(view.faults_error)[:50])
            )

    # --- tabs -------------------------------------------------------------------------------

    def _tab(self) -> str:
        return self.query_one("#panel-tabs", TabbedContent).active

    def action_next_tab(self) -> None:
        tabs = self.query_one("#panel-tabs", TabbedContent)
        tabs.active = TABS[(TABS.index(tabs.active) + 1) % len(TABS)]
        table_id = {
            "panel-license": "#panel-branches",
            "panel-lgpd": "#panel-consents",
            "panel-faults": "#panel-fault-table",
        }[tabs.active]
        self.query_one(table_id, DataTable).focus()

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tab = self._tab() if self.is_mounted else TABS[0]
        if action == "remove":
            return tab == "panel-faults"
        if action == "add":
            return tab in ("panel-license", "panel-faults")
        return True

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_change()

    # --- changes ----------------------------------------------------------------------------

    def _cursor(self, table_id: str, rows: list):
        table = self.query_one(table_id, DataTable)
        if not rows or table.cursor_row >= len(rows):
            return None
        return rows[table.cursor_row]

    def action_change(self) -> None:
        from tui.trainer.forms import BranchForm, ConsentForm

        tab = self._tab()
        if tab == "panel-license":
            row = self._cursor("#panel-branches", self.view.branches)
            if row is None:
                self.say(self.view.license_error or "Nenhum CNPJ para alterar.")
                return
            self.app.push_screen(BranchForm(row), self._branch_changed)
        elif tab == "panel-lgpd":
            row = self._cursor("#panel-consents", self.view.consents)
            if row is None:
                self.say(self.view.lgpdata_error or "Nenhum cliente com termo para alterar.")
                return
            self.app.push_screen(ConsentForm(row), lambda status, row=row: self._consent_changed(row, status))
        else:
            fault = self._cursor("#panel-fault-table", self.view.faults)
            self._new_fault(fault.get("service") if fault else None, fault.get("route") if fault else None)

    def action_add(self) -> None:
        from tui.trainer.forms import BranchForm

        tab = self._tab()
        if tab == "panel-license":
            template = next((r for r in self.view.branches if r.cnpj == "*"), None)
            blank = BranchRow("", template.situation if template else _released(), "", 3, 1, False, "", None)
            if template:
                blank.days, blank.max_per_30_days, blank.refuse, blank.reason = (
                    template.days,
                    template.max_per_30_days,
                    template.refuse,
                    template.reason,
                )
            self.app.push_screen(BranchForm(blank), self._branch_changed)
        elif tab == "panel-faults":
            self._new_fault(None, None)

    def _new_fault(self, service: str | None, route: str | None) -> None:
        from tui.trainer.forms import FaultForm

        if self.view.faults_error or not self.view.fault_routes:
            self.say(self.view.faults_error or "Os serviços simulados não informaram as rotas (F5 atualiza).")
            return
        self.app.push_screen(FaultForm(self.view.fault_routes, self.view.fault_kinds, service, route), self._fault_set)

    def action_remove(self) -> None:
        fault = self._cursor("#panel-fault-table", self.view.faults)
        if fault is None:
            self.say("Nenhuma falha em vigor para remover.")
            return
        self._apply(lambda s: s.clear_faults(self.app.session, fault["service"], fault["route"]))

    def action_reset(self) -> None:
        from tui.common.confirm import ConfirmDialog

        name = self.view.scenario or "do mundo remoto"
        text = (
            f"Voltar License Server, portal LGPData e falhas ao cenário {name}? "
            "Tudo o que foi alterado no painel se perde."
        )
        self.app.push_screen(
            ConfirmDialog("Voltar ao cenário", text, "Voltar ao cenário"),
            lambda yes: yes and self._apply(lambda s: s.reset(self.app.session, self.view.scenario or None)),
        )

    def _branch_changed(self, change: dict | None) -> None:
        if not change:
            return

        async def do(service: InstructorService) -> str:
            said = []
            cnpj = change["cnpj"]
            if "situation" in change:
                said.append(await service.set_situation(self.app.session, cnpj, change["situation"], change["message"]))
            said.append(
                await service.set_trust_rules(
                    self.app.session,
                    None if cnpj == "*" else cnpj,
                    change["days"],
                    change["max_per_30_days"],
                    change["refuse"],
                    change["reason"],
                )
            )
            return " ".join(said)

        self._apply(do)

    def _consent_changed(self, row, status) -> None:
        if status is not None:
            self._apply(lambda s: s.set_consent(self.app.session, row, status))

    def _fault_set(self, change: dict | None) -> None:
        if change:
            self._apply(
                lambda s: s.set_fault(
                    self.app.session,
                    change["service"],
                    change["route"],
                    change["kind"],
                    change["options"],
                    change["count"],
                )
            )

    def _apply(self, step) -> None:
        if self.busy:
            self.say("Aguarde: a alteração anterior ainda está em andamento.")
            return
        self.busy = True
        self.say("Alterando...")
        self._run_change(step)

    @work(exclusive=True, group="panel-change", exit_on_error=False)
    async def _run_change(self, step) -> None:
        try:
            said = await step(self.service())
        except PdvError as exc:
            said = f"Não alterado: {exc}"
        except Exception as exc:  # noqa: BLE001 - the panel says it in words, never a traceback
            from core.kernel.error_log import log_unexpected

            log_unexpected(exc, "Painel do instrutor")
            said = f"Não alterado: erro inesperado ({exc.__class__.__name__})."
        finally:
            self.busy = False
        self.post_message(self.Changed(said))  # dropped if the panel was closed meanwhile

    def on_instructor_panel_changed(self, message: Changed) -> None:
        self._read(message.said)

    def action_close(self) -> None:
        self.app.pop_screen()


def _day(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        year, month, day = str(iso)[:10].split("-")
    except ValueError:  # the server's text, shown as it came
        return str(iso)
    return f"{day}/{month}/{year}"


def _released():
    from domain.enums import BillingStatus

    return BillingStatus.RELEASED


def _fault_text(fault: dict) -> str:
    """The fault without its service and route (the table's first columns show them)."""
    from core.trainer.faults import describe

    text = describe(fault)
    return text.split(": ", 1)[1] if ": " in text else text

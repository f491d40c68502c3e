"""One audit entry whole, from Auditoria (Enter): date, user, event and the detail wrapped, read
as data (a "[x]" in it shows as typed). Esc closes it; the arrows scroll a long detail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from domain.documents import format_cnpj, is_valid_cnpj
from tui.text import one_line, plain


@dataclass(frozen=True)
class AuditView:
    """What Auditoria shows of an entry (never a database row in a dialog)."""

    number: int | None
    at: datetime
    user: str
    event: str
    detail: str
    branch_cnpj: str = ""
    sale_id: int | None = None

    @classmethod
    def of(cls, entry) -> AuditView:
        return cls(
            entry.seq,
            entry.at,
            one_line(entry.user),
            one_line(entry.event),
            entry.detail or "",
            cnpj_shown(entry.branch_cnpj),
            entry.sale_id,
        )


def cnpj_shown(value: str | None) -> str:
    """A stored CNPJ as people write it (12.345.678/0001-95); as stored when it is not one."""
    if not value:
        return ""
    return format_cnpj(value) if is_valid_cnpj(value) else one_line(value)


def field(label: str, value: str) -> Text:
    return Text.assemble((f"{label}: ", "bold"), plain(value))


class AuditDetailDialog(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "close", "Fechar"),
        Binding("down", "scroll(1)", "Rolar"),
        Binding("up", "scroll(-1)", "", show=False),
        Binding("pagedown", "scroll(8)", "", show=False),
        Binding("pageup", "scroll(-8)", "", show=False),
    ]

    def __init__(self, entry: AuditView) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        entry = self.entry
        title = "Entrada da auditoria" + (f" nº {entry.number}" if entry.number is not None else "")
        with Vertical(classes="dialog", id="audit-detail"):
            yield Static(title, classes="dialog-title")
            yield Static(field("Data/hora", f"{entry.at:%d/%m/%Y %H:%M:%S}"))
            yield Static(field("Usuário", entry.user or "(nenhum)"))
            yield Static(field("Evento", entry.event))
            if entry.branch_cnpj:
                yield Static(field("CNPJ da filial", entry.branch_cnpj))
            if entry.sale_id is not None:
                yield Static(field("Venda", str(entry.sale_id)))
            yield Static(Text("Detalhe:", style="bold"))
            with VerticalScroll(id="audit-detail-scroll") as scroll:
                scroll.can_focus = False  # the arrows below scroll it; Esc closes
                yield Static(plain(entry.detail or "(sem detalhe)"), id="audit-detail-text")
        yield Footer(compact=True, show_command_palette=False)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#audit-detail-scroll", VerticalScroll).scroll_relative(y=lines, animate=False, immediate=True)

    def action_close(self) -> None:
        self.dismiss(None)

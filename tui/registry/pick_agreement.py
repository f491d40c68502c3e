"""Choose one agreement to link to a customer (Enter picks, Esc cancels)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from core.registry.agreements import AgreementDetails
from tui.text import one_line, plain


class PickAgreementDialog(ModalScreen[int | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancelar")]

    def __init__(self, agreements: list[AgreementDetails]) -> None:
        super().__init__()
        self.agreements = agreements

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Vincular convênio", classes="dialog-title")
            # names whole, in one column as wide as the longest; a longer one than the dialog
            # holds wraps (the option list wraps its lines) rather than being cut
            width = max((len(one_line(a.name)) for a in self.agreements), default=0)
            yield OptionList(
                *[
                    Option(
                        plain(f"{one_line(a.code):<8} {one_line(a.name):<{width}} {a.consent_rule.label}"), id=str(a.id)
                    )
                    for a in self.agreements
                ],
                id="pick-agreement",
            )
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#pick-agreement", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)

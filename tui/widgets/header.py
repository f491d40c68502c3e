"""The top line of every screen: branch, user, the student and its CNPJ in classroom mode, date,
and the TREINAMENTO marker in demo mode."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.widgets import Static

from tui.text import plain


class PdvHeader(Horizontal):
    DEFAULT_CSS = """
    PdvHeader { height: 1; dock: top; background: $primary; color: $text; }
    PdvHeader #header-where { width: 1fr; padding: 0 1; }
    PdvHeader #header-when { width: auto; padding: 0 1; }
    PdvHeader #header-student { width: auto; padding: 0 1; text-style: bold; }
    PdvHeader #header-demo { width: auto; padding: 0 1; background: $warning; color: ansi_black; text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        yield Static("PDV", id="header-where")
        if self.app.config.student is not None:
            yield Static("", id="header-student")
        yield Static("", id="header-when")
        if self.app.demo:
            yield Static("TREINAMENTO", id="header-demo")

    def on_mount(self) -> None:
        self.refresh_text()
        self.set_interval(30, self.refresh_text)

    def refresh_text(self) -> None:
        app = self.app
        ctx = app.context
        parts = [app.branch_label] if ctx is not None else ["PDV"]
        if app.session is not None:
            parts.append(app.session.user_name)
        when = f"{ctx.clock.now():%d/%m/%Y %H:%M}" if ctx is not None else ""
        try:
            self.query_one("#header-where", Static).update(plain(" | ".join(parts)))
            self.query_one("#header-when", Static).update(when)
            if app.config.student is not None and ctx is not None:
                from core.classroom import student_label

                self.query_one("#header-student", Static).update(
                    plain(student_label(app.config.student, ctx.branch_cnpj))
                )
        except NoMatches:
            pass  # a screen torn down (app closing) before its header's Mount was handled

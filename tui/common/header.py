"""The top line of every screen: branch, user, the student and its CNPJ in classroom mode, date,
and the TREINAMENTO marker in demo mode.

It is one line on an 80-column terminal too: when everything does not fit, the date and the
student's CNPJ are shortened first, then the user's name, so the store, the cashier and the
student are always there (`fit_header`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.widgets import Static

from tui.text import one_line, plain

PADDING = 2
"""Each piece of the header has one blank cell on either side."""
DEMO_MARKER = "TREINAMENTO"


@dataclass(frozen=True)
class HeaderText:
    where: str
    student: str = ""
    when: str = ""

    def width(self, demo: bool) -> int:
        pieces = [self.where, self.student, self.when, DEMO_MARKER if demo else ""]
        return sum(cell_len(piece) + PADDING for piece in pieces if piece)


def short_name(name: str) -> str:
    """First and last name: "Ana Paula Ramos" -> "Ana Ramos"."""
    words = name.split()
    return f"{words[0]} {words[-1]}" if len(words) > 2 else name


def first_name(name: str) -> str:
    words = name.split()
    return words[0] if words else name


def short_student(label: str) -> str:
    """ "Aluno 12 · 12.345.678/9012-30" -> "Aluno 12 · …/9012-30": the CNPJ's root is the store's,
    the same for the whole class; what follows it is the student's own."""
    who, _, cnpj = label.partition(" · ")
    return f"{who} · …{cnpj[cnpj.index('/') :]}" if "/" in cnpj else label


def fit_header(
    width: int, store: str, user: str | None, now: datetime | None, demo: bool, student: str = ""
) -> HeaderText:
    """The header's texts for a terminal `width` cells wide: everything when it fits, else the
    first of these shortenings that fits: the date without the year, the user's first and last
    name, the time alone, the student's CNPJ without the store's root, no clock, the user's first
    name; and at last the store's name cut with "…"."""

    def where(store_text: str, user_text: str | None) -> str:
        return " | ".join(part for part in (store_text, user_text) if part)

    def tries() -> Iterator[HeaderText]:
        text = HeaderText(where(store, user), student, f"{now:%d/%m/%Y %H:%M}" if now else "")
        yield text
        text = replace(text, when=f"{now:%d/%m %H:%M}" if now else "")
        yield text
        if user:
            text = replace(text, where=where(store, short_name(user)))
            yield text
        text = replace(text, when=f"{now:%H:%M}" if now else "")
        yield text
        if student:
            text = replace(text, student=short_student(student))
            yield text
        text = replace(text, when="")
        yield text
        if user:
            text = replace(text, where=where(store, first_name(user)))
            yield text

    last = HeaderText("")
    for last in tries():
        if last.width(demo) <= width:
            return last
    tail = f" | {first_name(user)}" if user else ""
    room = max(1, width - (last.width(demo) - len(last.where)) - len(tail))
    store_cut = store if len(store) <= room else store[: max(room - 1, 0)] + "…"
    return replace(last, where=store_cut + tail)


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
            yield Static(DEMO_MARKER, id="header-demo")

    def on_mount(self) -> None:
        self.refresh_text()
        self.set_interval(30, self.refresh_text)

    def on_resize(self, event: events.Resize) -> None:
        self.refresh_text()

    def refresh_text(self) -> None:
        app = self.app
        ctx = app.context
        student = ""
        if app.config.student is not None and ctx is not None:
            from core.trainer.classroom import student_label

            student = student_label(app.config.student, ctx.branch_cnpj)
        text = fit_header(
            self.size.width or app.size.width,
            one_line(app.branch_label) if ctx is not None else "PDV",
            one_line(app.session.user_name) if app.session is not None else None,
            ctx.clock.now() if ctx is not None else None,
            bool(app.demo),
            student,
        )
        try:
            self.query_one("#header-where", Static).update(plain(text.where))
            when = self.query_one("#header-when", Static)
            when.update(text.when)
            when.display = bool(text.when)
            if app.config.student is not None:
                self.query_one("#header-student", Static).update(plain(text.student))
        except NoMatches:
            pass  # a screen torn down (app closing) before its header's Mount was handled

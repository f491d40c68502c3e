"""F1 on any screen: that screen's keys (read from its bindings, so they never drift from what
the keys do) and, in demo mode, the scenario in force, its title and what it shows and what to
press; where the Painel do instrutor is; and, in classroom mode, this PDV's student number and
CNPJ.

The keys are laid out in columns, each key beside its words on one line: a wrapped paragraph
would break "F7" from "Parâm." (a non-breaking space does not help, Rich wraps on it too)."""

from __future__ import annotations

from rich.columns import Columns
from rich.console import Group, RenderableType
from rich.text import Text

from tui.common.message import MessageDialog
from tui.text import plain, printable

PANEL_HINT = "F12: Painel do instrutor."
KEY_NAMES = {
    "escape": "Esc",
    "enter": "Enter",
    "tab": "Tab",
    "delete": "Del",
    "backspace": "Backspace",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "space": "Espaço",
    "insert": "Ins",
}
LEFT_OUT = {"scenario_info", "app.scenario_info", "help_quit", "app.help_quit"}
"""Actions not listed: F1 itself, Ctrl+C's hint."""


def reflow(text: str) -> str:
    """The scenario files wrap their paragraphs for the editor; the dialog wraps them itself."""
    paragraphs = [" ".join(part.split()) for part in text.strip().split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def key_label(key: str) -> str:
    """ "ctrl+q" -> "Ctrl+Q", "f2" -> "F2", "escape" -> "Esc", "d" -> "D"."""
    parts = key.split("+")
    shown = [KEY_NAMES.get(part, part.capitalize() if len(part) > 1 else part.upper()) for part in parts]
    return "+".join(shown)


def _own_bindings(node) -> set[tuple[str, str]]:
    """(key, action) of the bindings the PDV's own classes declare on `node`: Textual's
    widgets bring theirs (cursor moves, copy and paste) in English, and a cashier does not
    need them told."""
    own = set()
    for cls in type(node).__mro__:
        if cls.__module__.startswith("tui.") and "BINDINGS" in cls.__dict__:
            for binding in cls.__dict__["BINDINGS"]:
                if hasattr(binding, "key"):
                    for key in binding.key.split(","):
                        own.add((key.strip(), binding.action))
    return own


def screen_keys(screen, panel_opens: bool) -> list[tuple[str, str]]:
    """(keys, what they do) of every binding in force on `screen` (its own, its focused
    widget's, the app's) that the PDV declares with a description; keys doing the same thing
    on one line."""
    by_description: dict[str, list[str]] = {}
    own: dict[int, set[tuple[str, str]]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or binding.action in LEFT_OUT or not active.enabled:
            continue
        declared = own.setdefault(id(active.node), _own_bindings(active.node))
        if (key, binding.action) not in declared:
            continue
        if binding.action.endswith("instructor_panel") and not panel_opens:
            continue
        label = binding.key_display or key_label(key)
        keys = by_description.setdefault(binding.description, [])
        if label not in keys:
            keys.append(label)
    return [("/".join(keys), description) for description, keys in by_description.items()]


NO_KEYS = "Esta tela não tem teclas próprias."
KEYS_TITLE = "Teclas desta tela:"
KEY_GAP = 3
"""Blank cells between two columns of keys (as between two keys of the old one-line list)."""


def keys_text(keys: list[tuple[str, str]]) -> str:
    """The keys as one line of plain text (the dialog's `body_text`)."""
    return "   ".join(f"{k} {d}" for k, d in keys) or NO_KEYS


def keys_columns(keys: list[tuple[str, str]]) -> RenderableType:
    """The keys in as many columns as the dialog's width holds, read down each column like the
    menu: a key never parts from its words (a column narrower than one entry, on a tiny
    terminal, wraps that entry alone)."""
    if not keys:
        return plain(NO_KEYS)
    entries = [Text.assemble((printable(k), "bold"), " ", printable(d)) for k, d in keys]
    return Columns(entries, padding=(0, KEY_GAP), column_first=True)


def panel_offered(app) -> bool:
    """F12 is listed (key bars, F1) only where it opens: core.kernel.permissions decides (demo
    mode: anyone, before a login too; classroom mode: no one; otherwise a supervisor), and only
    once the database is open (before that F12 answers "Aguarde")."""
    if app.context is None:
        return False
    from core.trainer.panel import panel_refusal

    return panel_refusal(app.config, app.session) is None


class HelpDialog(MessageDialog):
    """MessageDialog (the text scrolls, OK stays on screen, Esc closes) whose keys are drawn in
    columns; `body_text` keeps the whole help as plain text."""

    def __init__(self, title: str, keys: list[tuple[str, str]], after: str, text: str) -> None:
        super().__init__(title, text)
        self.keys = keys
        self.after = after

    def body(self) -> RenderableType:
        parts: list[RenderableType] = [plain(KEYS_TITLE), keys_columns(self.keys)]
        if self.after:
            parts += [Text(""), plain(self.after)]
        return Group(*parts)


def help_dialog(app) -> HelpDialog:
    """F1: the keys of the screen below the dialog; in demo mode the scenario too."""
    from tui.trainer.panel import InstructorPanel

    on_panel = isinstance(app.screen, InstructorPanel)  # F12 there opens nothing more
    keys = screen_keys(app.screen, panel_offered(app) and not on_panel)
    paragraphs = []
    session = app.session
    if session is not None and session.trust_until is not None:
        paragraphs.append(f"Régua de Cobrança: desbloqueio em confiança em vigor até {session.trust_until:%d/%m/%Y}.")
    title = "Ajuda"
    if app.demo and app.context is not None:
        name, scenario_title, description = app.context.scenario_info()
        hints = [PANEL_HINT] if panel_offered(app) else []  # never told where F12 is refused (classroom)
        if app.config.student is not None:
            from core.trainer.classroom import student_label

            hints.append(student_label(app.config.student, app.context.branch_cnpj))
        paragraphs += [
            scenario_title,
            reflow(description) or "(cenário sem descrição)",
            *([" ".join(hints)] if hints else []),
        ]
        title = f"Ajuda · cenário {name}"
    after = "\n\n".join(paragraphs)
    text = f"{KEYS_TITLE}\n{keys_text(keys)}" + (f"\n\n{after}" if after else "")
    return HelpDialog(title, keys, after, text)


def scenario_dialog(app) -> HelpDialog:
    """The F1 dialog (kept under the name the app called first)."""
    return help_dialog(app)

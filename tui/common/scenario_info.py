"""F1 on any screen: that screen's keys (read from its bindings, so they never drift from what
the keys do) and, in demo mode, the scenario in force, its title and what it shows and what to
press; where the Painel do instrutor is; and, in classroom mode, this PDV's student number and
CNPJ."""

from __future__ import annotations

from tui.common.message import MessageDialog

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


def keys_text(screen, panel_opens: bool) -> str:
    keys = screen_keys(screen, panel_opens)
    if not keys:
        return "Esta tela não tem teclas próprias."
    return "   ".join(f"{k} {d}" for k, d in keys)


def help_dialog(app) -> MessageDialog:
    """F1: the keys of the screen below the dialog; in demo mode the scenario too."""
    from core.trainer.panel import panel_refusal

    panel_opens = panel_refusal(app.demo, app.session) is None and app.context is not None
    text = f"Teclas desta tela:\n{keys_text(app.screen, panel_opens)}"
    session = app.session
    if session is not None and session.trust_until is not None:
        text += f"\n\nRégua de Cobrança: desbloqueio em confiança em vigor até {session.trust_until:%d/%m/%Y}."
    if not (app.demo and app.context is not None):
        return MessageDialog("Ajuda", text)
    name, title, description = app.context.scenario_info()
    text += f"\n\n{title}\n\n{reflow(description) or '(cenário sem descrição)'}\n\n{PANEL_HINT}"
    if app.config.student is not None:
        from core.trainer.classroom import student_label

        text += f" {student_label(app.config.student, app.context.branch_cnpj)}"
    return MessageDialog(f"Ajuda · cenário {name}", text)


def scenario_dialog(app) -> MessageDialog:
    """The F1 dialog (kept under the name the app called first)."""
    return help_dialog(app)

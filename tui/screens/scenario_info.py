"""F1 in demo mode: the scenario in force, its title and what it shows and what to press; where
the Painel do instrutor is; and, in classroom mode, this PDV's student number and CNPJ."""
from __future__ import annotations

from tui.screens.message import MessageDialog

PANEL_HINT = "F12: Painel do instrutor."


def reflow(text: str) -> str:
    """The scenario files wrap their paragraphs for the editor; the dialog wraps them itself."""
    paragraphs = [" ".join(part.split()) for part in text.strip().split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def scenario_dialog(app) -> MessageDialog:
    name, title, description = app.context.scenario_info()
    text = f"{title}\n\n{reflow(description) or '(cenário sem descrição)'}\n\n{PANEL_HINT}"
    if app.config.student is not None:
        from core.classroom import student_label

        text += f" {student_label(app.config.student, app.context.branch_cnpj)}"
    return MessageDialog(f"Cenário: {name}", text)

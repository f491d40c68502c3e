"""A second baseline: the bare app with the login's form (a title, two labels, two Inputs, one
of them a password), to tell what drawing the form itself costs a Textual app."""

import os
import time

from textual.app import App
from textual.containers import Center, Vertical
from textual.widgets import Footer, Header, Input, Label, Static


class Form(App):
    def compose(self):
        yield Header()
        with Center():
            with Vertical():
                yield Static("Acesso ao PDV")
                yield Label("Usuário")
                yield Input(placeholder="usuário")
                yield Label("Senha")
                yield Input(password=True, placeholder="senha")
        yield Footer()

    def on_mount(self):
        self.call_after_refresh(self.mark)

    def mark(self):
        marker = os.environ.get("PDV_READY_FILE")
        if marker:
            with open(marker, "w") as handle:
                handle.write(repr(time.time()))


if __name__ == "__main__":
    Form().run()

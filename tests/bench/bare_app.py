"""The baseline: a bare Textual app (Header, Label, Footer) that marks its first screen."""

import os
import time

from textual.app import App
from textual.widgets import Footer, Header, Label


class Bare(App):
    def compose(self):
        yield Header()
        yield Label("Olá")
        yield Footer()

    def on_mount(self):
        self.call_after_refresh(self.mark)

    def mark(self):
        marker = os.environ.get("PDV_READY_FILE")
        if marker:
            with open(marker, "w") as handle:
                handle.write(repr(time.time()))


if __name__ == "__main__":
    Bare().run()

"""The keystroke baseline: a bare Textual app with one focused Input and nothing else.

The scan benchmark times one key typed into it to the character on the emulated screen, on the
same pseudo-terminal harness as the PDV, in the same run."""

from textual.app import App, ComposeResult
from textual.widgets import Input


class BareInput(App):
    def compose(self) -> ComposeResult:
        field = Input(id="field")
        field.cursor_blink = False  # as in the PDV: a blinking cursor repaints on its own
        yield field

    def on_mount(self) -> None:
        self.query_one(Input).focus()


if __name__ == "__main__":
    BareInput().run()

"""A QR code drawn with half-block characters: two modules per character cell, so a link's
code (version 3, 29 modules + quiet zone) fits in 33 columns by 17 rows of an 80x24 terminal.
Dark modules on a light background, as phone cameras expect."""

from __future__ import annotations

import segno
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

DARK = "#000000"
LIGHT = "#ffffff"
QUIET_ZONE = 2
TOO_LONG = "(link longo demais para o QR code)"


def qr_text(data: str, border: int = QUIET_ZONE) -> Text:
    """The code of `data` as Rich text: '▀' with the top module as foreground, the bottom one as
    background (an odd last row gets a light bottom half)."""
    code = segno.make(data, error="l", micro=False, boost_error=False)
    rows = [list(row) for row in code.matrix_iter(scale=1, border=border)]
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))
    text = Text(no_wrap=True, overflow="crop")
    for top, bottom in zip(rows[0::2], rows[1::2]):
        for upper, lower in zip(top, bottom):
            text.append("▀", Style(color=DARK if upper else LIGHT, bgcolor=DARK if lower else LIGHT))
        text.append("\n")
    text.rstrip()
    return text


def qr_size(data: str, border: int = QUIET_ZONE) -> tuple[int, int]:
    """(columns, rows) the half-block code of `data` takes."""
    width = segno.make(data, error="l", micro=False, boost_error=False).symbol_size(scale=1, border=border)[0]
    return width, (width + 1) // 2


class QrCode(Widget):
    DEFAULT_CSS = "QrCode { width: auto; height: auto; }"

    def __init__(self, data: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.data = data

    def set_data(self, data: str) -> None:
        self.data = data
        self.refresh(layout=True)

    def _fits(self) -> bool:
        """A QR code holds at most about 2,900 bytes: a longer link (the portal's answer) is
        told in words instead of ending the app."""
        if not self.data:
            return False
        try:
            qr_size(self.data)
        except segno.DataOverflowError:
            return False
        return True

    def render(self) -> Text:
        if self.data and not self._fits():
            return Text(TOO_LONG)
        return qr_text(self.data) if self.data else Text("")

    def get_content_width(self, container, viewport) -> int:
        if self.data and not self._fits():
            return len(TOO_LONG)
        return qr_size(self.data)[0] if self.data else 0

    def get_content_height(self, container, viewport, width: int) -> int:
        if self.data and not self._fits():
            return 1
        return qr_size(self.data)[1] if self.data else 0

"""Stored and remote text is data: the display helper (tui/text.py) never lets markup be parsed
nor a control character reach the terminal, and the rule (core, the scenario loader) refuses
control characters where text is typed or written by a person."""

from __future__ import annotations

import copy
import io
import re
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.errors import MarkupError
from rich.text import Text
from textual.app import App
from textual.content import Content
from textual.widgets import DataTable, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from core.kernel.text import control_problem
from core.registry.customers import CustomerForm, validate
from domain.enums import DocumentType, PaymentMethod, PersonType
from storage.plain_text import CONTROL, REPLACEMENT, control_characters, printable, without_controls
from storage.scenarios.loader import load_scenario
from storage.scenarios.scenario import ScenarioError
from storage.scenarios.validation import validate as validate_scenario
from tests.terminal.nasty_text import NASTY
from tui.text import one_line, plain

ANY_CHARACTER = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
"""Every code point, surrogates included (hypothesis leaves them out by default)."""
TEXTS = (
    st.text(ANY_CHARACTER, max_size=60)
    | st.sampled_from(NASTY)
    | st.lists(
        st.sampled_from(NASTY + ["[", "]", "/", "\\", "=", "@", "$", "\x1b", "\r\n", "\u202e", "\ud800"]), max_size=8
    ).map("".join)
)
CONTROL_BYTES = re.compile(rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")


def rendered(renderable, width: int = 80) -> bytes:
    """What Rich writes to a colour terminal for `renderable`."""
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="truecolor", width=width, legacy_windows=False)
    console.print(renderable)
    return out.getvalue().encode("utf-8", "surrogateescape")


# --- the display helper -------------------------------------------------------------------------


@given(TEXTS)
def test_plain_text_is_the_characters_it_holds(text):
    shown = plain(text)
    assert shown.plain == printable(text)
    assert all(char == "\n" for char in CONTROL.findall(shown.plain))
    assert Content.from_rich_text(shown).plain == printable(text)  # what a Static or Label shows


@given(TEXTS)
def test_plain_text_writes_no_control_character_to_the_terminal(text):
    output = rendered(plain(text))
    assert b"\x1b" not in output  # no style asked for: Rich writes no escape sequence at all
    assert not CONTROL_BYTES.search(output)


@given(TEXTS)
def test_one_line_keeps_one_cell_per_character(text):
    line = one_line(text)
    assert "\n" not in line and not CONTROL.search(line)
    assert len(line) == len(text) - text.count("\r\n")


def test_bracketed_names_are_markup_errors_unless_plain():
    for text in ("[/x] Teste", "[/y] DIPIRONA", "a [/b]"):
        with pytest.raises(MarkupError):
            Text.from_markup(text)
        assert plain(text).plain == text


def test_markup_look_alikes_keep_their_brackets_and_styles_stay_off():
    for text in ("[bold]x[/bold]", "[link=http://a]z", "[@click=app.quit]q[/]", "[$accent]v", "\\[", "[", "]"):
        shown = plain(text)
        assert shown.plain == text and not shown.spans


def test_control_characters_become_the_replacement_character():
    assert printable("a\x1b[31mR\x07\x00\x7f\x9b") == f"a{REPLACEMENT}[31mR{REPLACEMENT * 4}"
    assert printable("linha 1\r\nlinha 2\rlinha 3\ttab") == "linha 1\nlinha 2\nlinha 3 tab"
    assert printable("a\nb", newlines=False) == "a b"
    assert printable("\u202eabc\u2066") == f"{REPLACEMENT}abc{REPLACEMENT}"
    assert printable("José Ação 日本 😀") == "José Ação 日本 😀"


def test_a_paste_keeps_no_control_character():
    assert without_controls("P\x07\x9bQ\tZ\x00\x1b") == "PQ Z"


async def test_widgets_show_plain_text_literally():
    """Static, Label, an Option, a DataTable cell and a notification, each with every nasty
    string: the app keeps running and each shows the characters."""

    class Shows(App):
        def compose(self):
            yield Static(id="static")
            yield Label(id="label")
            yield OptionList(id="options")
            yield DataTable(id="table")
            yield Input(id="field")

    app = Shows()
    async with app.run_test(size=(100, 40)) as pilot:
        table = app.query_one(DataTable)
        table.add_columns("texto")
        for text in NASTY:
            app.query_one("#static", Static).update(plain(text))
            app.query_one("#label", Label).update(plain(text))
            app.query_one(OptionList).add_option(Option(plain(text)))
            table.add_row(plain(text))
            app.notify(one_line(text), markup=False)
            await pilot.pause()
            assert str(app.query_one("#static", Static).render()) == printable(text)
        app.query_one(Input).focus()
        from textual import events

        app.query_one(Input).post_message(events.Paste("a\x07b\x9bc\td"))
        await pilot.pause()
        assert app.query_one(Input).value == "abc d"
        assert app.is_running


# --- the rule: where a person types or writes text ---------------------------------------------


def form(name: str) -> CustomerForm:
    return CustomerForm(None, name, PersonType.PERSON, DocumentType.CPF, "984.886.457-16")


def test_customer_name_with_a_control_character_is_refused_saying_which():
    problem = validate(form("Jo\x1bão"))["name"]
    assert problem == (
        "Nome com caractere de controle U+001B (ESC), que não aparece na tela: apague-o e digite de novo."
    )
    assert "quebra de linha" in validate(form("Ana\nMaria"))["name"]
    assert "name" not in validate(form("[/x] Teste"))
    assert "name" not in validate(form(f"Jo{REPLACEMENT}ão"))


def test_control_problem_allows_lines_only_when_asked():
    assert control_problem("linha 1\nlinha 2\ttab", "Mensagem", newlines=True) is None
    assert "U+0007 (BEL)" in control_problem("a\x07b", "Mensagem", newlines=True)
    assert control_characters("a\x1bb\x1bc\x07") == ["\x1b", "\x07"]


@pytest.fixture(scope="module")
def treinamento():
    return load_scenario("treinamento")


@pytest.mark.parametrize(
    "section, key",
    [
        ("products", "name"),
        ("customers", "name"),
        ("agreements", "name"),
        ("agreements", "type"),
        ("users", "name"),
        ("branches", "name"),
        ("branches", "trade_name"),
    ],
)
def test_a_scenario_with_a_control_character_in_a_name_is_refused(treinamento, section, key):
    scenario = copy.deepcopy(treinamento)
    scenario.data[section][0][key] = "Nome \x1b[31m"
    with pytest.raises(ScenarioError) as refused:
        validate_scenario(scenario)
    assert refused.value.key == f"{section}[0].{key}"
    assert "U+001B (ESC)" in str(refused.value)


def test_a_scenario_may_write_markup_look_alikes_and_lines_where_text_has_lines(treinamento):
    scenario = copy.deepcopy(treinamento)
    scenario.data["products"][0]["name"] = "[/y] DIPIRONA"
    scenario.data["scenario"]["description"] = "Linha 1\n\nLinha 2\tcom tab"
    validate_scenario(scenario)
    scenario.data["scenario"]["title"] = "Título\x07"
    with pytest.raises(ScenarioError, match=r"scenario\.title"):
        validate_scenario(scenario)


# --- what the cupom and the QR code do with such text --------------------------------------------


def test_the_cupom_prints_names_as_they_are():
    from core.sales.cart import CartLine
    from core.sales.sale import Payment, SaleReceipt
    from tui.sales.receipt import render_receipt

    lines = tuple(CartLine(i, str(900 + i), name, 1, Decimal("1.50")) for i, name in enumerate(NASTY))
    receipt = SaleReceipt(
        1,
        7,
        datetime(2026, 11, 22, 9, 30),
        "[/b] Farmácia\x1b[2J",
        "12345678000195",
        "Ana [/u]\x07",
        "[bold]Cliente[/bold]",
        "CPF ***.***.***-16",
        "[link=http://a]z",
        lines,
        Decimal("18.00"),
        Payment(PaymentMethod.CREDIT, Decimal("0")),
        None,
        date(2026, 12, 22),
    )
    output = rendered(render_receipt(receipt, training=True), width=60).decode("utf-8", "replace")
    text = re.sub(r"\x1b\[[0-9;]*m", "", output)  # the slip's own styles (bold, dim rules)
    assert "\x1b" not in text and "\x07" not in text
    for expected in (
        f"[/b] Farmácia{REPLACEMENT}[2J",
        f"Operador: Ana [/u]{REPLACEMENT}",
        "Cliente: [bold]Cliente[/bold]",
        "Convênio: [link=http://a]z",
        "900 [/x] Teste",
    ):
        assert expected in text, text


def test_a_link_too_long_for_a_qr_code_is_told_in_words():
    from tui.lgpd.qr import TOO_LONG, QrCode

    code = QrCode("http://a/" + "x" * 4000)
    assert str(code.render()) == TOO_LONG
    assert code.get_content_height(None, None, 80) == 1

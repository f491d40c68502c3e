"""Parâmetros > Configuração de integração > Integração Portal LGPD: the branch's settings form.

The rules live in core.lgpd.settings; this screen fills the widgets, shows each field's problem
beside it (and the focused one's message below), and runs Testar conexão in a worker.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Select, Static

from core.kernel.errors import PdvError
from core.kernel.redact import shown_url
from core.lgpd.consent import default_portal_url
from core.lgpd.settings import (
    FIELD_LABELS,
    SECRET_FIELDS,
    BranchChoice,
    ConnectionResult,
    LgpdSettingsForm,
    LgpdSettingsService,
    validate,
)
from domain.documents import format_cnpj
from tui.common.base import PdvScreen
from tui.common.confirm import ConfirmDialog
from tui.common.form import FormRow
from tui.common.message import MessageDialog
from tui.common.select import PdvSelect
from tui.common.shown import still_shown
from tui.text import one_line, plain

STORED_SECRET_HINT = "•••••••• (gravada)"
"""What a saved secret's empty field shows: the same for every secret, so not even its length
is drawn. Left empty, the field keeps the saved value; anything typed replaces it."""

VALIDITY_HINT = "Validade: 0 consulta o portal a cada venda; N reusa o Aceito por N dias."
"""Validade (dias) in one line (the document's rule, core.lgpd.decision.stored_is_fresh)."""

SPECIFY = 0
"""The 'Especificar CNPJ' option of Filial a ser utilizado o termo (branch ids start at 1)."""

FIELDS: dict[str, str] = {
    "branch_id": "settings-branch",
    "term_branch_id": "settings-term-branch",
    "term_cnpj": "settings-term-cnpj",
    "lgpd_name": "settings-name",
    "banner_id": "settings-banner",
    "api_key": "settings-api-key",
    "access": "settings-access",
    "password": "settings-password",
    "validity_days": "settings-validity",
    "url": "settings-url",
}


class LgpdSettingsScreen(PdvScreen):
    BINDINGS = [
        Binding("escape", "leave", "Voltar"),
        Binding("f2", "save", "Gravar"),
        Binding("f3", "test", "Testar conexão"),
        Binding("f4", "default_url", "URL padrão"),
    ]

    class DefaultUrlLoaded(Message):
        """The URL's default (this run's simulated portal), read by `_load_defaults`."""

        def __init__(self, url: str, enabled: list[BranchChoice]) -> None:
            super().__init__()
            self.url = url
            self.enabled = enabled

    class Tested(Message):
        """Testar conexão's answer for `form`, or the error that stopped it."""

        def __init__(self, form: LgpdSettingsForm, result: ConnectionResult | None, error: str | None = None) -> None:
            super().__init__()
            self.form = form
            self.result = result
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self.default_url = ""
        self.problems: dict[str, str] = {}
        self.typed_cnpj = ""
        self.ready = False
        self.stored_secrets: frozenset[str] = frozenset()
        self.shown_branch: int | None = None
        """The branch whose settings are on screen (the Filial before a change is confirmed)."""
        self.loaded_state: tuple | None = None
        """What the fields held when loaded or saved: anything else is an edit not saved."""

    def compose_body(self) -> ComposeResult:
        session = self.app.session
        self.enabled = self.service.enabled_branches(session)
        self.all_branches = self.service.all_branches(session)
        branch_options = [(plain(one_line(f"{b.code} - {b.trade_name or b.name}")), b.id) for b in self.enabled]
        term_options = [(plain(one_line(f"{b.code} - {b.trade_name or b.name}")), b.id) for b in self.all_branches] + [
            ("Especificar CNPJ", SPECIFY)
        ]
        with Vertical(id="settings-box"):
            yield Static("Integração Portal LGPD", classes="screen-title")
            yield Static("", id="settings-note")
            yield FormRow(
                "Filial",
                PdvSelect(branch_options, id="settings-branch", allow_blank=True, prompt="(nenhuma)", compact=True),
            )
            yield FormRow(
                "Filial a ser utilizado o termo",
                PdvSelect(term_options, id="settings-term-branch", allow_blank=False, compact=True),
            )
            yield FormRow("CNPJ do termo", Input(id="settings-term-cnpj", max_length=18, compact=True))
            yield FormRow("Nome LGPD", Input(id="settings-name", max_length=100, compact=True))
            yield FormRow("Identificador de Bandeira", Input(id="settings-banner", max_length=4, compact=True))
            yield FormRow("API-KEY", Input(id="settings-api-key", password=True, max_length=200, compact=True))
            yield FormRow("Acesso", Input(id="settings-access", password=True, max_length=100, compact=True))
            yield FormRow("Senha", Input(id="settings-password", password=True, max_length=200, compact=True))
            yield FormRow("Validade (dias)", Input(id="settings-validity", max_length=4, compact=True))
            yield Static(VALIDITY_HINT, id="settings-validity-hint", classes="hint")
            yield FormRow("URL", Input(id="settings-url", max_length=300, compact=True))
            yield Static("", id="settings-message", classes="form-message")
            with Horizontal(classes="form-buttons"):
                yield Button("Gravar (F2)", id="settings-save", compact=True)
                yield Button("Testar conexão (F3)", id="settings-test", compact=True)
                yield Button("Voltar (Esc)", id="settings-back", compact=True)

    # --- loading -------------------------------------------------------------------------------

    @property
    def service(self) -> LgpdSettingsService:
        return LgpdSettingsService(self.app.context)

    def on_mount(self) -> None:
        enabled = self.enabled
        disabled = self.service.disabled_branches(self.app.session)
        self.query_one("#settings-note", Static).update(plain(self.service.not_enabled_message(disabled)))
        if not enabled:
            for widget_id in FIELDS.values():
                self.query_one(f"#{widget_id}").disabled = True
            self.query_one("#settings-save", Button).disabled = True
            self.query_one("#settings-test", Button).disabled = True
            self.say("Nenhuma filial possui o produto LGPData liberado: não há o que configurar.")
            return
        self.say("Carregando...")
        self._load_defaults(enabled)

    @work(exclusive=True, group="settings-default-url", exit_on_error=False)
    async def _load_defaults(self, enabled: list[BranchChoice]) -> None:
        url = await default_portal_url(self.app.context)
        self.post_message(self.DefaultUrlLoaded(url, enabled))  # dropped if left (Esc) meanwhile

    def on_lgpd_settings_screen_default_url_loaded(self, message: DefaultUrlLoaded) -> None:
        self.default_url = message.url
        enabled = message.enabled
        current = self.app.session.branch_id
        first = next((b.id for b in enabled if b.id == current), enabled[0].id)
        self.query_one("#settings-branch", Select).value = first
        self.shown_branch = first
        self.fill(self.service.load(self.app.session, first, self.default_url))
        self.ready = True
        self.query_one("#settings-branch", Select).focus()

    def fill(self, form: LgpdSettingsForm) -> None:
        """Puts a loaded (or default) form on screen."""
        self.typed_cnpj = form.term_cnpj if form.specify_cnpj else ""
        term_select = self.query_one("#settings-term-branch", Select)
        term_select.value = SPECIFY if form.specify_cnpj else form.term_branch_id
        cnpj = self.query_one("#settings-term-cnpj", Input)
        cnpj.value = form.term_cnpj
        cnpj.disabled = not form.specify_cnpj
        for name, value in (
            ("lgpd_name", form.lgpd_name),
            ("banner_id", form.banner_id),
            ("validity_days", form.validity_days),
            ("url", form.url),
        ):
            self.query_one(f"#{FIELDS[name]}", Input).value = one_line(value)
        self.stored_secrets = form.stored_secrets
        for name in SECRET_FIELDS:  # a saved secret never comes to the screen: an empty field and a hint
            field = self.query_one(f"#{FIELDS[name]}", Input)
            field.value = ""
            field.placeholder = STORED_SECRET_HINT if name in form.stored_secrets else ""
        self.show_problems({})
        self.loaded_state = self.typed_state()
        if not form.configured:
            self.say("Filial ainda não configurada: valores sugeridos.")
        elif form.unreadable_secrets:
            names = ", ".join(FIELD_LABELS[name] for name in sorted(form.unreadable_secrets))
            self.say(
                f"Filial já configurada: dados carregados. {names} gravado(s) com a chave de outro PDV: digite de novo."
            )
        else:
            self.say("Filial já configurada: dados carregados.")

    # --- reactions -----------------------------------------------------------------------------

    @on(Select.Changed, "#settings-branch")
    def branch_changed(self, event: Select.Changed) -> None:
        if not self.ready or event.value is Select.NULL or event.value == self.shown_branch:
            return
        branch_id = int(event.value)
        if not self.edited():
            self._show_branch(branch_id)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self._show_branch(branch_id)
            else:  # back to the branch being edited; its Changed is ignored (shown_branch)
                self.query_one("#settings-branch", Select).value = self.shown_branch

        self.app.push_screen(
            ConfirmDialog(
                "Alterações não gravadas",
                "Trocar de filial sem gravar as alterações da filial em edição?",
                "Trocar sem gravar",
            ),
            answered,
        )

    def _show_branch(self, branch_id: int) -> None:
        self.shown_branch = branch_id
        self.fill(self.service.load(self.app.session, branch_id, self.default_url))

    def typed_state(self) -> tuple:
        """Every field but Filial, as typed now."""
        return tuple(self.query_one(f"#{widget_id}").value for name, widget_id in FIELDS.items() if name != "branch_id")

    def edited(self) -> bool:
        return self.ready and self.loaded_state is not None and self.typed_state() != self.loaded_state

    @property
    def unfinished_work(self) -> str | None:
        """Ctrl+Q asks before leaving edits not saved (tui.leaving), as Esc does."""
        if self.is_mounted and self.edited():
            return "Há alterações da Integração Portal LGPD não gravadas."
        return None

    def action_leave(self) -> None:
        """Esc / Voltar: asks before discarding what was typed and not saved."""
        if not self.edited():
            self.app.pop_screen()
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.app.pop_screen()

        self.app.push_screen(
            ConfirmDialog(
                "Alterações não gravadas",
                "Sair sem gravar as alterações da Integração Portal LGPD?",
                "Sair sem gravar",
            ),
            answered,
        )

    @on(Select.Changed, "#settings-term-branch")
    def term_branch_changed(self, event: Select.Changed) -> None:
        cnpj = self.query_one("#settings-term-cnpj", Input)
        if event.value == SPECIFY:
            if cnpj.disabled:
                cnpj.value = self.typed_cnpj
            cnpj.disabled = False
        elif event.value is not Select.NULL:
            if not cnpj.disabled:
                self.typed_cnpj = cnpj.value
            branch = next((b for b in self.all_branches if b.id == event.value), None)
            cnpj.value = format_cnpj(branch.cnpj) if branch else ""
            cnpj.disabled = True
            self.problems.pop("term_cnpj", None)
            self.show_problems(self.problems)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def on_descendant_focus(self, event) -> None:
        name = next((n for n, wid in FIELDS.items() if event.widget.id == wid), None)
        if name and name in self.problems:
            self.say(self.problem_text(name))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        {"settings-save": self.action_save, "settings-test": self.action_test}.get(event.button.id, self.action_leave)()

    # --- form ----------------------------------------------------------------------------------

    def read_form(self) -> LgpdSettingsForm:
        branch = self.query_one("#settings-branch", Select).value
        term = self.query_one("#settings-term-branch", Select).value

        def text(name: str) -> str:
            return self.query_one(f"#{FIELDS[name]}", Input).value

        return LgpdSettingsForm(
            branch_id=None if branch is Select.NULL else int(branch),
            term_branch_id=None if term in (SPECIFY, Select.NULL) else int(term),
            specify_cnpj=term == SPECIFY,
            term_cnpj=text("term_cnpj"),
            lgpd_name=text("lgpd_name"),
            banner_id=text("banner_id"),
            api_key=text("api_key"),
            access=text("access"),
            password=text("password"),
            validity_days=text("validity_days"),
            url=text("url"),
            stored_secrets=self.stored_secrets,
        )

    def show_problems(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        for name, widget_id in FIELDS.items():
            row = self.query_one(f"#{widget_id}").parent
            if isinstance(row, FormRow):
                row.set_problem(problems.get(name))

    def problem_text(self, name: str) -> str:
        count = len(self.problems)
        return self.problems[name] + (f" ({count} campos com problema)" if count > 1 else "")

    def say(self, text: str) -> None:
        self.query_one("#settings-message", Static).update(plain(text))

    def action_save(self) -> None:
        if not self.ready:
            return
        form = self.read_form()
        problems = validate(form)
        self.show_problems(problems)
        if problems:
            first = next(iter(problems))
            self.say(self.problem_text(first))
            self.query_one(f"#{FIELDS[first]}").focus()
            return
        try:
            changed = self.service.save(self.app.session, form, self.default_url)
        except PdvError as exc:
            self.say(str(exc))
            return
        self.fill(
            self.service.load(self.app.session, form.branch_id, self.default_url)
        )  # typed secrets leave the screen
        self.say("Configuração gravada." + (f" Alterado: {', '.join(changed)}." if changed else " Nada foi alterado."))

    def action_default_url(self) -> None:
        """Puts back the URL's default: this run's simulated portal."""
        if self.ready:
            self.query_one("#settings-url", Input).value = self.default_url
            self.say(f"URL padrão: {shown_url(self.default_url) if self.default_url else '(indisponível)'}")

    def action_test(self) -> None:
        if not self.ready:
            return
        self.say("Testando conexão com o portal...")
        self._test(self.read_form())

    @work(exclusive=True, group="settings-test", exit_on_error=False)
    async def _test(self, form: LgpdSettingsForm) -> None:
        try:
            result = await self.service.test_connection(self.app.session, form, self.default_url)
        except PdvError as exc:
            self.post_message(self.Tested(form, None, str(exc)))
            return
        self.post_message(self.Tested(form, result))  # dropped if left (Esc) meanwhile

    def on_lgpd_settings_screen_tested(self, message: Tested) -> None:
        if message.error is not None:
            self.say(message.error)
            return
        form, result = message.form, message.result
        if not still_shown(self):  # popped (Esc) just before this was handled: no dialog over another screen
            return
        self.show_problems({**validate(form), **result.problems})
        self.say("Conexão OK." if result.ok else "Teste de conexão com problemas: veja o detalhe.")
        refused = next(iter(result.problems), None)

        def closed(_: object = None) -> None:
            if refused is not None and still_shown(self):  # the field to correct, marked and focused
                self.query_one(f"#{FIELDS[refused]}").focus()  # (focusing it says its problem)

        self.app.push_screen(MessageDialog("Testar conexão", result.text), closed)

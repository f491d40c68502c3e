"""click's own text in Brazilian Portuguese: usage, help headings, help options and errors.

click writes its messages through gettext (`_()` and `ngettext()` imported into each of its
modules). A catalogue file would be picked by the user's locale (and a cashier's thin terminal
often runs LANG=C); the PDV always speaks Portuguese, so `install()` gives those modules
translating functions over the table below. A message missing from it (a newer click) stays
as click wrote it; tests/cli/test_cli_language.py walks every command to catch that.
"""

from __future__ import annotations

import gettext
from importlib import import_module

MESSAGES: dict[str, str] = {
    # formatting and help
    "Usage:": "Uso:",
    "Options": "Opções",
    "Commands": "Comandos",
    "Positional arguments": "Argumentos",
    "Show this message and exit.": "Mostra esta ajuda e sai.",
    "Show the version and exit.": "Mostra a versão e sai.",
    "default: {default}": "padrão: {default}",
    "env var: {var}": "variável de ambiente: {var}",
    "(dynamic)": "(dinâmico)",
    "required": "obrigatório",
    "deprecated": "obsoleto",
    "Do you want to continue?": "Deseja continuar?",
    "Confirm the action without prompting.": "Confirma a ação sem perguntar.",
    "%(prog)s, version %(version)s": "%(prog)s, versão %(version)s",
    # errors
    "Aborted!": "Interrompido.",
    "Missing command.": "Falta o subcomando.",
    "Error: {message}": "Erro: {message}",
    "Try '{command} {option}' for help.": "Use '{command} {option}' para ver a ajuda.",
    "Missing argument": "Falta o argumento",
    "Missing option": "Falta a opção",
    "Missing parameter": "Falta o parâmetro",
    "Missing parameter: {param_name}": "Falta o parâmetro: {param_name}",
    "Missing {param_type}": "Falta {param_type}",
    "Invalid value for {param_hint}: {message}": "Valor inválido para {param_hint}: {message}",
    "Invalid value: {message}": "Valor inválido: {message}",
    "No such option {name!r}.": "A opção {name!r} não existe.",
    "No such command {name!r}.": "O comando {name!r} não existe.",
    "unknown error": "erro desconhecido",
    "Could not open file {filename!r}: {message}": "Não foi possível abrir o arquivo {filename!r}: {message}",
    "Value must be an iterable.": "O valor deve ser uma lista.",
    "Option {name!r} does not take a value.": "A opção {name!r} não recebe valor.",
    "Argument {name!r} takes {nargs} values.": "O argumento {name!r} recebe {nargs} valores.",
    "Invalid start character for option ({option})": "Caractere inicial inválido na opção ({option})",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": "Aviso: o comando {name!r} está obsoleto.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": "Aviso: {param_type} {name!r} está obsoleto.{extra_message}",
    # types
    "file": "arquivo",
    "directory": "pasta",
    "path": "caminho",
    "Choose from:\n\t{choices}": "Escolha entre:\n\t{choices}",
    "{value} is not in the range {range}.": "{value} não está no intervalo {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} não é um valor lógico válido. Valores aceitos: {states}",
    "{value!r} is not a valid {number_type}.": "{value!r} não é um {number_type} válido.",
    "{value!r} is not a valid UUID.": "{value!r} não é um UUID válido.",
    "{name} {filename!r} is a file.": "{name} {filename!r} é um arquivo.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} é uma pasta.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} não pode ser lido.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} não permite gravação.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} não é executável.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} não existe.",
    # prompts
    "Press any key to continue...": "Aperte uma tecla para continuar...",
    "Repeat for confirmation": "Repita para confirmar",
    "Error: The two entered values do not match.": "Erro: os dois valores digitados não conferem.",
    "Error: invalid input": "Erro: entrada inválida",
}

PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Argumento a mais inesperado ({args})",
        "Argumentos a mais inesperados ({args})",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Recebe {nargs} valores, mas 1 foi dado.",
        "Recebe {nargs} valores, mas {len} foram dados.",
    ),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Você quis dizer {possibility}?",
        "(Você quis dizer um destes: {possibilities}?)",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "A opção {name!r} exige um valor.",
        "A opção {name!r} exige {nargs} valores.",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} não é {choice}.",
        "{value!r} não é um destes: {choices}.",
    ),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."): (
        "{value!r} não está no formato {format}.",
        "{value!r} não está em nenhum dos formatos {formats}.",
    ),
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): (
        "São necessários {len_type} valores, mas {len_value} foi dado.",
        "São necessários {len_type} valores, mas {len_value} foram dados.",
    ),
}

# The metavars click derives from its own types' names (`--port INTEGER`).
TYPE_NAMES = {"STRING": "texto", "INT": "inteiro", "FLOAT": "número", "BOOL": "lógico", "UUID": "uuid"}

CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.types",
    "click.termui",
    "click.utils",
    "click.shell_completion",
)


def translate(message: str) -> str:
    return MESSAGES.get(message, message)


def translate_plural(singular: str, plural: str, count: int) -> str:
    known = PLURALS.get((singular, plural))
    if known is None:
        return gettext.ngettext(singular, plural, count)
    return known[0] if count == 1 else known[1]


OPTIONS_METAVAR = "[OPÇÕES]"


def localize(command) -> None:
    """The usage line's placeholders click hard-codes per command (`[OPTIONS]`, `COMMAND
    [ARGS]...`), in Portuguese, for `command` and the subcommands it already holds."""
    import click

    if command.options_metavar == "[OPTIONS]":
        command.options_metavar = OPTIONS_METAVAR
    if isinstance(command, click.Group):
        metavar = command.subcommand_metavar or ""
        command.subcommand_metavar = metavar.replace("COMMAND", "COMANDO").replace("[ARGS]", "[ARGUMENTOS]")
        for child in getattr(command, "commands", {}).values():
            localize(child)


_installed = False


def install() -> None:
    """Makes click speak Portuguese in this process (idempotent)."""
    global _installed
    if _installed:
        return
    import click

    for name in CLICK_MODULES:
        try:
            module = import_module(name)
        except ImportError:  # a module a click version does not have
            continue
        if getattr(module, "_", None) is gettext.gettext:
            module._ = translate
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = translate_plural
    for attribute, shown in TYPE_NAMES.items():
        kind = getattr(click, attribute, None)
        if kind is not None:
            kind.name = shown
    click.IntRange.name = "inteiro"  # `--days INTEGER RANGE`
    click.FloatRange.name = "número"
    _installed = True

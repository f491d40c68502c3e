"""The main menu's modules: their keys and the screen that implements each (imported on use)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from textual.screen import Screen

from domain.enums import Module


@dataclass(frozen=True)
class MenuEntry:
    module: Module
    key: str
    short: str
    """The Footer's label: short enough for all keys to fit in 80 columns."""
    screen: str | None
    """'package.module:Class' of the module's screen; None while the module is not built."""


MENU: list[MenuEntry] = [
    MenuEntry(Module.SALE, "f2", "Venda", "tui.sales.sale:SaleScreen"),
    MenuEntry(Module.PRESALE, "f3", "Pré-v.", "tui.sales.presale:PreSaleScreen"),
    MenuEntry(Module.RECEIVABLES, "f4", "Títulos", "tui.sales.receivables:ReceivablesScreen"),
    MenuEntry(Module.CUSTOMERS, "f5", "Clientes", "tui.registry.customers:CustomersScreen"),
    MenuEntry(Module.AGREEMENTS, "f6", "Conv.", "tui.registry.agreements:AgreementsScreen"),
    MenuEntry(Module.SETTINGS, "f7", "Parâm.", "tui.registry.parameters:ParametersScreen"),
    MenuEntry(Module.AUDIT, "f8", "Audit.", "tui.audit.screen:AuditScreen"),
]

ENTRY_BY_MODULE = {entry.module: entry for entry in MENU}


def make_screen(entry: MenuEntry) -> Screen | None:
    if entry.screen is None:
        return None
    module_name, _, class_name = entry.screen.partition(":")
    return getattr(import_module(module_name), class_name)()

"""Who may do what: the one table of role × action, and the guard the core services put on it.

Every public service method that takes a `session` declares its action with `@requires(...)`;
the guard refuses (PermissionDenied, nothing done) before the method runs when the session's
role is not in the table for that action. Screens ask `allowed()` / `refusal()` only to hide,
disable or explain what core would refuse anyway.

Two actions are authorized by someone else's credentials typed at the counter, not by the
session: the supervisor's release of a sale and the Desbloqueio em Confiança. For them the
role checked is the authorizing user's (`require_role`, called by core.kernel.auth).

The Painel do instrutor also depends on how the PDV runs: in demo mode (`pdv demo`) it opens
for anyone, even before a login; in classroom mode (`--aluno N`) it never opens (it changes the
whole class's services); otherwise the table decides.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from core.kernel.errors import PdvError
from domain.enums import LabeledEnum, Module, Role


class Action(LabeledEnum):
    """What a user does; the label is how the refusal names it."""

    SESSION = ("sessao", "Sessão (Régua de Cobrança da sessão aberta)")
    SELL = ("vender", "Venda")
    PRESELL = ("pre_vender", "Pré-venda")
    RECEIVE = ("receber", "Recebimento de títulos")
    CUSTOMERS = ("clientes", "Cadastro e alteração de clientes")
    REQUEST_CONSENT = ("termo_lgpd", "Consulta e solicitação do termo LGPD")
    VIEW_AGREEMENTS = ("ver_convenios", "Consulta de convênios")
    AGREEMENT_RULES = ("regras_convenio", "Parâmetros LGPD do convênio")
    BULK_UPDATE = ("alteracao_especial", "Alteração especial")
    LGPD_SETTINGS = ("integracao_lgpd", "Integração Portal LGPD")
    AUDIT = ("auditoria", "Auditoria")
    INSTRUCTOR_PANEL = ("painel_instrutor", "Painel do instrutor")
    SUPERVISOR_RELEASE = ("liberacao_supervisor", "Liberação do supervisor")
    TRUST_UNLOCK = ("desbloqueio_confianca", "Desbloqueio em Confiança")


_EVERYONE = frozenset(Role)
_SUPERVISORS = frozenset({Role.SUPERVISOR})

PERMISSIONS: Mapping[Action, frozenset[Role]] = MappingProxyType(
    {
        Action.SESSION: _EVERYONE,
        Action.SELL: _EVERYONE,
        Action.PRESELL: _EVERYONE,
        Action.RECEIVE: _EVERYONE,
        Action.CUSTOMERS: _EVERYONE,
        Action.REQUEST_CONSENT: _EVERYONE,
        Action.VIEW_AGREEMENTS: _EVERYONE,
        Action.AGREEMENT_RULES: _SUPERVISORS,
        Action.BULK_UPDATE: _SUPERVISORS,
        Action.LGPD_SETTINGS: _SUPERVISORS,
        Action.AUDIT: _SUPERVISORS,
        Action.INSTRUCTOR_PANEL: _SUPERVISORS,
        Action.SUPERVISOR_RELEASE: _SUPERVISORS,
        Action.TRUST_UNLOCK: _SUPERVISORS,
    }
)
"""The table: each action and the roles that may do it."""

MODULE_ACTIONS: Mapping[Module, Action] = MappingProxyType(
    {
        Module.SALE: Action.SELL,
        Module.PRESALE: Action.PRESELL,
        Module.RECEIVABLES: Action.RECEIVE,
        Module.CUSTOMERS: Action.CUSTOMERS,
        Module.AGREEMENTS: Action.VIEW_AGREEMENTS,
        Module.SETTINGS: Action.LGPD_SETTINGS,
        Module.AUDIT: Action.AUDIT,
    }
)
"""The action that opens each menu module (Parâmetros holds only the Integração Portal LGPD)."""

OPEN_IN_DEMO = frozenset({Action.INSTRUCTOR_PANEL})
"""Actions any role may do in demo mode, logged in or not."""
CLOSED_IN_CLASSROOM = frozenset({Action.INSTRUCTOR_PANEL})
"""Actions no one may do in classroom mode (a student's PDV)."""

PANEL_REFUSAL = "O Painel do instrutor abre só no modo demonstração (pdv demo CENÁRIO) ou para um supervisor logado."
CLASSROOM_REFUSAL = (
    "Modo sala de aula (--aluno): o Painel do instrutor fica só com o instrutor, que muda o "
    "mundo simulado da turma pelo PDV dele ou por 'pdv sim'."
)


class PermissionDenied(PdvError):
    """The role (or the run's mode) does not allow the action; str() says so in Portuguese."""

    def __init__(self, message: str, action: Action) -> None:
        super().__init__(message)
        self.action = action


def role_allowed(role: Role | str, action: Action) -> bool:
    return Role(role) in PERMISSIONS[action]


def _who(action: Action) -> str:
    roles = PERMISSIONS[action]
    if roles == _SUPERVISORS:
        return "supervisores"
    return ", ".join(sorted(role.label for role in roles)) or "ninguém"


def role_refusal(action: Action) -> str:
    return f"{action.label}: acesso restrito a {_who(action)}."


def refusal(session: Any, action: Action, config: Any = None) -> str | None:
    """Why `session` (None: no one logged in) may not do `action` in this run, or None."""
    if config is not None:
        if action in CLOSED_IN_CLASSROOM and getattr(config, "student", None) is not None:
            return CLASSROOM_REFUSAL
        if action in OPEN_IN_DEMO and getattr(config, "demo", False):
            return None
    if session is not None and role_allowed(session.role, action):
        return None
    if action is Action.INSTRUCTOR_PANEL:
        return PANEL_REFUSAL
    if session is None:
        return f"{action.label}: entre com um usuário primeiro."
    return role_refusal(action)


def allowed(session: Any, action: Action, config: Any = None) -> bool:
    return refusal(session, action, config) is None


def require(session: Any, action: Action, config: Any = None) -> None:
    reason = refusal(session, action, config)
    if reason is not None:
        raise PermissionDenied(reason, action)


def require_role(role: Role | str, action: Action) -> None:
    """For the actions authorized by credentials typed at the counter (not the session's)."""
    if not role_allowed(role, action):
        raise PermissionDenied(role_refusal(action), action)


def module_refusals(role: Role) -> dict[Module, str]:
    """The menu modules this role may not open, each with the reason the menu shows."""
    return {
        module: f"{module.label}: acesso restrito a {_who(action)}."
        for module, action in MODULE_ACTIONS.items()
        if not role_allowed(role, action)
    }


# --- the guard on service methods -----------------------------------------------------------

Resolver = Callable[[Mapping[str, Any]], Action]
"""Chooses the action from the call's bound arguments (e.g. the draft's module)."""


def by_module(argument: str) -> Resolver:
    """The action of the module held by `argument`: a service (its `module`) or a draft."""

    def resolve(arguments: Mapping[str, Any]) -> Action:
        return MODULE_ACTIONS[arguments[argument].module]

    resolve.__qualname__ = f"by_module({argument!r})"
    return resolve


def _config_of(service: Any) -> Any:
    holder = getattr(service, "ctx", None) or getattr(service, "context", None)
    return getattr(holder, "config", None)


def requires(action: Action | Resolver):
    """Declares the method's action (`method.action`) and refuses, before it runs, a session
    the table does not allow. Works on plain, async and static methods."""

    def decorate(method):
        signature = inspect.signature(method)
        if "session" not in signature.parameters:
            raise TypeError(f"{method.__qualname__}: @requires precisa de um parâmetro session")

        def check(args: tuple, kwargs: dict) -> None:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            arguments = bound.arguments
            wanted = action if isinstance(action, Action) else action(arguments)
            require(arguments["session"], wanted, _config_of(arguments.get("self")))

        if inspect.iscoroutinefunction(method):

            @functools.wraps(method)
            async def guarded(*args, **kwargs):
                check(args, kwargs)
                return await method(*args, **kwargs)
        else:

            @functools.wraps(method)
            def guarded(*args, **kwargs):
                check(args, kwargs)
                return method(*args, **kwargs)

        guarded.action = action
        return guarded

    return decorate


def declared_action(method: Any) -> Action | Resolver | None:
    """What @requires declared on a method (tests walk every service with it)."""
    return getattr(method, "action", None)

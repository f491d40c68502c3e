"""The LGPData portal's settings: the key-value table, the requests' expiry and the credentials.

A mixin of PortalStore (servers/lgpdata/store.py), which gives it the Setting model and the
SecretBox. The API-KEY and the Senha are stored encrypted, with the key in lgpdata.key beside
the state file (servers/secret_box.py); Acesso, the operator's name, is kept in clear.
The clock's offset is a setting too, but the clock itself stays with PortalStore.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from servers.lgpdata.vocabulary import DEFAULT_EXPIRY_DAYS, MAX_EXPIRY_DAYS, PortalError
from servers.secret_box import SecretBox

DEFAULT_CREDENTIALS = {"api_key": "LGPD-DEMO-KEY", "access": "pdv", "password": "lgpd123"}
SEALED_CREDENTIALS = ("api_key", "password")
"""The credentials kept encrypted; Acesso is the operator's name, shown in the state."""
KEY_FILE = "lgpdata.key"


class PortalSettings:
    """PortalStore's settings, expiry and credentials."""

    Setting: Any
    box: SecretBox

    def _get(self, key: str, default: str | None = None) -> str | None:
        row = self.Setting.get_or_none(self.Setting.key == key)
        return row.value if row else default

    def _set(self, key: str, value: str) -> None:
        self.Setting.replace(key=key, value=value).execute()

    def is_initialized(self) -> bool:
        return self._get("scenario") is not None

    @property
    def expiry_days(self) -> int:
        return int(self._get("expiry_days", str(DEFAULT_EXPIRY_DAYS)) or DEFAULT_EXPIRY_DAYS)

    def set_expiry_days(self, days: int) -> None:
        if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_EXPIRY_DAYS:
            raise PortalError(
                422, f"O prazo de expiração deve ser um inteiro de 1 a {MAX_EXPIRY_DAYS} dias.", "prazo_invalido"
            )
        self._set("expiry_days", str(days))

    def credentials(self) -> dict[str, str]:
        """The credentials in clear (decrypted here, for the check and the masked state)."""
        raw = self._get("credentials")
        if not raw:
            return dict(DEFAULT_CREDENTIALS)
        stored = json.loads(raw)
        try:
            return {**stored, **{name: self.box.unseal(str(stored[name])) for name in SEALED_CREDENTIALS}}
        except ValueError as exc:
            raise PortalError(500, f"Credenciais do portal ilegíveis: {exc}.", "credenciais_ilegiveis") from None

    def set_credentials(self, api_key: str, access: str, password: str) -> None:
        if not (api_key and access and password):
            raise PortalError(422, "API-KEY, Acesso e Senha são obrigatórios.", "credenciais_invalidas")
        self._set(
            "credentials",
            json.dumps({"api_key": self.box.seal(api_key), "access": access, "password": self.box.seal(password)}),
        )

    def check_credentials(self, api_key: str | None, access: str | None, password: str | None) -> None:
        """401 naming the first credential that does not match: API-KEY, then Acesso, then Senha."""
        expected = self.credentials()
        for label, given, key in (
            ("API-KEY", api_key, "api_key"),
            ("Acesso", access, "access"),
            ("Senha", password, "password"),
        ):
            if not given:
                raise PortalError(401, f"{label} não informado(a).", f"credencial_ausente:{label}")
            if not secrets.compare_digest(given.encode(), expected[key].encode()):
                raise PortalError(401, f"{label} inválido(a).", f"credencial_invalida:{label}")

    def _seal_clear_credentials(self) -> None:
        """A state file of an older version keeps the credentials in clear: encrypted now."""
        raw = self._get("credentials")
        if not raw:
            return
        stored = json.loads(raw)
        if any(not self.box.is_sealed(str(stored.get(name, ""))) for name in SEALED_CREDENTIALS):
            self.set_credentials(str(stored["api_key"]), str(stored["access"]), str(stored["password"]))

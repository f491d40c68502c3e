"""Read and write the PDV's key/value settings."""

from __future__ import annotations

from storage.models import Setting


def get_setting(key: str, default: str | None = None) -> str | None:
    row = Setting.get_or_none(Setting.key == key)
    return row.value if row else default


def set_setting(key: str, value: str) -> None:
    Setting.upsert(key=key, value=value)

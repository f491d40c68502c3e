"""`pdv scenarios novo`: a trainer's own scenario file, started from a built-in.

The file `extends` the built-in, says in comments what can be changed, and names the JSON
Schema shipped beside the built-ins (`#:schema`, read by taplo / Even Better TOML) so an editor
checks keys and values while the trainer types. It is written only where no file is.
"""

from __future__ import annotations

import os
from pathlib import Path

from storage.scenarios.loader import NAME_PATTERN as NAME
from storage.scenarios.loader import SCENARIO_DIR, available, load_scenario, user_scenario_dir
from storage.scenarios.scenario import ScenarioError

SCHEMA_PATH = SCENARIO_DIR / "scenario.schema.json"
__all__ = ["NAME", "SCHEMA_PATH", "template", "user_scenario_dir", "write_new"]


def template(name: str, base: str, path: Path | None = None) -> str:
    """The text of a new scenario `name` extending the built-in `base` (to be written at `path`)."""
    parent = load_scenario(base)
    where = str(path) if path is not None else f"CAMINHO/{name}.toml"
    return f'''#:schema {SCHEMA_PATH.as_uri()}
# Cenário "{name}", a partir do cenário de fábrica "{base}" ({parent.title}).
# Tudo o que este arquivo não diz vem de "{base}"; uma tabela aqui muda só as chaves que escreve,
# uma lista ([[...]]) aqui substitui a lista inteira de "{base}".
#
#   pdv scenarios {where}
#       confere o arquivo (arquivo, chave e problema de cada erro)
#   pdv demo {where}
#       um PDV com este mundo remoto
#   pdv servers --scenario {where}
#       o mesmo para a sala de aula (e 'pdv sim reset' volta a ele)
#
# O editor (taplo / Even Better TOML) confere chaves e valores pelo esquema da primeira linha.

[scenario]
extends = "{base}"
title = "{name}"
description = """
Escreva aqui o que a turma vai ver e o que apertar (aparece em 'pdv scenarios --detalhes')."""

# --- Régua de Cobrança (License Server simulado) ---------------------------------------------
# [license]
# situation = "bloqueio-total"     # liberado | mensagem | bloqueio-parcial | bloqueio-total
# message = "Texto do AVISO FINANCEIRO"
#
# [license.trust_unlock]           # Desbloqueio em Confiança
# days = 3                         # dias liberados por desbloqueio
# max_per_30_days = 1              # desbloqueios permitidos a cada 30 dias
# refuse = false                   # true: todo pedido volta Sem Sucesso, com o motivo abaixo
# reason = "Limite atingido."
#
# [[license.branches]]             # um CNPJ com situação própria
# cnpj = "12.345.678/0002-76"
# situation = "mensagem"

# --- Portal LGPData simulado ------------------------------------------------------------------
# [lgpdata]
# expiry_days = 15                 # dias até uma solicitação não respondida expirar
#
# [[lgpdata.consents]]             # substitui a lista inteira do cenário de fábrica
# document = "709.409.858-88"
# operation = "convenio"           # convenio | fidelidade | fidelidade_febrafar
# status = "aceito"                # aceito, recusado, pendente, cancelado, expirado, ...

# --- Falhas simuladas -------------------------------------------------------------------------
# [[faults]]
# service = "license"              # license | lgpdata
# route = "access-check"           # 'pdv sim faults' lista as rotas
# kind = "delay"
# options = {{ ms = 5000 }}
'''


def write_new(name: str, base: str, folder: Path | None = None) -> Path:
    """Writes the new scenario file and returns its path; ScenarioError (file, key, problem) when
    the name is not a scenario name, the base is not a built-in, or the file already exists."""
    file = f"{name}.toml"
    if not NAME.fullmatch(name):
        raise ScenarioError(file, "", "nome inválido: use letras, números, - e _ (até 64, sem espaços)")
    if name in available():
        raise ScenarioError(file, "", f"'{name}' é um cenário de fábrica: escolha outro nome para o seu")
    if base not in available():
        raise ScenarioError(
            f"{base}.toml", "", f"cenário de fábrica '{base}' não existe (disponíveis: {', '.join(available())})"
        )
    folder = folder if folder is not None else user_scenario_dir()
    path = folder / file
    text = template(name, base, path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise ScenarioError(
            file, "", f"já existe em {folder}; nada foi alterado (escolha outro nome ou apague o arquivo)"
        ) from None
    except OSError as exc:
        raise ScenarioError(file, "", f"não foi possível criar em {folder} ({exc.strerror})") from None
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    load_scenario(str(path))  # the file loads (the base, merged, validated)
    return path

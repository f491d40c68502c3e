"""Every row of the README's key tables and scenario tables has a real-terminal test."""

from __future__ import annotations

from tests.terminal.readme_rows import readme_rows, table_lines


def test_the_readme_tables_are_found():
    rows = readme_rows()
    tables = {row.table for row in rows}
    assert {"Teclas", "Venda", "Avisos", "Treinamento", "Painel"} <= tables
    assert "Venda: Venda / Pré-venda | F8" in {row.name for row in rows}
    assert len([row for row in rows if row.table == "Treinamento"]) >= 20


def test_every_readme_row_has_a_test():
    lines, missing, unknown = table_lines()
    print("\nREADME: linha -> teste\n" + "\n".join(lines))
    assert not unknown, f"marcas que não nomeiam nenhuma linha do README: {unknown}"
    assert not missing, "linhas do README sem teste no terminal:\n" + "\n".join(missing)

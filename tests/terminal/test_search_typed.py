"""Search as you type in Venda, on a real terminal: words in any order, and a clear word when
nothing matches."""

from __future__ import annotations


def test_para_750_suggests_paracetamol_750mg(menu):
    term = menu
    term.press("f2")
    term.wait_for(r"Produto[\s\S]*TOTAL")
    term.write("para 750")
    # the list follows each key: "para " still shows every paracetamol, "para 750" only the two
    term.wait_until(
        lambda s: (
            "PARACETAMOL 750MG 20 CPR CIMED" in s
            and "PARACETAMOL 750MG 20 CPR NEO QUIMICA" in s
            and "PARACETAMOL 500MG" not in s
            and "PARACETAMOL 200MG" not in s
        ),
        "só os paracetamóis de 750 mg nas sugestões",
    )
    term.write(" xarope")
    term.wait_for(r"nenhum produto encontrado")
    term.wait_gone(r"PARACETAMOL 750MG 20 CPR CIMED")

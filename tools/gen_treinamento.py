"""Regenerates storage/scenarios/files/treinamento.toml (deterministic): python tools/gen_treinamento.py"""

from __future__ import annotations

import random
from pathlib import Path

from stdnum import ean
from stdnum.br import cnpj, cpf

from servers.lgpdata.vocabulary import STATUSES

rng = random.Random(2026)

DRUGS = [
    ("DIPIRONA SODICA", ["500MG 10 CPR", "1G 10 CPR", "500MG/ML GTS 20ML"]),
    ("PARACETAMOL", ["500MG 20 CPR", "750MG 20 CPR", "200MG/ML GTS 15ML"]),
    ("IBUPROFENO", ["400MG 10 CPS", "600MG 20 CPR", "50MG/ML GTS 30ML"]),
    ("AMOXICILINA", ["500MG 21 CPS", "875MG 14 CPR", "250MG/5ML SUSP 150ML"]),
    ("LOSARTANA POTASSICA", ["50MG 30 CPR", "100MG 30 CPR"]),
    ("ATENOLOL", ["25MG 30 CPR", "50MG 30 CPR"]),
    ("HIDROCLOROTIAZIDA", ["25MG 30 CPR", "50MG 30 CPR"]),
    ("METFORMINA", ["500MG 30 CPR", "850MG 30 CPR", "XR 500MG 30 CPR"]),
    ("SINVASTATINA", ["20MG 30 CPR", "40MG 30 CPR"]),
    ("OMEPRAZOL", ["20MG 28 CPS", "40MG 28 CPS"]),
    ("PANTOPRAZOL", ["20MG 28 CPR", "40MG 28 CPR"]),
    ("LORATADINA", ["10MG 12 CPR", "1MG/ML XPE 100ML"]),
    ("DESLORATADINA", ["5MG 10 CPR"]),
    ("AZITROMICINA", ["500MG 3 CPR", "40MG/ML SUSP 15ML"]),
    ("CEFALEXINA", ["500MG 8 CPS", "250MG/5ML SUSP 100ML"]),
    ("NIMESULIDA", ["100MG 12 CPR", "50MG/ML GTS 15ML"]),
    ("DICLOFENACO SODICO", ["50MG 20 CPR", "GEL 60G"]),
    ("PREDNISONA", ["5MG 20 CPR", "20MG 10 CPR"]),
    ("ENALAPRIL", ["10MG 30 CPR", "20MG 30 CPR"]),
    ("ANLODIPINO", ["5MG 30 CPR", "10MG 30 CPR"]),
    ("LEVOTIROXINA", ["25MCG 30 CPR", "50MCG 30 CPR", "100MCG 30 CPR"]),
    ("SERTRALINA", ["50MG 30 CPR"]),
    ("FLUOXETINA", ["20MG 30 CPS"]),
    ("CLONAZEPAM", ["2MG 30 CPR", "2.5MG/ML GTS 20ML"]),
    ("ESCITALOPRAM", ["10MG 30 CPR"]),
    ("CETIRIZINA", ["10MG 12 CPR"]),
    ("BROMOPRIDA", ["10MG 20 CPS", "4MG/ML GTS 20ML"]),
    ("ONDANSETRONA", ["4MG 10 CPR", "8MG 10 CPR"]),
    ("BUSCOPAN COMPOSTO", ["10 DRG", "GTS 20ML"]),
    ("DORFLEX", ["10 CPR", "36 CPR"]),
    ("NEOSALDINA", ["10 DRG", "30 DRG"]),
    ("ENGOV", ["6 CPR"]),
    ("ESTOMAZIL", ["PO 5G 6 ENV"]),
    ("SORINE", ["ADULTO 30ML", "INFANTIL 30ML"]),
    ("SALONPAS", ["EMPLASTRO 10UN"]),
    ("VITAMINA C", ["1G 10 CPR EFERV", "500MG 30 CPR"]),
    ("VITAMINA D3", ["2000UI 30 CPS", "7000UI 8 CPS"]),
    ("COMPLEXO B", ["30 DRG"]),
    ("ACIDO FOLICO", ["5MG 30 CPR"]),
    ("SULFATO FERROSO", ["40MG 50 CPR"]),
    ("SORO FISIOLOGICO", ["0,9% 500ML", "0,9% 250ML"]),
    ("ALCOOL 70%", ["GEL 500G", "LIQUIDO 1L"]),
    ("PROTETOR SOLAR", ["FPS 50 120ML", "FPS 30 200ML"]),
    ("FRALDA GERIATRICA", ["M 8UN", "G 8UN"]),
    ("FRALDA INFANTIL", ["P 30UN", "M 28UN", "G 24UN", "XG 20UN"]),
    ("ESCOVA DENTAL", ["MACIA", "MEDIA"]),
    ("CREME DENTAL", ["90G", "COM FLUOR 70G"]),
    ("FIO DENTAL", ["50M"]),
    ("ABSORVENTE", ["COM ABAS 8UN", "NOTURNO 8UN"]),
    ("TERMOMETRO DIGITAL", ["UN"]),
    ("CURATIVO", ["TRANSPARENTE 10UN", "SORTIDO 40UN"]),
    ("GAZE ESTERIL", ["7,5X7,5 10UN"]),
    ("ESPARADRAPO", ["10CMX4,5M"]),
    ("SHAMPOO ANTICASPA", ["200ML"]),
    ("HIDRATANTE CORPORAL", ["400ML"]),
    ("LENCO UMEDECIDO", ["50UN", "100UN"]),
    ("TESTE DE GRAVIDEZ", ["UN"]),
    ("PRESERVATIVO", ["3UN", "LUBRIFICADO 6UN"]),
    ("GLICOSIMETRO", ["KIT"]),
    ("TIRAS DE GLICEMIA", ["50UN"]),
    ("COLIRIO LUBRIFICANTE", ["10ML"]),
    ("POMADA PARA ASSADURA", ["45G"]),
    ("LOSARTANA + HCTZ", ["50/12,5MG 30 CPR"]),
    ("RIVOTRIL", ["2MG 30 CPR"]),
    ("TYLENOL", ["750MG 20 CPR"]),
    ("NOVALGINA", ["1G 10 CPR"]),
    ("ADVIL", ["400MG 8 CPS"]),
    ("EPOCLER", ["6 FLAC 10ML"]),
    ("MERTHIOLATE", ["SPRAY 45ML"]),
    ("NEOSORO", ["30ML"]),
    ("BEPANTOL", ["DERMA 20G"]),
    ("HIPOGLOS", ["40G"]),
    ("NEBACETIN", ["POMADA 15G"]),
    ("TORSILAX", ["30 CPR"]),
    ("BENEGRIP", ["6 CPR", "12 CPR"]),
    ("CIMEGRIPE", ["20 CPS"]),
    ("XAROPE VICK", ["120ML"]),
    ("PASTILHA VALDA", ["50G"]),
    ("ANADOR", ["500MG 4 CPR"]),
    ("LUFTAL", ["40MG 20 CPR", "GTS 15ML"]),
    ("DRAMIN", ["B6 10 CPR"]),
    ("ATROVERAN", ["20 CPR"]),
    ("ALLEGRA", ["120MG 10 CPR", "180MG 10 CPR"]),
    ("DIOVAN", ["160MG 28 CPR"]),
    ("GLIFAGE XR", ["500MG 30 CPR"]),
    ("PURAN T4", ["50MCG 30 CPR", "75MCG 30 CPR"]),
    ("SELOZOK", ["50MG 30 CPR"]),
    ("XARELTO", ["20MG 28 CPR"]),
]
MAKERS = ["EMS", "MEDLEY", "EUROFARMA", "NEO QUIMICA", "PRATI", "GERMED", "CIMED", "SANOFI", "EMS GENERICO"]

FIRST = [
    "Ana",
    "Bruno",
    "Carla",
    "Daniel",
    "Eduarda",
    "Felipe",
    "Gabriela",
    "Henrique",
    "Isabela",
    "João",
    "Karina",
    "Lucas",
    "Mariana",
    "Nelson",
    "Olívia",
    "Paulo",
    "Quitéria",
    "Rafael",
    "Sabrina",
    "Tiago",
    "Ursula",
    "Vinícius",
    "Wagner",
    "Yasmin",
    "Zeca",
    "Beatriz",
    "Cláudio",
    "Denise",
    "Everton",
    "Fernanda",
    "Gustavo",
    "Helena",
    "Igor",
    "Juliana",
    "Leandro",
    "Márcia",
]
LAST = [
    "Silva",
    "Santos",
    "Oliveira",
    "Souza",
    "Rodrigues",
    "Ferreira",
    "Alves",
    "Pereira",
    "Lima",
    "Gomes",
    "Costa",
    "Ribeiro",
    "Martins",
    "Carvalho",
    "Almeida",
    "Lopes",
    "Soares",
    "Fernandes",
    "Vieira",
    "Barbosa",
    "Rocha",
    "Dias",
    "Nascimento",
    "Andrade",
    "Moreira",
    "Nunes",
    "Marques",
]


def make_cpf() -> str:
    base = "".join(str(rng.randint(0, 9)) for _ in range(9))
    return base + cpf._calc_check_digits(base)


def make_cnpj(prefix: str | None = None) -> str:
    base = prefix or "".join(str(rng.randint(0, 9)) for _ in range(8)) + "0001"
    return base + cnpj.calc_check_digits(base)


def q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


OPERATION_OF = {
    "EMPR01": "convenio",
    "EMPR02": "convenio",
    "SIND01": "convenio",
    "PBM01": "convenio",
    "FID01": "fidelidade",
    "FEBRA": "fidelidade_febrafar",
}
BRANCH1_CNPJ = "12.345.678/0001-95"
LGPD_CREDENTIALS = {"api_key": "BEMESTAR-7F3A-2026", "access": "pdv.bemestar", "password": "Termo@2026"}
TERM_TEXTS = {
    "convenio": (
        "TERMO DE CONSENTIMENTO PARA TRATAMENTO DE DADOS PESSOAIS - CONVÊNIO\n\n"
        "Em atenção à Lei nº 13.709/2018 (Lei Geral de Proteção de Dados - LGPD), autorizo a "
        "DROGARIA BEM ESTAR LTDA a tratar meus dados pessoais (nome, documento de identificação, "
        "convênio, histórico de compras e valores a prazo) com a finalidade exclusiva de realizar "
        "vendas pelo convênio do qual faço parte, cobrar os títulos correspondentes e prestar contas "
        "à empresa conveniada.\n\n"
        "Os dados serão guardados pelo tempo necessário ao cumprimento dessas finalidades e das "
        "obrigações legais. Posso, a qualquer momento, pedir acesso, correção, exclusão dos dados "
        "ou a remoção deste consentimento pelo mesmo portal."
    ),
    "fidelidade": (
        "TERMO DE CONSENTIMENTO PARA TRATAMENTO DE DADOS PESSOAIS - PROGRAMA DE FIDELIDADE\n\n"
        "Autorizo a DROGARIA BEM ESTAR LTDA a tratar meus dados pessoais (nome, documento, contato "
        "e histórico de compras) para conceder descontos e benefícios do programa de fidelidade "
        "CLUBE BEM ESTAR, nos termos da Lei nº 13.709/2018 (LGPD).\n\n"
        "Posso, a qualquer momento, pedir a exclusão dos dados ou a remoção deste consentimento."
    ),
    "fidelidade_febrafar": (
        "TERMO DE CONSENTIMENTO PARA TRATAMENTO DE DADOS PESSOAIS - FIDELIDADE FEBRAFAR\n\n"
        "Autorizo a DROGARIA BEM ESTAR LTDA e a rede associativa FEBRAFAR a tratar meus dados "
        "pessoais (nome, documento, contato e histórico de compras) para conceder os benefícios do "
        "programa de fidelidade da rede, nos termos da Lei nº 13.709/2018 (LGPD).\n\n"
        "Posso, a qualquer momento, pedir a exclusão dos dados ou a remoção deste consentimento."
    ),
}


def lgpd_sections(consents: list[tuple[str, str, str, str]]) -> list[str]:
    """Branch 1's Integração Portal LGPD, and the portal: credentials, terms, consents."""
    lines = [
        "# Integração Portal LGPD of branch 1 (the PDV side). url empty = the simulated portal.",
        "[[lgpd_settings]]",
        "branch = 1",
        "term_branch = 1",
        'lgpd_name = "DROGARIA BEM ESTAR LTDA"',
        "banner_id = 0",
        *(f"{key} = {q(value)}" for key, value in LGPD_CREDENTIALS.items()),
        "validity_days = 0",
        'url = ""',
        "",
        "# The simulated LGPData portal.",
        "[lgpdata]",
        "expiry_days = 15",
        "",
        "[lgpdata.credentials]",
        *(f"{key} = {q(value)}" for key, value in LGPD_CREDENTIALS.items()),
        "",
    ]
    for operation, text in TERM_TEXTS.items():
        lines += [
            "[[lgpdata.terms]]",
            f"cnpj = {q(BRANCH1_CNPJ)}",
            "banner_id = 0",
            f"operation = {q(operation)}",
            'version = "1"',
            f'text = """{text}"""',
            "",
        ]
    for document, kind, operation, status in consents:
        lines += [
            "[[lgpdata.consents]]",
            f"document = {document}",
            f"document_type = {q(kind)}",
            f"operation = {q(operation)}",
            f"status = {q(status)}",
            "",
        ]
    return lines


def main() -> None:
    out: list[str] = []
    w = out.append
    w("# Treinamento: a small believable pharmacy. Demo passwords are hashed when seeded.")
    w("[scenario]")
    w('title = "Treinamento: Drogaria Bem Estar, tudo liberado"')
    w('description = """')
    w("Loja padrão de treinamento: duas filiais, um operador e um supervisor, 324 produtos,")
    w("clientes PF e PJ em vários convênios. A Régua de Cobrança responde Liberado e o portal")
    w('LGPData está no ar. Entre com operador / 1234 ou supervisor / 4321."""')
    w('app_version = "215.010"')
    w("current_branch = 1")
    w("")
    w("[[branches]]")
    w("code = 1")
    w(f'cnpj = "{cnpj.format(make_cnpj("12345678" + "0001"))}"')
    w('name = "DROGARIA BEM ESTAR LTDA"')
    w('trade_name = "Drogaria Bem Estar - Centro"')
    w("lgpd_enabled = true")
    w("")
    w("[[branches]]")
    w("code = 2")
    w(f'cnpj = "{cnpj.format(make_cnpj("12345678" + "0002"))}"')
    w('name = "DROGARIA BEM ESTAR LTDA"')
    w('trade_name = "Drogaria Bem Estar - Vila Nova"')
    w("lgpd_enabled = false")
    w("")
    w("[[users]]")
    w('login = "operador"\nname = "Ana Paula Ramos"\nrole = "operador"\npassword = "1234"')
    w("")
    w("[[users]]")
    w('login = "supervisor"\nname = "Carlos Mendes"\nrole = "supervisor"\npassword = "4321"')
    w("")
    agreements = [
        ("PART", "PARTICULAR", "Particular", "nenhuma", "", False),
        ("CARTAO", "CARTAO DE CREDITO/DEBITO", "Cartão", "nenhuma", "", False),
        ("EMPR01", "METALURGICA SAO JORGE", "Empresa", "notificar", "convenio", True),
        ("EMPR02", "PREFEITURA MUNICIPAL", "Empresa", "bloquear", "convenio", True),
        ("SIND01", "SINDICATO DOS COMERCIARIOS", "Sindicato", "notificar", "convenio", True),
        ("PBM01", "PBM VIDA MAIS", "PBM", "bloquear", "convenio", False),
        ("FID01", "CLUBE BEM ESTAR", "Fidelidade", "notificar", "fidelidade", False),
        ("FEBRA", "FEBRAFAR FIDELIDADE", "Fidelidade", "bloquear", "fidelidade_febrafar", False),
    ]
    for code, name, kind, rule, op, credit in agreements:
        w("[[agreements]]")
        w(f"code = {q(code)}\nname = {q(name)}\ntype = {q(kind)}\nconsent_rule = {q(rule)}")
        if op:
            w(f"consent_operation = {q(op)}")
        w(f"allows_credit = {'true' if credit else 'false'}")
        w("")
    products: list[str] = ["# Top-level keys come before the first table in TOML.", "products = ["]
    n = 0
    for drug, forms in DRUGS:
        for form in forms:
            for maker in rng.sample(MAKERS, 2 if len(forms) > 1 else 3):
                n += 1
                base = "789" + f"{rng.randint(0, 9999):04d}" + f"{n:05d}"
                code = base + ean.calc_check_digit(base)
                price = f"{rng.uniform(4, 60):.2f}"
                name = f"{drug} {form} {maker}"
                products.append(f"  {{ code = {q(str(n))}, ean = {q(code)}, name = {q(name)}, price = {q(price)} }},")
    products += ["]", ""]
    out[1:1] = products
    assert n >= 200, n
    portal_consents: list[tuple[str, str, str, str]] = []
    links = [
        ["PART"],
        ["CARTAO"],
        ["EMPR01"],
        ["EMPR02"],
        ["SIND01"],
        ["PBM01"],
        ["FID01"],
        ["FEBRA"],
        ["EMPR01", "FID01"],
        ["EMPR02", "FEBRA"],
    ]
    statuses = list(STATUSES)
    for i in range(56):
        first, last = rng.choice(FIRST), rng.choice(LAST) + " " + rng.choice(LAST)
        w("[[customers]]")
        w(f'code = "{i + 1:04d}"\nname = {q(first + " " + last)}\nperson_type = "PF"')
        if i % 19 == 7:
            w('document_type = "RG"\ndocument = "' + str(rng.randint(10_000_000, 59_999_999)) + '"')
        elif i % 23 == 11:
            pass  # no document
        else:
            w(f'document_type = "CPF"\ndocument = "{cpf.format(make_cpf())}"')
        agr = links[i % len(links)]
        w("agreements = [" + ", ".join(q(a) for a in agr) + "]")
        if agr[0] not in ("PART", "CARTAO"):
            w("consent = { " + ", ".join(f"{a} = {q(statuses[i % len(statuses)])}" for a in agr) + " }")
            document_line = ""
            if i % 19 == 7 or i % 23 != 11:
                block = "\n".join(out[-3:])
                document_line = block[block.rindex("document = ") :].split("\n", 1)[0]
            if document_line:
                status = statuses[i % len(statuses)]
                if status == "pendente" and i % 16 == 2:
                    status = "aceito"  # accepted on the phone since the PDV last asked
                kind = "RG" if i % 19 == 7 else "CPF"
                for op in sorted({OPERATION_OF[a] for a in agr}):
                    portal_consents.append((document_line.split("=", 1)[1].strip(), kind, op, status))
        w("")
    companies = [
        ("FARMACIA POPULAR DO BAIRRO LTDA", None),
        ("CLINICA SAO LUCAS S/A", None),
        ("LABORATORIO ALFA NUMERICO LTDA", "12ABC34501DE"),
        ("CONSTRUTORA HORIZONTE LTDA", None),
    ]
    for j, (name, prefix) in enumerate(companies):
        w("[[customers]]")
        w(f'code = "{900 + j:04d}"\nname = {q(name)}\nperson_type = "PJ"')
        w(f'document_type = "CNPJ"\ndocument = "{cnpj.format(make_cnpj(prefix))}"')
        w('agreements = ["EMPR01"]' if j % 2 == 0 else 'agreements = ["PART"]')
        w("")
    w("[license]")
    w('situation = "liberado"')
    w("")
    out.extend(lgpd_sections(portal_consents))
    Path(__file__).resolve().parent.parent.joinpath("storage/scenarios/files/treinamento.toml").write_text(
        "\n".join(out) + "\n"
    )


if __name__ == "__main__":
    main()

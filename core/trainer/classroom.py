"""Classroom mode: each student's PDV answers for its own branch CNPJ, so the trainer can change
the Régua de Cobrança answer of one student (`pdv sim license CNPJ ...`) and no one else's. The
CNPJ belongs to the run (`--aluno N`), never to the database.

The CNPJ is deterministic: the store's root (first 8 characters of the branch's CNPJ), the
branch order 9000 + N, and the check digits. Student 2 is always 12.345.678/9002-.. in the
default store, on every machine, so the trainer can write the list on the board.
"""

from __future__ import annotations

from stdnum.br import cnpj as _cnpj

from domain.documents import format_cnpj

MAX_STUDENT = 999
STUDENT_ORDER_BASE = 9000


def student_cnpj(branch_cnpj: str, student: int) -> str:
    """The compact CNPJ of student N's branch (1 <= N <= 999) under the branch's root."""
    if not 1 <= student <= MAX_STUDENT:
        raise ValueError(f"aluno {student} fora do intervalo 1 a {MAX_STUDENT}")
    first12 = branch_cnpj[:8] + f"{STUDENT_ORDER_BASE + student:04d}"
    return first12 + _cnpj.calc_check_digits(first12)


def apply_student(context, student: int) -> str:
    """This run answers as student N (AppContext.branch_cnpj) and returns the CNPJ, compact. The
    store's branch is left as the store says: the identity lives in this run only, so two
    students on one machine (one database) each keep their own, and a later plain `pdv` is the
    store's again."""
    wanted = student_cnpj(context.current_branch().cnpj, student)
    context.student_cnpj = wanted
    context.audit.record("aluno", {"aluno": student, "cnpj": format_cnpj(wanted)}, branch_cnpj=wanted)
    return wanted


def student_label(student: int, cnpj: str) -> str:
    """What the header shows: which student and the CNPJ the trainer targets."""
    return f"Aluno {student} · {format_cnpj(cnpj)}"

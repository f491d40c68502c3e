"""Property tests (hypothesis) of document validation: CPF, numeric and alphanumeric CNPJ."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.br import cnpj, cpf

from domain.documents import (
    DocumentError,
    compact_cnpj,
    compact_cpf,
    format_cnpj,
    format_cpf,
    is_valid_cnpj,
    is_valid_cpf,
    masked_document,
)

digits = st.text(alphabet=string.digits, min_size=9, max_size=9)
cnpj_base = st.text(alphabet=string.digits + string.ascii_uppercase, min_size=12, max_size=12)


@given(digits)
def test_any_cpf_with_its_check_digits_is_valid_and_round_trips(base):
    number = base + cpf._calc_check_digits(base)
    if len(set(number)) == 1:  # 000.000.000-00 and the like are refused on purpose
        assert not is_valid_cpf(number)
        return
    assert is_valid_cpf(number)
    assert compact_cpf(format_cpf(number)) == number


@given(digits, st.integers(1, 9))
def test_a_wrong_last_cpf_check_digit_is_invalid(base, delta):
    """(Only the last digit: mod 11 maps remainders 0 and 1 alike, so some single-digit changes
    elsewhere keep a CPF valid — hypothesis found 441.021.098-xx.)"""
    number = base + cpf._calc_check_digits(base)
    changed = number[:10] + str((int(number[10]) + delta) % 10)
    assert not is_valid_cpf(changed)


@given(cnpj_base)
def test_alphanumeric_cnpj_with_its_check_digits_is_valid_and_round_trips(base):
    number = base + cnpj.calc_check_digits(base)
    if number.isdigit() and len(set(number)) == 1:
        return
    assert is_valid_cnpj(number)
    assert is_valid_cnpj(number.lower())  # typed in lower case, still the same CNPJ
    assert compact_cnpj(format_cnpj(number)) == number


@given(cnpj_base, st.integers(12, 13), st.integers(1, 9))
def test_wrong_cnpj_check_digit_is_invalid(base, position, delta):
    number = base + cnpj.calc_check_digits(base)
    changed = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]
    assert not is_valid_cnpj(changed)


@settings(max_examples=300)
@given(st.text(max_size=40))
def test_garbage_never_raises_anything_but_a_clear_document_error(text):
    for check in (compact_cpf, compact_cnpj):
        try:
            check(text)
        except DocumentError as exc:
            assert "inválido" in str(exc)


@given(st.text(alphabet=string.digits, min_size=0, max_size=20))
def test_masking_keeps_only_the_last_four(value):
    masked = masked_document(value)
    assert len(masked) == len(value)
    assert masked[-4:] == value[-4:]
    assert set(masked[:-4]) <= {"*"}


@pytest.mark.parametrize("digit", "0123456789")
def test_one_repeated_digit_is_not_a_document(digit):
    """111.111.111-11 and 11.111.111/1111-80 add up by their check digits and are still not
    documents (the Receita Federal refuses them); every layer asks domain.documents."""
    from stdnum.br import cnpj as stdnum_cnpj
    from stdnum.br import cpf as stdnum_cpf

    from domain.documents import DocumentError, compact_cnpj, compact_cpf, is_valid_cnpj, is_valid_cpf

    cpf = digit * 11
    cnpj = digit * 12 + stdnum_cnpj.calc_check_digits(digit * 12)
    assert not is_valid_cpf(cpf) and not is_valid_cnpj(cnpj)
    with pytest.raises(DocumentError, match="CPF inválido"):
        compact_cpf(cpf)
    with pytest.raises(DocumentError, match="CNPJ inválido"):
        compact_cnpj(cnpj)
    if digit == "1":
        assert stdnum_cpf.is_valid(cpf) and stdnum_cnpj.is_valid(cnpj)  # the check digits alone pass

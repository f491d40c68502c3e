"""Venda, Pré-venda, Recebimento de títulos: screens, dialogs, the cart table and the cupom."""

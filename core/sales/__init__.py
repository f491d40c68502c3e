"""Venda, Pré-venda and Recebimento de títulos: the cart, the draft, finalizing, receivables."""

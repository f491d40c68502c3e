"""Cadastro: customers, agreements, and the search as you type."""

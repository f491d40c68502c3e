"""Painel do instrutor (F12) and its forms."""

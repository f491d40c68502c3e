"""Cadastro on screen: customers, agreements, Alteração especial, Parâmetros."""

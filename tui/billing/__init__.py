"""The Régua de Cobrança on screen: AVISO FINANCEIRO, Desbloqueio em Confiança."""

"""The simulated remote world (License Server + Régua de Cobrança, LGPData portal).

Real HTTP services; they import nothing of tui, core or storage and keep their own state.
"""

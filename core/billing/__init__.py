"""Régua de Cobrança: the check at every login (service), the License Server / Régua client, and
the trainers' admin client of the simulated License Server."""

"""The simulated License Server and Régua de Cobrança (one FastAPI app, mounted at /license)."""

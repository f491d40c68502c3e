"""Faults of the simulated services: the ASGI layer, the registry, the specs, the admin routes."""

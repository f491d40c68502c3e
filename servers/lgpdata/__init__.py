"""The simulated LGPData consent portal (its own SQLite file, its own routes)."""

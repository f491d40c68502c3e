"""Scenario files (files/*.toml): loader and checks, the JSON Schema, seeding a store from one."""

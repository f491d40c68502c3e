"""The kernel every feature of core stands on: the context of a run, config, clock, errors, session,
audit, login and permissions, and the one HTTP path (http, admin_client)."""

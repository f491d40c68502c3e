"""The PDV's rules and services, and the HTTP clients of the remote services. No textual here."""

"""Auditoria: the audit log and one entry whole."""

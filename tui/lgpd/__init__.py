"""LGPD on screen: the Notificar and Bloquear dialogs, the customer's tab, the consent link, settings."""

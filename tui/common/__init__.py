"""What every screen shares: the base screen, dialogs, form rows, the header."""

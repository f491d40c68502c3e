"""Login and the main menu."""

"""The Textual app of the PDV and its command line."""

"""The `pdv` command line (click): no textual at import time."""

"""Trainers' side: the instructor panel, faults, classroom mode, the embedded world and its token."""

"""The vocabulary at the bottom of the house: rules about values (documents today) that every
layer may use. Imports nothing of the project."""

"""The PDV database (peewee models, migrations) and the scenario files that seed it."""

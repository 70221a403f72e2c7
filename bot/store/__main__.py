"""`python -m bot.store [DATABASE_URL]`: upgrade the database to the newest schema."""
import sys

from .migrate import migrate

migrate(sys.argv[1] if len(sys.argv) > 1 else None)
print("database is at the newest schema")

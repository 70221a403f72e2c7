"""`python -m bot.store [DATABASE_URL]`: upgrade the database to the newest schema."""
import sys

from bot.private_files import use_private_umask

from .migrate import migrate

use_private_umask()  # a new SQLite database file holds patient data
migrate(sys.argv[1] if len(sys.argv) > 1 else None)
print("database is at the newest schema")

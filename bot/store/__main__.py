"""`python -m bot.store [DATABASE_URL]`: upgrade the database (default: the configured one) to the newest schema."""

import sys

from bot.private_files import use_private_umask
from bot.settings import Settings

from .migrate import migrate

use_private_umask()  # a new SQLite database file holds patient data
migrate(sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else Settings.from_env().database_url)
print("database is at the newest schema")

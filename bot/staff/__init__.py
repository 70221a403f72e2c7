"""Staff review: a small web app (and JSON API) where clinic staff review intakes, transcripts and bookings.

Run it with `python -m bot.staff --port 8090`; create accounts with `python -m bot.staff.users create`."""

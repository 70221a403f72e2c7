"""`python -m bot.staff.users`: manage staff accounts and API tokens.

create --username X [--admin] [--display-name N]   password from $STAFF_PASSWORD, --password-stdin, or a prompt
password --username X                              set a new password (ends the user's sessions)
disable / enable --username X
unlock --username X                                end the login throttle of the account (after an attack)
list
token --username X --name NAME                     prints a new API token once
revoke-token --id N
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from bot.settings import Settings
from bot.store import make_engine, migrate, session_factory

from .accounts import (
    AccountError,
    create_token,
    create_user,
    list_users,
    revoke_token,
    set_active,
    set_password,
    unlock_login,
)
from .passwords import WeakPassword


def _read_password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if os.environ.get("STAFF_PASSWORD"):
        return os.environ["STAFF_PASSWORD"]
    first = getpass.getpass("Password (12+ characters, hard to guess: a few unrelated words): ")
    if getpass.getpass("Again: ") != first:
        raise AccountError("the passwords differ")
    return first


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.staff.users", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("create", "password", "disable", "enable", "unlock", "token"):
        p = sub.add_parser(name)
        p.add_argument("--username", required=True)
        if name in ("create", "password"):
            p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
        if name == "create":
            p.add_argument("--admin", action="store_true", help="may see the clinic-wide access log")
            p.add_argument("--display-name")
        if name == "token":
            p.add_argument("--name", required=True, help="what the token is for")
    sub.add_parser("list")
    p = sub.add_parser("revoke-token")
    p.add_argument("--id", type=int, required=True)
    args = parser.parse_args(argv)

    database_url = Settings.from_env().database_url
    migrate(database_url)  # the staff tables may not exist yet on a fresh database
    engine = make_engine(database_url)
    factory = session_factory(engine)
    try:
        if args.command == "create":
            user = create_user(
                factory, args.username, _read_password(args), display_name=args.display_name, is_admin=args.admin
            )
            print(f"created staff user {user.username}" + (" (admin)" if user.is_admin else ""))
        elif args.command == "password":
            set_password(factory, args.username, _read_password(args))
            print("password changed; the user's open sessions were ended")
        elif args.command in ("disable", "enable"):
            set_active(factory, args.username, args.command == "enable")
            print(f"{args.username} {args.command}d")
        elif args.command == "unlock":
            name = unlock_login(factory, args.username)
            print(f"{name}: login throttle ended (client addresses that failed at many accounts stay slowed)")
        elif args.command == "list":
            for u in list_users(factory):
                print(f"{u.username}\t{'admin' if u.is_admin else 'staff'}\t{'active' if u.active else 'disabled'}")
        elif args.command == "token":
            token_id, token = create_token(factory, args.username, args.name)
            print(f"token {token_id} (shown only now; send it as 'Authorization: Bearer <token>'):\n{token}")
        elif args.command == "revoke-token":
            revoke_token(factory, args.id)
            print(f"token {args.id} revoked")
    except (AccountError, WeakPassword) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())

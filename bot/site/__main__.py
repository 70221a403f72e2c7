"""python -m bot.site --port 8080 --server-url http://127.0.0.1:5005"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.private_files import use_private_umask
from bot.site.server import WIDGET, SiteServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The clinic's demo site with the chat widget.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--server-url", default="http://127.0.0.1:5005", help="where the Rasa server runs")
    parser.add_argument("--widget-dir", default=str(WIDGET), help="the built widget (make web)")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    use_private_umask()
    if not (Path(args.widget_dir) / "widget.js").exists():
        print(f"No built widget in {args.widget_dir}: run `make web` first.", file=sys.stderr)
        return 1
    server = SiteServer(args.host, args.port, args.server_url, args.widget_dir, args.verbose)
    print(f"Demo site: {server.url}/  (chat server {server.server_url})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

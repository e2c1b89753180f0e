"""The `efiling` command: Django's management commands under the project's own name."""

import os
import signal
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if hasattr(signal, "SIGPIPE"):  # `efiling courts | head` ends quietly, like other commands
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    from django.core.management import execute_from_command_line

    args = sys.argv[1:] if argv is None else argv
    execute_from_command_line(["efiling", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``python -m eventwire`` is the same as the ``eventwire`` command."""

from .cli import main

main()

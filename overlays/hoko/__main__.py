"""`python -m hoko`: the command line (needs the cli extra)."""

from hoko_cli import main

main()

"""`python -m quizdeck` runs the command line."""

from .cli import main

main()

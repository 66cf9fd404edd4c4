"""`python -m quizdeck` runs the command line."""

from quizdeck.cli.launch import main

main()

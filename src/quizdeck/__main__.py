"""`python -m quizdeck` runs the command line."""

from .launch import main

main()

"""quizdeck: grounded question banks from news articles, compiled to Anki, print and self-test."""

__version__ = "0.1.0"

"""Importers of a class's answers (README: grade): one module per source format."""

"""`quizdeck scan`: answer sheets read back from scans and photos (README: quizdeck scan)."""

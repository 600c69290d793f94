"""What `factcheck init` writes into a new desk (package data; see factcheck/init.py)."""

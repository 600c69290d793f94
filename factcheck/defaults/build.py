#!/usr/bin/env python3
"""Check the fact-check's claims and build its site: see `python build.py --help`."""

from pathlib import Path

from factcheck.cli import main

if __name__ == "__main__":
    raise SystemExit(main(root=Path(__file__).resolve().parent))

"""Fact-check desk: claims that cite source articles, checked exactly and published as a site."""

__version__ = "0.1.0"

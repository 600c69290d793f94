"""The published site: MkDocs Material pages generated from the checked claims and the sources.

Analyst text (claims, summaries, notes, source metadata and bodies) is untrusted. MkDocs
templates do not autoescape and Material prints page titles and descriptions raw, so every piece
of it is escaped here, before it reaches MkDocs.
"""

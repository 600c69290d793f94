"""What the site publishes, before any HTML: the content of a check (claims, sources, the indexes
between them), where each page lives and how pages link, how sources are named, and the shape of
a generated page (front matter, headings, markers for its blocks)."""

"""The HTML the pages are made of: escaping analyst text for each place it lands, the analyst's
Markdown as text, and the shared pieces (verdict badges, stance labels, claim tables, the chart,
highlighted passages, excerpts)."""

"""The machine-readable site: schema.org ClaimReview on each claim page, claims.json, the W3C
Web Annotations of every citation, and the Atom feed."""

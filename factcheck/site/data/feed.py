"""``/feed.xml``: an Atom 1.0 feed (RFC 4287) of the newest published and corrected fact-checks.

One entry per fact-check, newest first by when it last changed for a reader (first published, or
corrected), at most ``FEED_ENTRIES``. Each has an id, title, link, updated, published (when the
claim says), a text summary that starts with the verdict and, for a corrected fact-check, says
that it was corrected and when.

Ids are IRIs that never change for a claim: its page's absolute URL when the site's address is
set, else a ``urn:uuid:`` made from the site's name and the claim id (the feed is then served
from wherever the site is, and its links are relative to the feed). Dates come from the claims
only (the site's own date where a claim has none), so two builds of one input are identical.
Text is escaped for XML, and characters XML cannot carry at all (control characters) dropped.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from ...model import Claim
from ..html.analyst_markdown import plain_text
from ..html.escaping import one_line
from ..plan.content import SiteContent

FEED = "feed.xml"
FEED_ENTRIES = 50
SUMMARY_LIMIT = 400
ATOM = "http://www.w3.org/2005/Atom"
# Not allowed anywhere in an XML 1.0 document, escaped or not.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    return escape(_NOT_XML.sub("", str(value)))


def xml_attr(value: object) -> str:
    return quoteattr(_NOT_XML.sub("", str(value)))


def _timestamp(day: str) -> str:
    return f"{day}T00:00:00Z"  # RFC 3339, as Atom requires


@dataclass(frozen=True)
class Entry:
    claim: Claim
    updated: str  # YYYY-MM-DD
    published: str | None


def entries(content: SiteContent, site_date: str | None) -> list[Entry]:
    """The newest fact-checks by when they last changed for a reader, at most FEED_ENTRIES."""
    found = []
    for claim in content.claims:
        if not claim.is_published:
            continue  # a draft (in a --drafts build) is not announced
        dates = [d for d in (claim.published, claim.modified) if d]
        updated = max(dates) if dates else site_date
        if updated is None:
            continue  # no date at all: nothing says when it appeared
        found.append(Entry(claim, updated, claim.published))
    found.sort(key=lambda e: e.claim.id)
    found.sort(key=lambda e: e.updated, reverse=True)
    return found[:FEED_ENTRIES]


def _summary(entry: Entry, content: SiteContent) -> str:
    claim = entry.claim
    parts = [f"Verdict: {content.verdict(claim).label}."]
    if claim.corrections:
        last = claim.corrections[-1]
        count = len(claim.corrections)
        parts.insert(0, f"Corrected {last.date}" + (f" ({count} corrections)" if count > 1 else "")
                     + f": {plain_text(last.note)}")
    parts.append(plain_text(claim.summary))
    return one_line(" ".join(parts), SUMMARY_LIMIT)


def atom_feed(content: SiteContent, title: str, subtitle: str | None, author: str,
              url: Callable[[str], str | None], claim_path: Callable[[str], str],
              site_date: str | None) -> str:
    """The feed's XML. ``url(site_path)``: the absolute URL of a site path, None without a site
    address; ``claim_path(id)``: the site path of a claim's page."""
    chosen = entries(content, site_date)
    feed_url = url(FEED)
    feed_id = feed_url or _urn(title, "feed")
    home = url("") or "./"
    updated = chosen[0].updated if chosen else (site_date or "1970-01-01")
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<feed xmlns="{ATOM}">',
             f"  <id>{xml_text(feed_id)}</id>",
             f"  <title>{xml_text(title)}</title>"]
    if subtitle:
        lines.append(f"  <subtitle>{xml_text(one_line(subtitle))}</subtitle>")
    lines += [f"  <updated>{_timestamp(updated)}</updated>",
              f"  <author><name>{xml_text(author)}</name></author>",
              f'  <link rel="alternate" type="text/html" href={xml_attr(home)}/>']
    if feed_url:
        lines.append(f'  <link rel="self" type="application/atom+xml" href={xml_attr(feed_url)}/>')
    for entry in chosen:
        claim = entry.claim
        path = claim_path(claim.id)
        link = url(path) or path  # relative to the feed, which sits at the site's root
        label = content.verdict(claim).label
        lines += ["  <entry>",
                  f"    <id>{xml_text(url(path) or _urn(title, 'claims/' + claim.id))}</id>",
                  f"    <title>{xml_text(one_line(f'{label}: {claim.claim}'))}</title>",
                  f'    <link rel="alternate" type="text/html" href={xml_attr(link)}/>',
                  f"    <updated>{_timestamp(entry.updated)}</updated>"]
        if entry.published:
            lines.append(f"    <published>{_timestamp(entry.published)}</published>")
        lines.append(f'    <category term="{"corrected" if claim.corrections else "published"}"/>')
        lines += [f'    <summary type="text">{xml_text(_summary(entry, content))}</summary>',
                  "  </entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _urn(site_name: str, what: str) -> str:
    """A stable IRI for something of this site when it has no address: a name-based UUID."""
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"factcheck:{site_name}/{what}"))

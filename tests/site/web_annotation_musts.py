"""The MUST assertions of the W3C Web Annotation test suite (w3c/web-annotation-tests:
annotations/annotationMusts.test, collections/collectionMusts.test,
collections/pages/pageMusts.test and the definitions they use), written out here as plain checks
of an AnnotationCollection with its first page embedded, as ``annotations.jsonld`` is.

Each problem is a line naming the object (by its path in the document) and the assertion. An
embedded page and its annotations take the collection's @context, as JSON-LD reads them.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SELECTOR_TYPES = {"FragmentSelector", "CssSelector", "XPathSelector", "TextQuoteSelector",
                  "TextPositionSelector", "DataPositionSelector", "SvgSelector", "RangeSelector"}
STATE_TYPES = {"TimeState", "HttpRequestState"}
# What makes an object a Specific Resource, besides its one source (specificResource.json).
SPECIFIC_KEYS = ("purpose", "selector", "state", "styleClass", "renderedVia", "scope")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_NOT_IN_IRI = re.compile(r"[\x00-\x20\x7f<>\"{}|\\^`]")
_DATE_TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})\Z")


def is_iri(value: object) -> bool:
    """An absolute IRI (the suite's "format": "uri"): a scheme, nothing a URI cannot hold, and a
    host for http(s)."""
    if not isinstance(value, str) or not _SCHEME.match(value) or _NOT_IN_IRI.search(value):
        return False
    parts = urlsplit(value)
    return bool(parts.netloc) if parts.scheme in ("http", "https") else bool(parts.path or parts.netloc)


def _single_iri(value: object) -> bool:  # id.json: arraySingleStringUri
    return is_iri(value) or (isinstance(value, list) and len(value) == 1 and is_iri(value[0]))


def _types(value: object) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _has_type(obj: dict[str, Any], name: str) -> bool:
    return name in _types(obj.get("type"))


def _values(value: object) -> list[Any]:
    return value if isinstance(value, list) else [value]


class Musts:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def want(self, ok: bool, where: str, what: str) -> None:
        if not ok:
            self.problems.append(f"{where}: {what}")

    # --- shared by every kind of object ---------------------------------------------------------

    def _context(self, obj: dict[str, Any], where: str) -> None:
        context = obj.get("@context")
        self.want(context == ANNO_CONTEXT or (isinstance(context, list) and ANNO_CONTEXT in context),
                  where, f"MUST have @context with {ANNO_CONTEXT}")

    def _lifecycle(self, obj: dict[str, Any], where: str) -> None:
        for key in ("created", "modified", "generated"):
            if key in obj:
                self.want(isinstance(obj[key], str) and _DATE_TIME.match(obj[key]) is not None,
                          where, f"{key} MUST be one date-time")
        for key in ("rights", "via"):
            if key in obj:
                self.want(all(is_iri(v) for v in _values(obj[key])), where, f"{key} values MUST be IRIs")
        if "canonical" in obj:
            self.want(is_iri(obj["canonical"]), where, "canonical MUST be one IRI")
        if "textDirection" in obj:
            self.want(obj["textDirection"] in ("ltr", "rtl", "auto"), where,
                      "textDirection MUST be ltr, rtl or auto")

    # --- collection and page --------------------------------------------------------------------

    def collection(self, doc: dict[str, Any]) -> list[str]:
        where = "collection"
        self._context(doc, where)
        self.want(_single_iri(doc.get("id")), where, "MUST have one id that is an IRI")
        self.want(_has_type(doc, "AnnotationCollection"), where, "type MUST include AnnotationCollection")
        if "label" in doc:
            label = doc["label"]
            self.want(isinstance(label, str) or (isinstance(label, list) and label
                                                 and all(isinstance(x, str) for x in label)),
                      where, "label MUST be text")
        total = doc.get("total")
        if "total" in doc:
            self.want(isinstance(total, int) and not isinstance(total, bool) and total >= 0,
                      where, "total MUST be one non-negative integer")
        first = doc.get("first")
        if isinstance(total, int) and total > 0:
            self.want("first" in doc, where, "a collection with annotations MUST have first")
        if "last" in doc:
            self.want(is_iri(doc["last"]), where, "last MUST be an IRI")
        self._lifecycle(doc, where)
        if isinstance(first, dict):
            self.page(first, doc, "collection.first")
        elif first is not None:
            self.want(is_iri(first), where, "first MUST be an IRI or an AnnotationPage")
        return self.problems

    def page(self, page: dict[str, Any], collection: dict[str, Any], where: str) -> None:
        self._context({**page, "@context": page.get("@context", collection.get("@context"))}, where)
        self.want(_single_iri(page.get("id")), where, "an AnnotationPage MUST have one id that is an IRI")
        self.want(_has_type(page, "AnnotationPage"), where, "type MUST include AnnotationPage")
        if "startIndex" in page:
            start = page["startIndex"]
            self.want(isinstance(start, int) and not isinstance(start, bool) and start >= 0,
                      where, "startIndex MUST be one non-negative integer")
        if "partOf" in page:
            part = page["partOf"]
            self.want(_single_iri(part) or (isinstance(part, dict) and _single_iri(part.get("id"))),
                      where, "partOf MUST be an IRI or an object with an IRI id")
        for key in ("next", "prev"):
            if key in page:
                self.want(is_iri(page[key]), where, f"{key} MUST be an IRI")
        self._lifecycle(page, where)
        items = page.get("items")
        self.want(isinstance(items, list), where, "MUST have items, a list")
        for n, item in enumerate(items if isinstance(items, list) else []):
            at = f"{where}.items[{n}]"
            if isinstance(item, dict) and _has_type(item, "Annotation"):
                self.annotation({**item, "@context": item.get("@context", collection.get("@context"))}, at)
            else:
                self.want(is_iri(item), at, "an item MUST be an IRI or an Annotation")

    # --- annotation -----------------------------------------------------------------------------

    def annotation(self, anno: dict[str, Any], where: str) -> None:
        self._context(anno, where)
        self.want(_single_iri(anno.get("id")), where, "an Annotation MUST have one id that is an IRI")
        self.want(_has_type(anno, "Annotation"), where, "type MUST include Annotation")
        self.want("target" in anno, where, "MUST have a target")
        self.want(not ("body" in anno and "bodyValue" in anno), where, "MUST NOT have both body and bodyValue")
        if "bodyValue" in anno:
            self.want(isinstance(anno["bodyValue"], str), where, "bodyValue MUST be one string")
        self._lifecycle(anno, where)
        targets = _values(anno.get("target"))
        bodies = _values(anno["body"]) if "body" in anno else []
        for n, target in enumerate(targets):
            self.resource(target, f"{where}.target[{n}]", is_body=False)
        for n, body in enumerate(bodies):
            self.resource(body, f"{where}.body[{n}]", is_body=True)
        styled = any(isinstance(r, dict) and "styleClass" in r for r in targets + bodies)
        self.want(not styled or "stylesheet" in anno, where,
                  "a Specific Resource with styleClass MUST come with the annotation's stylesheet")

    def resource(self, res: object, where: str, is_body: bool) -> None:
        if isinstance(res, str):
            self.want(is_iri(res), where, "a string body or target MUST be an IRI")
            return
        if not isinstance(res, dict):
            self.want(False, where, "a body or target MUST be an IRI or an object")
            return
        choice = any(_has_type(res, t) for t in ("Choice", "Composite", "List", "Independents"))
        specific = "source" in res and any(k in res for k in SPECIFIC_KEYS)
        external = _single_iri(res.get("id")) and "source" not in res and "target" not in res
        textual = isinstance(res.get("value"), str)
        if is_body:
            self.want(choice or specific or external or textual, where,
                      "a body MUST be an IRI, External Web Resource, Textual Body, Choice/Set or Specific Resource")
        else:  # targetResourcesFound is a oneOf: exactly one of these
            self.want([choice, specific, external].count(True) == 1, where,
                      "a target MUST be exactly one of an IRI, External Web Resource, Choice/Set or "
                      "Specific Resource")
            self.want(not (_has_type(res, "TextualBody") and "id" not in res), where,
                      "a target MUST NOT be an embedded TextualBody")
        if specific:
            source = res["source"]
            self.want(_single_iri(source) or (isinstance(source, dict) and _single_iri(source.get("id"))),
                      where, "a Specific Resource MUST have one source that is an IRI")
            self.want("items" not in res and "value" not in res, where,
                      "a Specific Resource MUST NOT have items or value")
            self._selectors(res, where)
            self._states(res, where)
        if external and not specific:
            self.want("items" not in res and "purpose" not in res, where,
                      "an External Web Resource MUST NOT have items or purpose")
        if textual:
            self.want("items" not in res and "source" not in res, where,
                      "a Textual Body MUST NOT have items or source")
        if choice:
            self.want("value" not in res and "source" not in res, where,
                      "a Choice or Set MUST NOT have value or source")
        self._lifecycle(res, where)

    def _selectors(self, res: dict[str, Any], where: str) -> None:
        if "selector" not in res:
            return
        for n, selector in enumerate(_values(res["selector"])):
            at = f"{where}.selector[{n}]"
            if isinstance(selector, str):
                self.want(is_iri(selector), at, "a selector given as a string MUST be an IRI")
                continue
            kind = selector.get("type") if isinstance(selector, dict) else None
            self.want(kind in SELECTOR_TYPES or (isinstance(selector, dict) and _single_iri(selector.get("id"))),
                      at, "a selector MUST have one of the model's selector types")
            if kind == "TextQuoteSelector":
                self.want(isinstance(selector.get("exact"), str), at, "a TextQuoteSelector MUST have exact")
                for key in ("prefix", "suffix"):
                    if key in selector:
                        self.want(isinstance(selector[key], str), at, f"{key} MUST be a string")
            elif kind in ("TextPositionSelector", "DataPositionSelector"):
                for key in ("start", "end"):
                    value = selector.get(key)
                    self.want(isinstance(value, int) and not isinstance(value, bool) and value >= 0,
                              at, f"{key} MUST be one non-negative integer")
            elif kind in ("FragmentSelector", "CssSelector", "XPathSelector"):
                self.want(isinstance(selector.get("value"), str), at, f"a {kind} MUST have value")
            elif kind == "RangeSelector":
                self.want("startSelector" in selector and "endSelector" in selector, at,
                          "a RangeSelector MUST have startSelector and endSelector")

    def _states(self, res: dict[str, Any], where: str) -> None:
        for n, state in enumerate(_values(res.get("state")) if "state" in res else []):
            at = f"{where}.state[{n}]"
            if isinstance(state, str):
                self.want(is_iri(state), at, "a state given as a string MUST be an IRI")
            else:
                self.want(isinstance(state, dict) and state.get("type") in STATE_TYPES, at,
                          "a state MUST be a TimeState or an HttpRequestState")


def web_annotation_problems(doc: dict[str, Any]) -> list[str]:
    """Every MUST of the suite that ``doc`` (an AnnotationCollection) breaks."""
    return Musts().collection(doc)

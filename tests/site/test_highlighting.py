"""Cutting a source body at passage boundaries: overlapping and nested passages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.site.html.highlighting import Segment, Span, covered, segments


def test_text_without_passages_is_one_segment() -> None:
    assert segments(10, []) == [Segment(0, 10, ())]


def test_overlapping_passages_share_only_their_overlap() -> None:
    found = segments(10, [Span(2, 6, "a"), Span(4, 8, "b")])
    assert found == [Segment(0, 2, ()), Segment(2, 4, ("a",)), Segment(4, 6, ("a", "b")),
                     Segment(6, 8, ("b",)), Segment(8, 10, ())]


def test_nested_passage_deepens_the_middle_of_the_outer_one() -> None:
    found = segments(10, [Span(1, 9, "outer"), Span(3, 5, "inner")])
    assert [(s.start, s.end, s.keys) for s in found] == [
        (0, 1, ()), (1, 3, ("outer",)), (3, 5, ("outer", "inner")), (5, 9, ("outer",)), (9, 10, ())]
    assert max(s.depth for s in found) == 2


def test_identical_passages_cover_the_same_segment() -> None:
    assert segments(4, [Span(0, 4, "a"), Span(0, 4, "b")]) == [Segment(0, 4, ("a", "b"))]


def test_adjacent_passages_do_not_overlap() -> None:
    assert segments(4, [Span(0, 2, "a"), Span(2, 4, "b")]) == [Segment(0, 2, ("a",)), Segment(2, 4, ("b",))]


def test_breaks_cut_passages_without_changing_who_covers_them() -> None:
    assert segments(6, [Span(1, 5, "a")], breaks=[3]) == [
        Segment(0, 1, ()), Segment(1, 3, ("a",)), Segment(3, 5, ("a",)), Segment(5, 6, ())]


@pytest.mark.parametrize("span", [Span(-1, 2, "x"), Span(2, 2, "x"), Span(3, 11, "x")])
def test_a_passage_outside_the_text_is_refused(span: Span) -> None:
    with pytest.raises(ValueError, match="outside"):
        segments(10, [span])


def test_covered_counts_overlaps_once() -> None:
    assert covered(10, [Span(0, 4, "a"), Span(2, 6, "b"), Span(8, 9, "c"), Span(3, 5, "d")]) == 7


@st.composite
def texts_with_spans(draw: st.DrawFn) -> tuple[int, list[Span], list[int]]:
    length = draw(st.integers(min_value=1, max_value=40))
    bounds = st.tuples(st.integers(0, length - 1), st.integers(1, length)).filter(lambda b: b[0] < b[1])
    pairs = draw(st.lists(bounds, max_size=8))
    breaks = draw(st.lists(st.integers(0, length), max_size=4))
    return length, [Span(a, b, f"k{i}") for i, (a, b) in enumerate(pairs)], breaks


@given(texts_with_spans())
def test_segments_tile_the_text_and_name_exactly_the_covering_passages(case: tuple[int, list[Span], list[int]]) -> None:
    length, spans, breaks = case
    found = segments(length, spans, breaks)
    assert found[0].start == 0 and found[-1].end == length
    assert all(a.end == b.start for a, b in zip(found, found[1:]))
    for seg in found:
        assert seg.start < seg.end
        for position in (seg.start, seg.end - 1):  # every code point of a segment has the same cover
            expected = tuple(s.key for s in spans if s.start <= position < s.end)
            assert seg.keys == expected
    assert covered(length, spans) == sum(seg.end - seg.start for seg in found if seg.keys)

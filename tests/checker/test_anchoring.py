"""Anchoring is pure: exact resolution by the SPEC's rules, and suggestions that never pass."""

from __future__ import annotations

import pytest

from factcheck.anchoring import (
    Anchor, Failure, anchor, closest_passage, distinguishing_prefix, fold, occurrences)

BODY = "Alpha beta gamma.\nAlpha beta delta.\n\nLast words"


def test_unique_quote_resolves_to_its_span() -> None:
    assert anchor(BODY, "gamma") == Anchor(11, 16)


def test_offsets_count_code_points_not_bytes_or_utf16_units() -> None:
    body = "Emoji 😀 then “quoted” text — and more"
    # "Emoji " is 6 code points, 😀 one (two UTF-16 units, four UTF-8 bytes), " then " six more
    assert anchor(body, "“quoted”", 13, 21) == Anchor(13, 21)
    assert anchor(body, "“quoted”") == Anchor(13, 21)
    assert anchor(body, "—", 27, 28) == Anchor(27, 28)


def test_repeated_quote_is_ambiguous_and_lists_every_offset() -> None:
    failure = anchor(BODY, "Alpha beta")
    assert isinstance(failure, Failure) and failure.code == "quote-ambiguous"
    assert "2 times" in failure.message and "0" in failure.message and "18" in failure.message
    assert 'prefix: "gamma.\\n"' in (failure.suggestion or "")


def test_overlapping_occurrences_count() -> None:
    assert occurrences("aaaa", "aa") == [0, 1, 2]
    failure = anchor("aaaa", "aa")
    assert isinstance(failure, Failure) and "3 times" in failure.message


def test_prefix_picks_one_occurrence() -> None:
    assert anchor(BODY, "Alpha beta", prefix="gamma.\n") == Anchor(18, 28)


def test_suffix_picks_one_occurrence() -> None:
    assert anchor(BODY, "Alpha beta", suffix=" gamma") == Anchor(0, 10)


def test_offsets_pick_one_occurrence() -> None:
    assert anchor(BODY, "Alpha beta", 18, 28) == Anchor(18, 28)


def test_given_prefix_must_match_even_with_offsets() -> None:
    failure = anchor(BODY, "Alpha beta", 18, 28, prefix="delta.\n")
    assert isinstance(failure, Failure) and failure.code == "prefix-mismatch" and failure.key == "prefix"
    assert '"gamma.\\n"' in (failure.suggestion or "")


def test_given_suffix_must_match_even_with_offsets() -> None:
    failure = anchor(BODY, "Alpha beta", 0, 10, suffix=" delta")
    assert isinstance(failure, Failure) and failure.code == "suffix-mismatch" and failure.key == "suffix"


def test_prefix_at_start_of_body_cannot_match_before_offset_zero() -> None:
    failure = anchor(BODY, "Alpha", prefix="x")
    assert isinstance(failure, Failure) and failure.code == "prefix-mismatch"


def test_quote_across_line_breaks() -> None:
    assert anchor(BODY, "gamma.\nAlpha") == Anchor(11, 23)
    assert anchor(BODY, "delta.\n\nLast") == Anchor(29, 41)


def test_quote_at_the_very_end_of_the_body() -> None:
    assert anchor(BODY, "words", len(BODY) - 5, len(BODY)) == Anchor(len(BODY) - 5, len(BODY))
    assert anchor(BODY, "Last words") == Anchor(len(BODY) - 10, len(BODY))


@pytest.mark.parametrize("start,end,key", [(5, 3, "start"), (-1, 3, "start"), (40, 99, "end")])
def test_offsets_out_of_range(start: int, end: int, key: str) -> None:
    failure = anchor(BODY, "gamma", start, end)
    assert isinstance(failure, Failure) and failure.code == "offsets-out-of-range" and failure.key == key
    assert (failure.suggestion or "").endswith("start: 11\nend: 16")


def test_offsets_that_point_elsewhere_say_where_the_quote_is() -> None:
    failure = anchor(BODY, "gamma", 0, 5)
    assert isinstance(failure, Failure) and failure.code == "offsets-mismatch"
    assert '"Alpha"' in failure.message
    assert (failure.suggestion or "").endswith("start: 11\nend: 16")


def test_offsets_for_a_quote_not_in_the_body_report_not_found() -> None:
    failure = anchor(BODY, "epsilon", 0, 7)
    assert isinstance(failure, Failure) and failure.code == "quote-not-found"


@pytest.mark.parametrize("quote,named,fixed", [
    ('the "best" one', "typographic quotes", "the “best” one"),
    ("don't stop", "typographic quotes", "don’t stop"),
    ("tanks -- supplied", "dashes", "tanks — supplied"),
    ("tanks - supplied", "dashes", "tanks — supplied"),
    ("end of line next line", "white space", "end of line\nnext line"),
    ("two  spaces", "white space", "two spaces"),
])
def test_typographic_differences_are_named_and_never_pass(quote: str, named: str, fixed: str) -> None:
    body = f"Intro: {fixed}. Outro."
    failure = anchor(body, quote)
    assert isinstance(failure, Failure) and failure.code == "quote-not-found"
    assert named in failure.message
    assert f"start: {body.index(fixed)}" in (failure.suggestion or "")


def test_several_kinds_of_difference_are_all_named() -> None:
    failure = anchor("He said “yes” — then\nleft.", 'said "yes" - then left')
    assert isinstance(failure, Failure)
    assert "typographic quotes and dashes and white space" in failure.message


def test_trailing_newline_of_a_block_scalar_is_explained() -> None:
    failure = anchor(BODY, "gamma.\n\n")
    assert isinstance(failure, Failure) and "'|-'" in (failure.suggestion or "")


def test_closest_passage_is_suggested_with_offsets_but_fails() -> None:
    body = "The ministry said 14 Ukrainian brigades were defeated near the border."
    failure = anchor(body, "14 Ukrainian battalions were defeated")
    assert isinstance(failure, Failure) and failure.code == "quote-not-found"
    assert "closest passage" in failure.message and "at 18-" in failure.message
    assert '"brigades" where the quote has "battalions"' in (failure.suggestion or "")


def test_unrelated_quote_gets_no_closest_passage() -> None:
    failure = anchor(BODY, "completely unrelated sentence about weather")
    assert isinstance(failure, Failure) and "resembles" in failure.message
    assert closest_passage(BODY, "zzzz qqqq") is None


def test_fold_maps_back_to_original_offsets() -> None:
    folded, index = fold("a  “b”\n\nc—d", ["quotes", "dashes", "white space"])
    assert folded == 'a "b" c-d'
    assert index[folded.index("c")] == 8 and index[len(folded)] == 11


def test_distinguishing_prefix_is_whole_words_and_unique() -> None:
    body = "one cat. two cat. one two cat."
    found = occurrences(body, "cat")
    assert distinguishing_prefix(body, found, found[0]) == "one "
    assert distinguishing_prefix(body, found, found[1]) == "cat. two "
    assert anchor(body, "cat", prefix="cat. two ") == Anchor(found[1], found[1] + 3)


def test_identical_contexts_have_no_distinguishing_prefix() -> None:
    assert distinguishing_prefix("ab ab", [0, 3], 0) is None

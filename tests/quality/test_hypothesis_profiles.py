"""The README's `python -m pytest` must pass the same way every time: the default Hypothesis
profile draws the same examples on every run and keeps no database to replay."""

from __future__ import annotations

from hypothesis import settings


def test_the_default_profile_is_derandomized_without_a_database() -> None:
    for name in ("default", "ci", "fault-injection"):
        profile = settings.get_profile(name)
        assert profile.derandomize is True, name
        assert profile.database is None, name


def test_random_exploration_is_opt_in() -> None:
    explore = settings.get_profile("explore")
    assert explore.derandomize is False and explore.database is not None

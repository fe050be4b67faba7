from __future__ import annotations

import pytest

from buurtpreventie.surveys.scoring import MIXED, profile_result, team_mix, to_score

EXPECTED = {"normative": 2, "pragmatic": 2, "rational": 2}


def result(n: list[int], p: list[int], r: list[int]):
    return profile_result({"normative": n, "pragmatic": p, "rational": r}, EXPECTED)


def test_score_scale_maps_1_to_0_and_5_to_100():
    assert (to_score(1), to_score(3), to_score(5)) == (0, 50, 100)


def test_clear_normative_pattern_is_high_certainty():
    r = result([5, 5], [2, 3], [2, 2])
    assert r.dominant == "normative"
    assert r.certainty == "high"
    assert r.scores == {"normative": 100, "pragmatic": 38, "rational": 25}
    assert r.margin == 2.5


def test_rational_with_moderate_margin_is_medium():
    r = result([3, 4], [4, 4], [5, 4])  # rational 4.5, pragmatic 4.0 → margin 0.5
    assert r.dominant == "rational"
    assert r.certainty == "medium"


def test_everything_agree_is_a_mixed_profile_with_low_certainty():
    r = result([5, 5], [5, 5], [5, 5])
    assert r.dominant == MIXED
    assert r.certainty == "low"
    assert r.margin == 0


def test_inconsistent_pair_lowers_certainty():
    # pragmatic statements 1 and 5 contradict each other; margin is big but certainty only medium
    r = result([1, 1], [1, 5], [5, 5])
    assert r.dominant == "rational"
    assert r.certainty == "medium"


def test_missing_profile_gives_no_profile():
    r = profile_result({"normative": [5, 5], "pragmatic": [4, 4], "rational": []}, EXPECTED)
    assert r.dominant is None
    assert r.certainty == "none"


def test_incomplete_answers_cannot_be_high():
    r = profile_result({"normative": [5], "pragmatic": [2, 2], "rational": [1, 2]}, EXPECTED)
    assert r.dominant == "normative"
    assert r.certainty == "medium"


@pytest.mark.parametrize("n", [0, 1, 4])
def test_team_mix_below_five_respondents_shows_nothing(n):
    mix = team_mix([result([5, 5], [1, 1], [1, 1])] * n, {"trust": [4] * n})
    assert mix.shown is False
    assert mix.respondents == n
    assert mix.counts == {} and mix.mean_scores == {} and mix.leading is None and mix.factor_means == {}


def test_team_mix_at_five_respondents_counts_and_means():
    people = [result([5, 5], [1, 1], [1, 1])] * 2 + [result([1, 1], [1, 1], [5, 5])] * 3
    mix = team_mix(people, {"trust": [5, 4, 4, 3, 4]})
    assert mix.shown
    assert mix.counts["normative"] == 2 and mix.counts["rational"] == 3 and mix.counts["pragmatic"] == 0
    assert mix.leading == "rational"
    assert mix.mean_scores == {"normative": 40, "pragmatic": 0, "rational": 60}
    assert mix.shares["rational"] == 60
    assert mix.factor_means == {"trust": 4.0}

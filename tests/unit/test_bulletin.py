"""The bulletin's sentences as the ministry writes them (the seed's number style: 3,05% ; 4,9%)."""

from decimal import Decimal

from pipelines.lib.reporting.bulletin import _backlog_vi, _rate_change_vi, _reliability_vi


def test_the_backlog_sentence_follows_the_seed():
    r = {
        "carried_out_cases_change_pct": Decimal("-3.05"),
        "carried_out_kvnd_change_pct": Decimal("-4.90"),
        "stat_year": 2023,
    }
    assert _backlog_vi(r) == "Số chuyển kỳ sau giảm 3,05% về việc và giảm 4,9% về tiền so với cùng kỳ năm 2022."


def test_the_rate_change_and_the_reliability_note():
    r = {"case_rate_change_points": Decimal("1.07"), "money_rate_change_points": Decimal("-0.40"), "stat_year": 2023}
    assert _rate_change_vi(r) == "Tỷ lệ thi hành xong về việc tăng 1,07% và về tiền giảm 0,4% so với cùng kỳ năm 2022."
    assert _reliability_vi({"is_reliable": True}) is None
    note = _reliability_vi({"is_reliable": False, "implied_case_rate_pct": Decimal("74.63")})
    assert "chưa tin cậy" in note and "74,63%" in note

"""Progress against the campaign target on a ledger built by hand (tests/progress_cases.py)."""

from datetime import date

import pytest
from progress_cases import CAMPAIGN_ROWS, CASES, EXPECTED, FORECAST, OVERDUE, REPORT_DATE, VILLAGES

from lianwei.core.campaign import Campaign, CampaignError, parse_milestones, share_quotas
from lianwei.core.progress import summarize


@pytest.fixture(scope="module")
def summary():
    return summarize(CASES, VILLAGES, Campaign.from_rows(CAMPAIGN_ROWS), REPORT_DATE)


def test_every_row_as_worked_out_by_hand(summary):
    rows = {row.village_code: row for row in summary.rows}
    assert list(rows) == [code for code, _, _ in VILLAGES] + ["", "*"]
    for code, (cases, found, demolished, quota, remaining, light, new, stock, overdue) in EXPECTED.items():
        row = rows[code]
        got = (row.cases, row.found_m2, row.demolished_m2, row.quota_m2, row.remaining_m2, row.light)
        assert got == (cases, found, demolished, quota, remaining, light), code
        assert (row.new_cases, row.new_m2) == new, code
        assert (row.stock_cases, row.stock_m2) == stock, code
        assert row.overdue_cases == overdue, code
        expected_forecast = FORECAST.get(code)
        assert row.forecast_on == (date.fromisoformat(expected_forecast) if expected_forecast else None), code


def test_village_rows_add_up_to_the_township_row(summary):
    for attribute in ("cases", "found_m2", "demolished_m2", "remaining_m2", "new_m2", "stock_m2", "overdue_cases"):
        parts = sum(round(getattr(r, attribute) * 100) for r in summary.villages)
        assert parts == round(getattr(summary.township, attribute) * 100), attribute
    for status in summary.township.by_status:
        assert sum(r.by_status[status] for r in summary.villages) == summary.township.by_status[status]
    assert summary.township.by_status["LEGAL"] == 1


def test_percentages_milestone_and_pace(summary):
    a = summary.villages[0]
    assert a.pct_target == pytest.approx(26.025)
    assert a.pct_quota == pytest.approx(100 * 260.25 / 550)
    assert a.expected_pct == pytest.approx(100 * (0.6 + 0.4 * 11 / 82))
    assert a.next_milestone.due_on == date(2024, 9, 10) and a.next_due_m2 == 550.00
    assert a.pace_m2_per_day == pytest.approx(60.25 / 30)
    assert summary.villages[2].pct_quota is None  # no quota: no percentage of it


def test_overdue_list(summary):
    got = [(o.case_id, o.due_on.isoformat(), o.days, o.new_case) for o in summary.overdue]
    assert got == OVERDUE
    assert summary.overdue[0].village_name == "乙村"


def test_burnup_is_cumulative_to_the_report_date(summary):
    assert summary.burnup == [
        (date(2024, 4, 1), 50.00),
        (date(2024, 5, 10), 250.00),
        (date(2024, 6, 1), 312.00),
        (date(2024, 6, 15), 372.25),
        (date(2024, 6, 25), 422.35),
    ]


def test_quotas_share_the_target_exactly_by_area_found():
    quotas, by_hand = share_quotas(40000, {"a": 1.0, "b": 1.0, "c": 1.0}, {})
    assert quotas == {"a": 13333.34, "b": 13333.33, "c": 13333.33}
    assert sum(round(q * 100) for q in quotas.values()) == 4_000_000
    quotas, by_hand = share_quotas(100, {"a": 0.0, "b": 0.0}, {"b": 30})
    assert quotas == {"b": 30.0, "a": 70.0} and by_hand == {"a": False, "b": True}


def test_campaign_settings_round_trip_and_refuse_nonsense():
    campaign = Campaign.from_rows(CAMPAIGN_ROWS)
    assert campaign.target_m2 == 1000 and campaign.rectify_days == 15
    assert [m.label for m in campaign.milestones] == ["06-20 60%", "09-10 100%"]
    assert Campaign.from_rows(campaign.to_rows()) == campaign
    assert parse_milestones("09-10:100%；06-20:60%", 2025)[0].due_on == date(2025, 6, 20)
    with pytest.raises(CampaignError) as error:
        Campaign.from_rows({"target_m2": "四万"})
    assert error.value.key == "target_m2"
    with pytest.raises(CampaignError):
        parse_milestones("06-20:0.6;09-10:0.5", 2024)
    with pytest.raises(CampaignError):
        Campaign.from_rows({"zero_growth_on": "2024-13-01"})


def test_defaults_are_the_campaign_documents():
    campaign = Campaign.from_rows({})
    assert campaign.target_m2 == 40000 and campaign.zero_growth_on == date(2024, 1, 1)
    assert campaign.started_on == date(2024, 3, 12)
    assert campaign.expected_share(date(2024, 6, 20)) == pytest.approx(0.6)
    assert campaign.expected_share(date(2024, 12, 1)) == 1.0

import pytest

from lianwei.core.areas import round_half_up, rounded_total, to_mu


@pytest.mark.parametrize(
    "value, expected",
    [
        (0.125, 0.13),
        (2.675, 2.68),
        (1.005, 1.01),
        (0.004999, 0.0),
        (0.005, 0.01),
        (-1.005, -1.01),
        (123456.785, 123456.79),
        (40000, 40000.0),
    ],
)
def test_round_half_up_rounds_fives_up_not_to_even(value, expected):
    assert round_half_up(value) == expected


def test_python_round_would_differ():
    assert round(2.675, 2) == 2.67  # why round() is not used for legal areas
    assert round_half_up(2.675) == 2.68


def test_none_stays_none():
    assert round_half_up(None) is None
    assert to_mu(None) is None


def test_mu_is_m2_times_0_0015():
    assert to_mu(666.67) == 1.0
    assert to_mu(40000) == 60.0


def test_total_equals_sum_of_printed_parts():
    parts = [round_half_up(x) for x in (0.105, 0.105, 0.105)]
    assert parts == [0.11, 0.11, 0.11]
    assert rounded_total(parts) == 0.33

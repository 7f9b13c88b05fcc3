import pytest

from lianwei.core.areas import round_half_up, round_half_up_all, rounded_total, to_mu


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


def test_fast_rounding_agrees_with_the_decimal_way_everywhere():
    """round_half_up takes a float shortcut away from ties; it must give the decimal answer for every value."""
    import random
    from decimal import ROUND_HALF_UP, Decimal

    def decimal_way(v):
        return float(Decimal(repr(float(v))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

    rng = random.Random(7)
    values = [rng.uniform(-1e3, 1e7) for _ in range(50_000)] + [k / 1000 for k in range(-5000, 50_000)]
    values += [x + d for x in (0.005, 2.675, 1.005, 1e7 + 0.005, 123456.785) for d in (0, 1e-12, -1e-12, 5e-17)]
    values += [0.0, -0.0, -0.004, -0.005, 1e15 + 0.5, 1e17]
    for v in values:
        got, expected = round_half_up(v), decimal_way(v)
        assert got == expected and str(got) == str(expected), v
    assert [str(v) for v in round_half_up_all(values)] == [str(decimal_way(v)) for v in values]

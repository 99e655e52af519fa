"""The shared number parser."""

from decimal import Decimal

import pytest

from zh_facts.normalizers.numbers import NotANumber, parse_number, plain

CASES = [
    ("1,260", "1260", False),
    ("1，260", "1260", False),
    ("3.5万", "35000", False),
    ("-2.5", "-2.5", False),
    ("一百二十三", "123", False),
    ("三千五百万", "35000000", False),
    ("两", "2", False),
    ("零", "0", False),
    ("二〇二四", "2024", False),
    ("壹佰贰拾", "120", False),
    ("3千万", "30000000", False),
    ("1.2万亿", "1200000000000", False),
    ("万亿", "1000000000000", False),
    ("百万", "1000000", False),
    ("千万", "10000000", False),
    ("十几", "10", True),
    ("数十", "10", True),
    ("上百", "100", True),
    ("3000多万", "30000000", True),
    ("十余", "10", True),
    ("三千五", "3500", False),
    ("一万五", "15000", False),
    ("一千零五", "1005", False),
    ("三亿五千万", "350000000", False),
    ("十万亿", "10000000000000", False),
    ("二十三万五千", "235000", False),
    ("12.59亿", "1259000000", False),
    ("0.06", "0.06", False),
    ("五点五", "5.5", False),
    ("十二", "12", False),
    ("七", "7", False),
]


@pytest.mark.parametrize("text,value,more_than", CASES)
def test_parse_number(text, value, more_than):
    number = parse_number(text)
    assert plain(number.value) == value
    assert number.more_than == more_than


@pytest.mark.parametrize("text", ["", "abc", "年", "多", "七十百"])  # 六七, 二三十: vague pairs, below
def test_not_a_number(text):
    with pytest.raises(NotANumber):
        parse_number(text)


def test_plain_has_no_exponent():
    assert plain(Decimal("1.94") * Decimal(10) ** 8) == "194000000"
    assert plain(Decimal("0.10")) == "0.1"


def test_a_vague_pair_is_its_lower_number_and_approximate():
    for text, value in [("五六万", 50000), ("六七", 6), ("十五六", 15), ("两三百", 200), ("三五", 3)]:
        number = parse_number(text)
        assert (number.value, number.approx) == (value, True), text
    for text, value in [("二〇二三", 2023), ("五十六", 56), ("一百二十三", 123)]:  # no pair: exact
        number = parse_number(text)
        assert (number.value, number.approx) == (value, False), text

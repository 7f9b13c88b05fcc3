"""Names for the sample township: a fictional town near Nanning (Guangxi), CGCS2000 3° zone CM 108°E."""

from __future__ import annotations

import random

TOWN_NAME = "清溪镇"
TOWN_CODE = "450109101"  # county 450109 (邕宁区) + town 101; villages append 201, 202, ...
COUNTY_CODE = "450109"
CAMPAIGN_YEAR = 2024
DATA_DATE = "2024-08-31"  # the sample's "today": every date in it is on or before this day

VILLAGE_NAMES = (
    "石桥村",
    "李家湾村",
    "长岭村",
    "新华村",
    "白鹤村",
    "龙泉村",
    "松林村",
    "大坪村",
    "红星村",
    "桂花村",
    "青山村",
    "河口村",
    "杨柳村",
    "金竹村",
)
ZONES = ("东片", "西片", "南片", "北片", "中片")
WORK_GROUP_NUMBERS = "一二三四五六七八九十"

SURNAMES = "黄韦李陆梁覃莫蒙农陈刘周潘卢罗蓝甘廖谢邓"
GIVEN = "建国华明军平志强文海秀英桂芳丽红小玉兰春生福有德成永超伟军宏"
COMPANY_WORDS = ("建材", "木业", "养殖", "物流", "农业", "石材", "砖厂", "食品")


def work_group(index: int) -> str:
    """第一工作组 … 第十四工作组 (seed 000: one work group per village)."""
    n = index + 1
    if n <= 10:
        number = WORK_GROUP_NUMBERS[n - 1]
    else:
        number = "十" + WORK_GROUP_NUMBERS[n - 11]
    return f"第{number}工作组"


def person(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def company(rng: random.Random) -> str:
    return f"南宁市{rng.choice(SURNAMES)}{rng.choice(GIVEN)}{rng.choice(COMPANY_WORDS)}有限公司"

"""Invented victim names in each country's script: common given names and surnames combined at random.

The lists hold frequent name parts only; the combinations are not meant to be anyone in particular.
"""

from __future__ import annotations

import random
from typing import Final

# country -> (surnames, given names, "{s}{g}" or "{g} {s}" order)
# fmt: off
_NAMES: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...], str]]] = {
    "CN": (("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"),
           ("伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
            "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "晓燕", "志强"), "{s}{g}"),
    "TH": (("ศรีสุข", "แสงทอง", "วงศ์ใหญ่", "บุญมา", "ทองดี", "สุขเจริญ", "พรหมมา", "จันทร์แก้ว", "รัตนพันธ์"),
           ("สมชาย", "สมศรี", "วิไล", "ประเสริฐ", "สุดารัตน์", "อนุชา", "กาญจนา", "ธนพล", "นภา", "ปิยะ",
            "อรุณี", "วีระ"), "{g} {s}"),
    "VN": (("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"),
           ("Văn Hùng", "Thị Lan", "Minh Tuấn", "Thị Hương", "Quốc Bảo", "Thị Mai", "Đức Anh", "Thu Trang",
            "Văn Nam", "Ngọc Ánh", "Hoàng Long", "Thị Hạnh"), "{s} {g}"),
    "MM": (("",), ("အောင်ကျော်", "မြင့်မြင့်", "ဇော်ဝင်း", "သီတာ", "ကျော်ကျော်", "နီလာ", "မောင်မောင်",
                   "ခင်မာ", "ထွန်းထွန်း", "စန္ဒာ"), "{g}"),
    "KH": (("សុខ", "ចាន់", "ហេង", "លី", "ស៊ឹម", "គឹម", "ម៉ៅ"),
           ("សុភា", "ដារា", "វិចិត្រ", "ស្រីពៅ", "សំណាង", "ចន្ថា", "ពិសិដ្ឋ", "រតនា"), "{s} {g}"),
    "LA": (("ພົມມະຈັນ", "ວົງສະຫວັນ", "ສີສຸລາດ", "ແກ້ວມະນີ", "ສຸວັນນະ"),
           ("ສົມສັກ", "ບຸນມີ", "ຄຳພອນ", "ນ້ອຍ", "ສົມພອນ", "ວັນເພັງ"), "{g} {s}"),
    "PH": (("Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Garcia", "Mendoza", "Torres", "Villanueva",
            "Ramos", "Aquino", "Castillo"),
           ("Maria", "Jose", "Mark", "Angelica", "John Paul", "Kristine", "Rodel", "Jennifer", "Ramon",
            "Marites", "Jericho", "Liza"), "{g} {s}"),
    "SG": (("Tan", "Lim", "Lee", "Ng", "Ong", "Wong", "Goh", "Chua", "Koh", "Teo"),
           ("Wei Ming", "Mei Ling", "Jun Jie", "Hui Min", "Kok Leong", "Siew Lan", "Zhi Hao", "Li Ting"),
           "{s} {g}"),
    "MY": (("bin Abdullah", "binti Ismail", "bin Hassan", "binti Ahmad", "a/l Subramaniam", "Tan", "Wong"),
           ("Ahmad", "Siti Nurhaliza", "Muhammad Faiz", "Nur Aina", "Rajesh", "Mei Yee", "Hafiz", "Aisyah"),
           "{g} {s}"),
    "EN": (("Smith", "Johnson", "Brown", "Taylor", "Wilson", "Davies", "Miller", "Clarke", "Walker",
            "Thompson", "Wright", "Martin"),
           ("James", "Mary", "Robert", "Linda", "Michael", "Susan", "David", "Karen", "Peter", "Helen",
            "Andrew", "Margaret"), "{g} {s}"),
}
# fmt: on
_SURNAME_FIRST_ZH: Final = _NAMES["CN"]


def victim_name(country: str, rng: random.Random) -> str:
    surnames, given, order = _NAMES.get(country, _NAMES["EN"])
    return order.format(s=rng.choice(surnames), g=rng.choice(given)).strip()


def chinese_name(rng: random.Random) -> str:
    """A Chinese-script name, for Chinese nationals living abroad."""
    surnames, given, order = _SURNAME_FIRST_ZH
    return order.format(s=rng.choice(surnames), g=rng.choice(given))


def script_name(country: str, language: str, rng: random.Random) -> str:
    """A name in the script that fits the report language (Chinese speakers abroad get Chinese names)."""
    if language == "zh" and country != "CN":
        return chinese_name(rng)
    return victim_name(country, rng)

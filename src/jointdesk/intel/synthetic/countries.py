"""Country facts for synthetic reports: numbering, banks, wallets, currency, time zone, languages.

Mobile prefixes were checked against ``phonenumbers`` 9.0.43 (every suffix of the given width is a
valid mobile number, not VoIP/MVNO, not a test range); the unit tests re-check a sample. Bank
account lengths stay outside 16–19 digits or start with a non-card digit, so the bank-account
normaliser never mistakes them for card numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class Bank:
    name: str
    prefix: str
    length: int


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    dial: str
    trunk: str
    mobile_prefixes: tuple[str, ...]
    subscriber_digits: int
    currency: str
    zone: str
    languages: tuple[str, ...]  # weighted by repetition
    banks: tuple[Bank, ...]
    wallets: tuple[str, ...]  # e-wallet providers keyed by a mobile number
    proxy: str | None  # instant-payment scheme keyed by a mobile number
    median_loss: int  # in the currency's major unit
    decimals: int
    regions: tuple[str, ...]


B = Bank
# fmt: off
COUNTRIES: Final[dict[str, Country]] = {
    c.code: c
    for c in (
        Country(
            "CN", "86", "", ("138", "139", "135", "136", "137", "150", "151", "152", "158", "159", "182",
            "183", "187", "188", "130", "131", "132", "155", "156", "185", "186", "133", "153", "180",
            "181", "189", "177", "199", "191", "173"), 8, "CNY", "Asia/Shanghai", ("zh",),
            (B("中国工商银行", "0200", 19), B("中国建设银行", "4420", 20), B("中国农业银行", "1030", 19),
             B("中国银行", "3", 12), B("招商银行", "7559", 16)),
            ("alipay",), None, 30_000, 2,
            ("北京市", "上海市", "广东省深圳市", "浙江省杭州市", "江苏省南京市", "四川省成都市",
             "湖北省武汉市", "福建省厦门市", "山东省济南市", "河南省郑州市", "云南省昆明市", "广西南宁市"),
        ),
        Country(
            "TH", "66", "0", ("81", "82", "83", "84", "85", "86", "87", "88", "89", "61", "62", "63", "64",
            "65", "80", "90", "91", "92", "93", "94", "95", "96", "97", "98", "99"), 7, "THB",
            "Asia/Bangkok", ("th", "th", "th", "en"),
            (B("Kasikornbank", "0", 10), B("Siam Commercial Bank", "4", 10), B("Bangkok Bank", "1", 10),
             B("Krungthai Bank", "9", 10), B("Krungsri", "7", 10)),
            ("truemoney",), "promptpay", 60_000, 2,
            ("Bangkok", "Chiang Mai", "Khon Kaen", "Nakhon Ratchasima", "Chon Buri", "Phuket", "Udon Thani"),
        ),
        Country(
            "VN", "84", "0", ("90", "93", "70", "76", "77", "78", "79", "91", "94", "88", "83", "84", "85",
            "81", "82", "96", "97", "98", "86", "32", "33", "34", "35", "36", "37", "38", "39", "56",
            "58"), 7, "VND", "Asia/Ho_Chi_Minh", ("vi",),
            (B("Vietcombank", "0071", 13), B("Techcombank", "1903", 14), B("MB Bank", "0", 13),
             B("VietinBank", "1010", 12), B("BIDV", "2", 14)),
            ("momo", "zalopay"), None, 80_000_000, 0,
            ("Hà Nội", "TP Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Nghệ An", "Bình Dương"),
        ),
        Country(
            "MM", "95", "0", ("975", "976", "977", "978", "979", "969", "968", "966", "965", "997", "996",
            "995", "962", "963", "964"), 7, "USD", "Asia/Yangon", ("en",),
            (B("KBZ Bank", "0", 17), B("AYA Bank", "0", 16), B("CB Bank", "0", 16)),
            (), None, 1_500, 2, ("Yangon", "Mandalay", "Naypyidaw", "Myawaddy", "Tachileik"),
        ),
        Country(
            "KH", "855", "0", ("12", "11", "17", "77", "78", "89", "92", "95", "99", "10", "15", "16", "69",
            "70", "81", "86", "87", "93", "98", "97", "85", "60", "61", "66", "67", "68"), 6, "USD",
            "Asia/Phnom_Penh", ("en",),
            (B("ABA Bank", "0", 9), B("ACLEDA Bank", "0", 13), B("Wing Bank", "1", 10)),
            (), None, 2_000, 2, ("Phnom Penh", "Sihanoukville", "Siem Reap", "Battambang", "Bavet"),
        ),
        Country(
            "LA", "856", "0", ("2055", "2056", "2057", "2058", "2059", "2022", "2023", "2028", "2029",
            "2077", "2078", "2095", "2096", "2097", "2098", "2099"), 6, "USD", "Asia/Vientiane", ("en",),
            (B("BCEL", "010", 18), B("Lao Development Bank", "0", 15)),
            (), None, 1_500, 2, ("Vientiane", "Luang Prabang", "Bokeo", "Savannakhet"),
        ),
        Country(
            "PH", "63", "0", ("917", "918", "905", "906", "915", "916", "926", "927", "935", "945", "955",
            "956", "965", "966", "975", "977", "995", "997", "908", "909", "919", "920", "921", "928",
            "929", "939", "947", "949", "961", "998", "999"), 7, "PHP", "Asia/Manila", ("en",),
            (B("BDO Unibank", "00", 12), B("BPI", "1", 10), B("Metrobank", "3", 13), B("Landbank", "0", 10)),
            ("gcash", "maya"), None, 40_000, 2,
            ("Metro Manila", "Cebu City", "Davao City", "Quezon City", "Pampanga", "Iloilo City"),
        ),
        Country(
            "SG", "65", "", ("81", "82", "83", "84", "85", "86", "87", "88", "90", "91", "92", "93", "94",
            "96", "97", "98"), 6, "SGD", "Asia/Singapore", ("en", "en", "zh"),
            (B("DBS Bank", "0", 10), B("OCBC Bank", "5", 12), B("UOB", "3", 10)),
            ("grabpay",), "paynow", 10_000, 2, ("Central", "Jurong West", "Tampines", "Woodlands", "Bedok"),
        ),
        Country(
            "MY", "60", "0", ("12", "16", "19", "111", "112", "113", "114", "115"), 7, "MYR",
            "Asia/Kuala_Lumpur", ("en", "en", "zh"),
            (B("Maybank", "1", 12), B("CIMB Bank", "8", 10), B("Public Bank", "3", 10)),
            ("touchngo",), "duitnow", 15_000, 2,
            ("Kuala Lumpur", "Selangor", "Johor Bahru", "Penang", "Ipoh", "Kota Kinabalu"),
        ),
        Country(
            "US", "1", "", tuple(a + e for a in ("212", "646", "718", "310", "415", "206", "312", "617")
                                 for e in ("234", "367", "408", "512", "623", "745", "861", "932")), 4,
            "USD", "America/New_York", ("en",),
            (B("Chase", "7", 12), B("Bank of America", "4", 12), B("Wells Fargo", "1", 10)),
            (), None, 5_000, 2, ("New York", "California", "Illinois", "Washington", "Massachusetts"),
        ),
        Country(
            "GB", "44", "0", ("7400", "7401", "7402", "7403", "7404", "7405", "7506", "7507", "7508",
            "7710", "7711", "7712", "7800", "7801", "7802", "7812", "7813", "7900", "7901", "7902"), 6,
            "GBP", "Europe/London", ("en",), (B("BARC", "20", 14), B("LOYD", "30", 14), B("NWBK", "60", 14)),
            (), None, 3_000, 2, ("London", "Manchester", "Birmingham", "Leeds", "Glasgow"),
        ),
        Country(
            "AU", "61", "0", ("400", "401", "402", "403", "404", "405", "406", "407", "408", "409", "410",
            "411", "412", "413", "414", "415", "416", "417", "418", "419", "420", "421", "422", "423",
            "424", "425", "426", "427", "428", "429", "430", "431", "432", "433", "434", "435", "436",
            "437", "438", "439", "447", "448", "449", "450"), 6, "AUD", "Australia/Sydney", ("en",),
            (B("Commonwealth Bank", "06", 10), B("Westpac", "03", 10), B("ANZ", "01", 10)),
            (), "payid", 6_000, 2, ("New South Wales", "Victoria", "Queensland", "Western Australia"),
        ),
    )
}
DEFAULT_COUNTRIES: Final = ("CN", "TH", "VN", "MM", "KH", "LA", "PH", "SG", "MY", "US", "GB", "AU")
# Share of victims per country (CN-heavy, as in published volumes).
COUNTRY_WEIGHTS: Final = {
    "CN": 40, "TH": 12, "VN": 10, "MM": 2, "KH": 2, "LA": 1, "PH": 8, "SG": 6, "MY": 7, "US": 5, "GB": 4,
    "AU": 3,
}
# Units of each currency per 1 USDT (a fixed synthetic rate, not market data).
PER_USDT: Final = {
    "CNY": 7.2, "THB": 35.0, "VND": 25_000.0, "PHP": 57.0, "MYR": 4.5, "SGD": 1.35, "USD": 1.0,
    "AUD": 1.5, "GBP": 0.79,
}
# fmt: on
IBAN_COUNTRIES: Final = frozenset({"GB"})
# Where scam compounds sit (their own phones and mule hops).
COMPOUND_COUNTRIES: Final = ("KH", "MM", "LA", "PH")
IMEI_TACS: Final = ("35332509", "86753103", "35891109", "86012304", "35420411", "86893604", "35684610")


def national_phone(country: Country, number: str) -> str:
    """The number as written at home (trunk prefix, no country code)."""
    return country.trunk + number


def e164(country: Country, number: str) -> str:
    return f"+{country.dial}{number}"

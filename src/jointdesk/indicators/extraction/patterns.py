"""Regular expressions and cue words of the free-text finders (identifiers.md §3 step 5)."""

from __future__ import annotations

import re
from typing import Final

_B58: Final = "1-9A-HJ-NP-Za-km-z"
_TRAIL: Final = ".,;:!?)]}'\"。，；：！？）】」』、》"

# (id_type, pattern, specific, priority): specific finders keep rejections ("reject, never drop");
# lower priority numbers win overlaps.
REGEX_FINDERS: Final[tuple[tuple[str, re.Pattern[str], bool, int], ...]] = (
    ("emv_qr", re.compile(r"000201[0-9A-Za-z .,:/@+&\-_]{0,512}?6304[0-9A-Fa-f]{4}"), True, 0),
    (
        "url",
        re.compile(r"(?i)\b(?:https?|ftp)://[^\s<>\"'（）【】「」]+|\bwww\.[^\s<>\"'（）【】「」]+"),
        True,
        1,
    ),
    (
        "email",
        re.compile(r"(?<![\w.+-])[\w.+-]+@[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)+"),
        True,
        2,
    ),
    (
        "url",
        re.compile(r"(?i)(?<![\w@./-])(?:[^\W_][\w-]*\.)+[^\W\d_]{2,63}/[^\s<>\"'（）【】「」]*"),
        False,
        3,
    ),
    ("tron_address", re.compile(rf"(?<![{_B58}])T[{_B58}]{{33}}(?![{_B58}])"), True, 4),
    ("evm_address", re.compile(r"(?<![0-9A-Za-z])0x[0-9a-fA-F]{40}(?![0-9A-Za-z])"), True, 4),
    (
        "bitcoin_address",
        re.compile(r"(?i)(?<![0-9a-z])(?:bc|tb)1[02-9ac-hj-np-z]{8,87}(?![0-9a-z])"),
        True,
        4,
    ),
    ("bitcoin_address", re.compile(rf"(?<![{_B58}])[13][{_B58}]{{25,34}}(?![{_B58}])"), False, 4),
    ("iban", re.compile(r"\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b"), False, 4),
    ("ip", re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])"), False, 5),
    (
        "domain",
        re.compile(r"(?<![\w@./-])(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}(?![\w@-])"),
        False,
        6,
    ),
)
TRAILING: Final = _TRAIL

UPI_VPA: Final = re.compile(r"(?<![\w.@-])[\w.-]{2,64}@[A-Za-z][A-Za-z0-9]{1,63}(?![\w.@-])")
UPI_CUE: Final = re.compile(r"(?i)\bupi\b")

# Cue words that type the value after them: (id_type, prefix for the normaliser, cue regex, value regex).
_SEP: Final = r"(?:\s*(?:id|ID|号|號|码|碼|number|no\.?)?\s*[:：=\-]?\s*)"
VALUE_CUES: Final[tuple[tuple[str, str, re.Pattern[str]], ...]] = (
    (
        "social_handle",
        "telegram:",
        re.compile(rf"(?i)(?:telegram|\btg\b|电报|纸飞机|飞机){_SEP}@?([a-z][a-z0-9_]{{4,31}})"),
    ),
    ("social_handle", "line:", re.compile(rf"(?i)\bline{_SEP}@?([a-z0-9._-]{{4,20}})")),
    ("social_handle", "whatsapp:", re.compile(rf"(?i)(?:whatsapp|\bwa\b){_SEP}(\+?\d[\d\s-]{{6,18}}\d)")),
    (
        "ewallet",
        "wechat:",
        re.compile(
            rf"(?i)(?:微信|weixin|wechat|\bvx\b|\bwx\b){_SEP}(wxid_[a-z0-9]+|\+?\d[\d\s-]{{6,16}}\d|[a-z][a-z0-9_-]{{5,19}})"
        ),
    ),
    ("ewallet", "qq:", re.compile(rf"(?i)\bqq{_SEP}([1-9]\d{{4,11}})")),
    (
        "ewallet",
        "alipay:",
        re.compile(rf"(?i)(?:支付宝|alipay){_SEP}([\w.+-]+@[\w.-]+\.\w+|\+?\d[\d\s-]{{6,16}}\d)"),
    ),
    ("payment_proxy", "promptpay:", re.compile(rf"(?i)(?:promptpay|พร้อมเพย์){_SEP}(\+?\d[\d\s-]{{8,16}}\d)")),
    ("payment_proxy", "paynow:", re.compile(rf"(?i)paynow{_SEP}(\+?[0-9A-Z][\d\sA-Z-]{{6,14}}[0-9A-Z])")),
    ("payment_proxy", "duitnow:", re.compile(rf"(?i)duitnow{_SEP}(\+?\d[\d\s-]{{8,16}}\d)")),
    ("app_package", "", re.compile(rf"(?i)(?:package|包名|app\s*id){_SEP}([a-z][\w]*(?:\.[a-z][\w]*)+)")),
    ("apk_hash", "", re.compile(rf"(?i)(?:sha-?256|apk\s*hash|哈希){_SEP}([0-9a-f]{{64}})")),
    (
        "bic",
        "",
        re.compile(
            rf"(?i)(?:swift|\bbic){_SEP}(?:code\s*[:：]?\s*)?([A-Z]{{6}}[A-Z0-9]{{2}}(?:[A-Z0-9]{{3}})?)\b"
        ),
    ),
)

# Cue words that type a digit run right after them (within CUE_WINDOW characters).
CUE_WINDOW: Final = 16
DIGIT_CUES: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    ("imei", re.compile(r"(?i)imei|串号|串號")),
    ("imsi", re.compile(r"(?i)imsi")),
    ("iccid", re.compile(r"(?i)iccid|sim\s*卡号")),
    ("payment_card", re.compile(r"(?i)卡号|卡號|银行卡|信用卡|card|บัตร")),
    (
        "bank_account",
        re.compile(r"(?i)账号|帳號|账户|帳戶|收款|account|a/c|acct|บัญชี|rekening|tài khoản|\bstk\b|akaun"),
    ),
    ("phone", re.compile(r"(?i)电话|電話|手机|手機|tel|phone|call|mobile|โทร|เบอร์|số điện thoại|sđt")),
)

# A digit run, possibly split by separators / emoji / line breaks, with O/o/I/l inside (§3 step 3).
_EMOJI: Final = "\U0001f300-\U0001faff\u2600-\u27bf\u2b00-\u2bff"
_GAP: Final = rf"(?:[ \t\-./_|·•*,~]|\r?\n|[{_EMOJI}]){{1,3}}"
DIGIT_RUN: Final = re.compile(
    rf"(?<![0-9A-Za-z])[0-9](?:[0-9OoIl]|{_GAP}(?=[0-9OoIl]))*[0-9Oo](?![0-9A-Za-z])"
)
LOOKALIKE: Final = str.maketrans("OoIl", "0011")
PLAIN_GAP: Final = re.compile(r"[ -]")
ODD_GAP: Final = re.compile(rf"[.|_/·•*,~\r\n\t{_EMOJI}]|  ")

"""Offline language detection for messages (ISO 639-1 codes), with a restricted language set.

Uses lingua (its language models ship inside the wheel; nothing is downloaded) in low-accuracy mode over
a short list of languages relevant to cross-border scam reports, so the detector builds in well under a
second and models load lazily. Khmer, Lao and Burmese, which lingua lacks, are recognised by their
scripts. ``None`` means "not determined" (too short, digits only, or no listed language fits).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from lingua import IsoCode639_1, LanguageDetector, LanguageDetectorBuilder

from jointdesk.typology.errors import TypologyError

#: English, Chinese, Vietnamese, Thai, Malay, Indonesian, Tagalog, Japanese, Korean.
DEFAULT_LANGUAGES: tuple[str, ...] = ("en", "zh", "vi", "th", "ms", "id", "tl", "ja", "ko")
#: Scripts used by one language each that lingua does not cover: code -> (first, last) code point.
SCRIPT_LANGUAGES: dict[str, tuple[int, int]] = {
    "km": (0x1780, 0x17FF),
    "lo": (0x0E80, 0x0EFF),
    "my": (0x1000, 0x109F),
}
#: Share of letters in one script above which the script decides the language.
SCRIPT_SHARE = 0.5


@cache
def _detector(languages: tuple[str, ...]) -> LanguageDetector:
    codes = []
    for code in languages:
        try:
            codes.append(IsoCode639_1.from_str(code))
        except ValueError as exc:
            raise TypologyError(f"unsupported language code {code!r} for detection") from exc
    if len(codes) < 2:
        raise TypologyError("language detection needs at least two candidate languages")
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


def _by_script(text: str) -> str | None:
    letters = [ord(ch) for ch in text if ch.isalpha()]
    if not letters:
        return None
    for code, (first, last) in SCRIPT_LANGUAGES.items():
        if sum(first <= point <= last for point in letters) > SCRIPT_SHARE * len(letters):
            return code
    return None


def detect_language(text: str, languages: Sequence[str] = DEFAULT_LANGUAGES) -> str | None:
    """The ISO 639-1 code of the language of ``text``, or ``None`` when it cannot be determined."""
    return detect_languages([text], languages)[0]


def detect_languages(texts: Sequence[str], languages: Sequence[str] = DEFAULT_LANGUAGES) -> list[str | None]:
    """:func:`detect_language` for a batch (lingua runs the batch in parallel)."""
    detector = _detector(tuple(sorted({code.lower() for code in languages})))
    by_script = [_by_script(text) for text in texts]
    pending = [i for i, code in enumerate(by_script) if code is None]
    found = detector.detect_languages_in_parallel_of([texts[i] for i in pending]) if pending else []
    for i, language in zip(pending, found, strict=True):
        by_script[i] = language.iso_code_639_1.name.lower() if language is not None else None
    return by_script

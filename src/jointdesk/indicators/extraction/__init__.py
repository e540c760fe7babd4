"""Helpers of :mod:`jointdesk.indicators.extract`: offset-keeping text repairs, CJK numerals, finders."""

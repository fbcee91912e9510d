"""The one vocabulary of the parser: numerals, label schemes, bullets and brackets, annex labels,
block names, document kinds and editions, legal types, era names, ministries and ministers.

No other module of `hyoka.parse` spells a numeral, bullet or label pattern: they compose theirs
from the fragments here, so a numeral form or a bullet added here is known everywhere at once.
"""

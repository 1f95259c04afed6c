"""Arabic: CLDR's long date "d MMMM y" (Django adds a comma), its "{1}، {0}" join of date
and time (Django has no DATETIME_FORMAT for Arabic and falls back to the English
"N j, Y, P": "ديسمبر 21, 2026, 2 م"), and CLDR's separators for Latin digits (Arabic
with Latin digits writes 1,234.5; Django's "1.234,5" reads as a different number)."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "j F Y، g:i A"
SHORT_DATETIME_FORMAT = "d\u200f/m\u200f/Y، g:i A"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

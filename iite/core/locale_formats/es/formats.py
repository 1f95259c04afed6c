"""Spanish: CLDR's separators, "1.234.567,5" (Django writes a no-break space between
groups). CLDR's minimum grouping digits (2: "1234" but "12.345") is not a setting Django
has; iite/core/formats.py's number_grouping_install applies it to Django's formatting."""

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3

"""Django's localized formats corrected to CLDR where Django's own are wrong or missing.

Settings point FORMAT_MODULE_PATH here; Django reads these modules first and falls
back to its own for the names they do not define. Each value is CLDR's pattern (as
Babel gives it, see iite/core/formats.py) written in Django's date-format letters, so
``{{ value|date:"DATETIME_FORMAT" }}`` and ``floatformat:"0g"`` agree with the Babel
filters; iite/core/tests/test_formats.py checks that they do.
"""

"""Chinese: CLDR groups digits by three with a comma (1,234,567); Django groups by four
with no separator at all, which gives 1234567 for every grouped figure."""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

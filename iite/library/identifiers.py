"""Validators of the identifiers a publication and its contributors carry.

A wrong DOI, ISBN, ORCID or ROR id in exported metadata travels into other
repositories and citation managers, so each is checked by its own rule (the ISBN and
ORCID check digits, the ROR id's checksum) before it is stored, and stored in one
canonical form (no "https://doi.org/" prefix, no hyphens in an ISBN).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
HANDLE_RE = re.compile(r"^\d+(\.\d+)*/\S+$")
ORCID_RE = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
ROR_RE = re.compile(r"^0[0-9a-hjkmnp-tv-z]{6}\d{2}$")
_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"

# The licences a publication may carry, by SPDX id. UNESCO publishes under the IGO
# ports of Creative Commons (CC-BY-SA-3.0-IGO is its default).
LICENCES: dict[str, str] = {
    "CC-BY-SA-3.0-IGO": "Creative Commons Attribution-ShareAlike 3.0 IGO",
    "CC-BY-3.0-IGO": "Creative Commons Attribution 3.0 IGO",
    "CC-BY-NC-SA-3.0-IGO": "Creative Commons Attribution-NonCommercial-ShareAlike 3.0 IGO",
    "CC-BY-NC-ND-3.0-IGO": "Creative Commons Attribution-NonCommercial-NoDerivs 3.0 IGO",
    "CC-BY-4.0": "Creative Commons Attribution 4.0 International",
    "CC-BY-SA-4.0": "Creative Commons Attribution-ShareAlike 4.0 International",
    "CC-BY-NC-4.0": "Creative Commons Attribution-NonCommercial 4.0 International",
    "CC-BY-NC-SA-4.0": "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International",
    "CC-BY-NC-ND-4.0": "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International",
    "CC0-1.0": "Creative Commons Zero 1.0 Universal",
}
DEFAULT_LICENCE = "CC-BY-SA-3.0-IGO"


def licence_url(spdx: str) -> str:
    """The licence's deed, as Creative Commons publishes it."""
    if spdx == "CC0-1.0":
        return "https://creativecommons.org/publicdomain/zero/1.0/"
    parts = spdx.removeprefix("CC-").lower().split("-")
    igo = parts[-1] == "igo"
    if igo:
        parts = parts[:-1]
    version = parts[-1]
    terms = "-".join(parts[:-1])
    return f"https://creativecommons.org/licenses/{terms}/{version}/{'igo/' if igo else ''}"


def doi_normalise(value: str) -> str:
    value = value.strip()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
        if value.lower().startswith(prefix):
            value = value[len(prefix) :]
    return value


def validate_doi(value: str) -> None:
    if not DOI_RE.match(doi_normalise(value)):
        raise ValidationError(_("Enter a DOI such as 10.5281/zenodo.12345."), code="doi")


def validate_handle(value: str) -> None:
    if not HANDLE_RE.match(value.strip().removeprefix("https://hdl.handle.net/")):
        raise ValidationError(_("Enter a Handle such as 20.500.12345/678."), code="handle")


def isbn_normalise(value: str) -> str:
    return re.sub(r"[\s-]", "", value).upper()


def isbn_valid(value: str) -> bool:
    digits = isbn_normalise(value)
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        total = sum((10 - i) * int(d) for i, d in enumerate(digits[:9]))
        total += 10 if digits[9] == "X" else int(digits[9])
        return total % 11 == 0
    if len(digits) == 13 and digits.isdigit() and digits[:3] in ("978", "979"):
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits[:12]))
        return (10 - total % 10) % 10 == int(digits[12])
    return False


def validate_isbn(value: str) -> None:
    if not isbn_valid(value):
        raise ValidationError(
            _("This ISBN is not valid: check its digits (ISBN-10 or ISBN-13)."), code="isbn"
        )


def orcid_valid(value: str) -> bool:
    value = value.strip().removeprefix("https://orcid.org/")
    if not ORCID_RE.match(value):
        return False
    digits = value.replace("-", "")
    total = 0
    for digit in digits[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


def validate_orcid(value: str) -> None:
    if not orcid_valid(value):
        raise ValidationError(
            _("This ORCID iD is not valid: 16 digits such as 0000-0002-1825-0097."), code="orcid"
        )


def ror_valid(value: str) -> bool:
    value = value.strip().lower().removeprefix("https://ror.org/")
    if not ROR_RE.match(value):
        return False
    number = 0
    for char in value[:7]:
        number = number * 32 + _CROCKFORD.index(char)
    return 98 - (number * 100 % 97) == int(value[7:])


def validate_ror(value: str) -> None:
    if not ror_valid(value):
        raise ValidationError(
            _("This ROR id is not valid: nine characters such as 05gq02987."), code="ror"
        )


def validate_licence(value: str) -> None:
    if value not in LICENCES:
        raise ValidationError(_("Choose a licence from the list."), code="licence")

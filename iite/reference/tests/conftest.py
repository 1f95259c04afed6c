from __future__ import annotations

from typing import Any

import pytest

from iite.reference.services import reference_data_load


@pytest.fixture
def loaded(db: Any) -> Any:
    """The shipped Member States file, loaded."""
    return reference_data_load()

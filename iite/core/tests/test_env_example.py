""".env.example documents every setting the platform reads from its environment."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
READ = re.compile(
    r"""(?:os\.environ\.get|os\.getenv|env_bool|env_list|env_int)\(\s*"([A-Z][A-Z0-9_]*)\""""
)


def test_every_environment_variable_of_the_settings_is_documented():
    """SITE_NAME and SITE_URL included: an operator who sets neither sees what e-mails say."""
    read = set(READ.findall((ROOT / "config" / "settings.py").read_text()))
    example = (ROOT / ".env.example").read_text()
    documented = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", example, re.MULTILINE))
    assert {"SITE_NAME", "SITE_URL"} <= read
    assert sorted(read - documented) == []

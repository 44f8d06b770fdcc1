"""Loaded by pytest before anything else (the project's root conftest): nbval's plugin, after one
import that every test process would otherwise pay for.

nbval reads notebooks with nbformat, which imports jsonschema, whose optional checker for the "iri"
string format (the rfc3987-syntax package) builds a grammar on import: about 2 s in every pytest
process, and the tests start three. Neither nbformat's schema nor this project's tests use that
format, so the test processes leave the checker out (jsonschema then does not check "iri" strings).
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # None here makes "import rfc3987_syntax" fail fast

pytest_plugins = ("nbval.plugin",)  # after the line above; pyproject.toml turns off its early load

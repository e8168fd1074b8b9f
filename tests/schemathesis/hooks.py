"""Schemathesis hooks for tests/schemathesis/run.py (loaded through SCHEMATHESIS_HOOKS)."""
import re

import schemathesis

# RFC 9110 section 5.5: a field value has no control characters but HTAB, and no DEL. The server's
# HTTP parser (hyper) refuses a request carrying one with a bare 400 before any route sees it, as
# any HTTP/1.1 server must; such a request is no test of the API.
INVALID_FIELD_VALUE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


@schemathesis.hook
def filter_headers(context, headers):
    return not headers or not any(isinstance(v, str) and INVALID_FIELD_VALUE.search(v) for v in headers.values())

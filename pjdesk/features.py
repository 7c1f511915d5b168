"""The one place that wires optional feature modules in (CLI commands, demo steps, list columns).
Each feature module registers itself on import; add one import line per feature."""

from .helpers.feature import install as _install_helpers  # noqa: E402  (issue 4: helpers)
_install_helpers()
from .cases import feature as _cases_feature  # noqa: F401,E402  (issue 5: cases, 危房改造)
from .printing import feature as _printing_feature  # noqa: F401,E402  (issue 6: printing)

"""Imports the UI feature modules; each registers its pages on import (see ui/pages.py)."""
from .households import page as _households_page  # noqa: F401,E402

from . import helpers as _helpers  # noqa: E402,F401  (issue 4: 帮扶责任人, 驻村帮扶)
from . import cases as _cases_page  # noqa: F401,E402  (issue 5: 危房改造)
from .settings import page as _settings_page  # noqa: F401,E402  (issue 6: 设置)
from .printing import page as _printing_page  # noqa: F401,E402  (issue 6: 公示打印)

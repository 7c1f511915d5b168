"""Helpers (帮扶责任人), the five-household limit, village aid teams (驻村帮扶) and help records.

Services (each public function is one user action in one transaction):
``people`` (helper registry), ``assignments`` (assign / bulk / reassign / end), ``autopair``,
``aid_teams`` (六个一), ``records`` (help records, income projects, overdue visits),
``queries`` (lists), ``printouts`` (roster and contact cards). ``feature.install()`` wires the
CLI commands, the demo step, the registry column and the status hook in.
"""

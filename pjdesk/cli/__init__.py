"""The command line, one module per area: ``registry`` (demo, init, households, villages, stats),
``pairing`` (``pjdesk helpers …``), ``cases``, ``printing`` (``pjdesk print …``); ``common`` holds
what they share and ``main`` builds the parser and maps errors to exit codes."""

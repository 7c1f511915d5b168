"""Use cases. Each public function is one user action: it takes the open ``db.Database``, runs in
one transaction (all or nothing) and returns a plain summary of what changed."""

"""HTTP plumbing shared by ``api/`` and ``web/``: units of work, principals, route permissions."""

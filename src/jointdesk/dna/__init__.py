"""Forensic DNA module (dna.md): pure computational core in :mod:`jointdesk.dna.compute`.

The statistics, matching rules and bundled frequency tables live in ``compute`` and ``data``;
storage, UI and API layers build on top of them.
"""

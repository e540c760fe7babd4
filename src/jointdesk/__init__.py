"""jointdesk: cross-border cooperation against telecom and online fraud, with safeguards."""

__version__ = "0.1.0"

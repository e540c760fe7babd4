"""JSON API v1: token authentication, one router per domain, RFC 9457 problem details."""

"""HTTP routers, one per resource: parse, call a service, return."""

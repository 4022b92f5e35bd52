"""Reads for consultancy pages and the API, one module per kind of work, always starting from a
`consultancy.policies` queryset."""

"""Writes to consultancy, training, awareness and group work, resources, practice challenges and
the balance target: one module per kind of work, each write one transaction with its audit event.

Access is the caller's business: views and API views ask `consultancy.policies` first.
"""

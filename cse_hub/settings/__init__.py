"""Settings split by environment: base, local (the embedded default), test and production."""

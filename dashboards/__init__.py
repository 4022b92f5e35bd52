"""Read-only partnership reporting with small-number suppression and exports."""

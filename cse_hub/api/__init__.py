"""Project-wide API plumbing: the error shape, pagination and the v1 URL map."""

"""Consultancy requests and advice, training and awareness sessions, resources, challenges."""

"""Operations: the health endpoint and the scheduler heartbeat."""

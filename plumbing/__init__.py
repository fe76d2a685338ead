"""Plumbing that every app shares and that imports no app: the database backend and prepared reads, the embedded
PostgreSQL, the Redis cache and the limiter's Redis access, sessions, middleware, the API's error shape, uploads,
log masking. Apps import it; it imports none of them (decision 0015)."""

"""Hand-written overlay over the generated hoko_client: typed errors, retries, bulk helpers."""

"""The server-side judge: runs candidate code against tests, confined. See `model.py` for the contract."""

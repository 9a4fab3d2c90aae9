"""The validate peer: parses a JSON file with Python's C parser and nothing else (no checks)."""
import json
import sys

with open(sys.argv[1], "rb") as f:
    json.load(f)

"""The version of accord, in one place (every layer may import it; it imports nothing)."""

__version__ = "0.3.0"

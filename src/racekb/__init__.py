"""racekb: motorsport press releases in, a cross-linked static knowledge site out."""

__version__ = "0.1.0"
GENERATOR = f"racekb {__version__}"

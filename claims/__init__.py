"""Pure claim logic: text in, frozen dataclasses out."""

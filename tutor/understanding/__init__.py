"""understanding stage."""

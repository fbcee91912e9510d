"""Human-readable and exported views of parsed and evaluated documents."""

"""Rating: achievement of targets, proposed item ratings and the overall rating, under a rating policy."""

"""Assessment stage: the verdict on an answer, with what it covers, misses and misconceives."""

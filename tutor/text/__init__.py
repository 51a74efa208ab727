"""Text stage: a raw answer becomes normalised sentences of tokens, each with its stem."""

"""Understanding stage: sentences of tokens become claim facts, each with polarity and stance."""

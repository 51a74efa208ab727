"""`tutor history` (placeholder until its issue lands)."""


def configure(parser):
    pass


def run(args) -> int:
    print("tutor: 'history' is not built yet")
    return 2

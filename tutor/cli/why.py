"""`tutor why` (placeholder until its issue lands)."""


def configure(parser):
    pass


def run(args) -> int:
    print("tutor: 'why' is not built yet")
    return 2

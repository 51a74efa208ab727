"""`tutor explain` (placeholder until its issue lands)."""


def configure(parser):
    pass


def run(args) -> int:
    print("tutor: 'explain' is not built yet")
    return 2

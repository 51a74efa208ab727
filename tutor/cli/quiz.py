"""`tutor quiz` (placeholder until its issue lands)."""


def configure(parser):
    pass


def run(args) -> int:
    print("tutor: 'quiz' is not built yet")
    return 2

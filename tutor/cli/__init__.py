"""Command-line surfaces. Each subcommand lives in its own module with `configure(parser)` and
`run(args) -> int`; heavy imports stay inside `run` so that start-up stays fast."""

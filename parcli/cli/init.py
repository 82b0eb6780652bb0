"""TEMPORARY during development: replaced by the real module before commit."""
import typer
app = typer.Typer()
def init() -> None:
    raise NotImplementedError

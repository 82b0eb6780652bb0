"""TEMPORARY during development: replaced by the real module before commit."""
import typer
app = typer.Typer()
def templates() -> None:
    raise NotImplementedError

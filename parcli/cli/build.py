"""TEMPORARY during development: replaced by the real module before commit."""
import typer
app = typer.Typer()
def build() -> None:
    raise NotImplementedError

"""What a notebook cell (read as JSON) shows, for the tests of figures and of the site."""


def alt_text(cell):
    """The alt text of the cell's figure, as myst-nb reads it from the cell's metadata."""
    return cell["metadata"].get("mystnb", {}).get("image", {}).get("alt")


def shows_figure(cell):
    return any("image/png" in output.get("data", {}) for output in cell.get("outputs", []))

"""Draw fully connected networks with daft (PyPI package ``daft-pgm``, imported as ``daft``).

Notebook 3 explains how this works; notebook 5 uses it. Importing this module changes no
matplotlib settings.
"""

import daft

LAYER_GAP = 1.3  # horizontal distance between layers, in daft grid units
NODE_GAP = 0.7  # vertical distance between the nodes of a layer
GRID_UNIT = 2.5  # centimetres per grid unit
WEIGHT_LABEL_AT = 0.3  # where a weight's label sits along its edge (0 = source, 1 = target)


def node_label(layer, index, layer_sizes):
    """The mathtext label of node ``index`` (from 0) in ``layer`` (0 = the inputs)."""
    n = index + 1
    last = len(layer_sizes) - 1
    if layer == 0:
        return rf"$x_{{{n}}}$"
    if layer == last:
        return r"$\hat{y}$" if layer_sizes[last] == 1 else rf"$\hat{{y}}_{{{n}}}$"
    if last == 2:  # a single hidden layer needs no layer index
        return rf"$h_{{{n}}}$"
    return rf"$h^{{({layer})}}_{{{n}}}$"


def weight_label(layer, i, j):
    """The label of the weight from node ``i`` of layer ``layer - 1`` to node ``j`` of ``layer``."""
    return rf"$w^{{({layer})}}_{{{i + 1}{j + 1}}}$"


def draw_network(layer_sizes, show_weights=False):
    """Draw a fully connected network, inputs on the left, and return its matplotlib Axes.

    ``layer_sizes`` lists the number of nodes per layer, inputs first: ``[3, 2, 1]`` is
    three inputs, two hidden neurons and one output. With ``show_weights=True`` every edge
    is labelled with its own weight, w^(layer)_(from, to).
    """
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(f"a network needs at least an input and an output layer, got {sizes}")
    if any(not isinstance(n, int) or n < 1 for n in sizes):
        raise ValueError(f"every layer needs a whole number of nodes, at least 1, got {sizes}")

    pgm = daft.PGM(grid_unit=GRID_UNIT, dpi=100)
    position = {}
    for layer, size in enumerate(sizes):
        for index in range(size):
            x = layer * LAYER_GAP
            y = ((size - 1) / 2 - index) * NODE_GAP  # centre each layer vertically
            position[layer, index] = (x, y)
            pgm.add_node((layer, index), node_label(layer, index, sizes), x, y)

    for layer in range(1, len(sizes)):
        for i in range(sizes[layer - 1]):
            for j in range(sizes[layer]):
                label, offset = None, (0.0, 0.0)
                if show_weights:
                    label = weight_label(layer, i, j)
                    # daft puts an edge label at the middle; slide it towards the source,
                    # where the edges leaving a node are still apart.
                    (x0, y0), (x1, y1) = position[layer - 1, i], position[layer, j]
                    shift = (WEIGHT_LABEL_AT - 0.5) * GRID_UNIT
                    offset = (shift * (x1 - x0), shift * (y1 - y0))
                pgm.add_edge(
                    (layer - 1, i),
                    (layer, j),
                    label=label,
                    xoffset=offset[0],
                    yoffset=offset[1],
                    label_params={
                        "fontsize": 9,
                        "zorder": 5,
                        "bbox": {"fc": "white", "ec": "none", "pad": 0.3},
                    },
                )
    return pgm.render()

"""Draw fully connected networks with daft (PyPI package ``daft-pgm``, imported as ``daft``).

Notebook 3 explains how this works; notebook 5 uses it. Importing this module changes no
matplotlib settings.
"""

import numbers

import daft

LAYER_GAP = 1.3  # horizontal distance between layers, in daft grid units
NODE_GAP = 0.7  # vertical distance between the nodes of a layer
GRID_UNIT = 2.5  # centimetres per grid unit (daft's nodes are 1 cm across)
DPI = 150  # pixels per inch of the figure

# The room a weight label needs (show_weights=True), in grid units; spacing() uses them.
LABEL_HEIGHT = 0.3  # from one label to the next, vertically
NODE_CLEARANCE = 0.6  # from a node's centre to the labels next to it
MAX_SLOPE = 0.8  # the steepest an edge may be (rise over run) where labels must stay clear
# A white box behind a label hides its own edge there, so the label sits in a gap of its edge.
WEIGHT_LABEL_STYLE = {"fontsize": 10, "bbox": {"fc": "white", "ec": "none", "pad": 1.5}}
DAFT_LIFT = 3 / 72 * 2.54  # daft draws an edge's label 3 points (in cm) above the point it is given


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


def label_fraction(from_size, to_size):
    """Where the weight labels between two layers sit along their edges (0 = source, 1 = target).

    At 1 / (to_size + 1) of the way from the sources, the edges of a fully connected layer pass
    one above the other, each a node gap / (to_size + 1) from the next, and no two have crossed
    yet: the first crossing is at 1 / to_size. The same holds at from_size / (from_size + 1),
    near the targets. Take the end where fewer edges meet at a node.
    """
    if to_size <= from_size:
        return 1 / (to_size + 1)
    return from_size / (from_size + 1)


def spacing(sizes, show_weights, layer_gap, node_gap):
    """The (layer gap, node gap) to draw with: the ones asked for, widened for weight labels.

    With at most k edges meeting at a node at the end where the labels are (label_fraction),
    the labels are node_gap / (k + 1) apart vertically and layer_gap / (k + 1) from the nodes;
    and with no edge steeper than MAX_SLOPE, the edges above and below a label stay out of
    its box.
    """
    if not show_weights:
        return layer_gap, node_gap
    pairs = list(zip(sizes, sizes[1:]))
    k = max(min(a, b) for a, b in pairs)
    node_gap = max(node_gap, (k + 1) * LABEL_HEIGHT)
    rise = node_gap * max(a + b - 2 for a, b in pairs) / 2  # of the steepest edge
    return max(layer_gap, (k + 1) * NODE_CLEARANCE, rise / MAX_SLOPE), node_gap


def edge_label(layer, i, j, start, end, along):
    """add_edge's keyword arguments that write weight_label(layer, i, j) on the edge from node
    position ``start`` to ``end`` (grid units), at the fraction ``along`` of the way."""
    (x0, y0), (x1, y1) = start, end
    # daft starts from the middle of the visible edge, which is the middle between the two
    # centres here (all nodes have the same size), and takes its offsets in centimetres.
    shift = (along - 0.5) * GRID_UNIT
    return {
        "label": weight_label(layer, i, j),
        "xoffset": shift * (x1 - x0),
        "yoffset": shift * (y1 - y0) - DAFT_LIFT,
        "label_params": WEIGHT_LABEL_STYLE,
    }


def draw_network(layer_sizes, show_weights=False, layer_gap=LAYER_GAP, node_gap=NODE_GAP):
    """Draw a fully connected network, inputs on the left, and return its matplotlib Axes.

    ``layer_sizes`` lists the number of nodes per layer, inputs first: ``[3, 2, 1]`` is
    three inputs, two hidden neurons and one output. With ``show_weights=True`` every edge
    is labelled with its own weight, w^(layer)_(from, to), and the gaps are widened as far as
    the labels need. ``layer_gap`` and ``node_gap`` are the distances between layers and
    between the nodes of a layer, in grid units of GRID_UNIT centimetres.
    """
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(f"a network needs at least an input and an output layer, got {sizes}")
    # Any integer counts, numpy's too; True and False are integers to Python, but not sizes.
    if any(isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1 for n in sizes):
        raise ValueError(
            f"every layer needs a whole number of nodes, at least 1, got {layer_sizes}"
        )
    sizes = [int(n) for n in sizes]
    if not (layer_gap > 0 and node_gap > 0):
        raise ValueError(f"the gaps must be positive, got {layer_gap=} and {node_gap=}")
    layer_gap, node_gap = spacing(sizes, show_weights, layer_gap, node_gap)

    pgm = daft.PGM(grid_unit=GRID_UNIT, dpi=DPI)
    position = {}
    for layer, size in enumerate(sizes):
        for index in range(size):
            across = layer * layer_gap
            height = ((size - 1) / 2 - index) * node_gap  # centre each layer vertically
            position[layer, index] = (across, height)
            pgm.add_node((layer, index), node_label(layer, index, sizes), across, height)

    for layer in range(1, len(sizes)):
        along = label_fraction(sizes[layer - 1], sizes[layer])
        for i in range(sizes[layer - 1]):
            for j in range(sizes[layer]):
                ends = position[layer - 1, i], position[layer, j]
                label = edge_label(layer, i, j, *ends, along) if show_weights else {}
                pgm.add_edge((layer - 1, i), (layer, j), **label)
    return pgm.render()

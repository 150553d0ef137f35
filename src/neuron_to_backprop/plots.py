"""Drawing details of the lessons' figures that are not what a figure teaches.

Notebook 4's tangent figure draws its arrows with curved_arrow; notebook 6 draws its two
training runs with losses_and_fit. Importing this module changes no matplotlib settings.
"""

import matplotlib.pyplot as plt


def curved_arrow(ax, start, end, color, bend=0.3):
    """Draw on ``ax`` a curved arrow from the point ``start`` to the point ``end`` ((x, y) in
    data coordinates), in ``color``. ``bend`` is how far it bows to the right of the way it
    points, as a fraction of its length (negative: to the left; matplotlib's arc3 ``rad``)."""
    ax.annotate(
        "",
        xy=end,
        xytext=start,
        arrowprops=dict(
            arrowstyle="-|>",
            color=color,
            lw=2,
            shrinkA=5,  # points left clear at the start, around the dot drawn there
            shrinkB=0,
            connectionstyle=f"arc3,rad={bend}",
        ),
    )


def losses_and_fit(losses, fits):
    """A figure of two panels, each with its legend above it. Left: losses over the loops, on a
    log scale, one line per (values, style, colour, label) in ``losses``. Right: functions of
    the input x, one line or set of points per (x, y, style, colour, label) in ``fits``
    (``style`` as in plt.plot: "-", "--", "o", ...). Returns the figure and its two axes."""
    fig, (ax_loss, ax_fit) = plt.subplots(1, 2, figsize=(11, 4.4))
    for values, style, colour, label in losses:
        ax_loss.semilogy(values, style, color=colour, label=label)
    ax_loss.set_xlabel("loop")
    ax_loss.set_ylabel("mean squared error (log scale)")
    for x, y, style, colour, label in fits:
        ax_fit.plot(x, y, style, color=colour, label=label)
    ax_fit.set_xlabel("input $x$")
    ax_fit.set_ylabel("output")
    for ax in (ax_loss, ax_fit):
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.02), ncol=2)  # above the panel
    return fig, (ax_loss, ax_fit)

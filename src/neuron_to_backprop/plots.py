"""Drawing details of the lessons' figures that are not what a figure teaches.

Notebook 4's tangent figure draws its arrows with curved_arrow. Importing this module changes no
matplotlib settings.
"""


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

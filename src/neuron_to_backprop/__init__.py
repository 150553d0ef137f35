"""The helpers of the series "From one neuron to backprop", imported by its notebooks.

    from neuron_to_backprop import check, diagrams, plots, sliders

check: the exercises' self-checks; diagrams: network diagrams drawn with daft (notebooks 3
and 5); plots: drawing details of figures that are not their lesson (notebook 4's curved
arrows); sliders: the sliders of notebooks 1 and 4. Importing them changes no setting, with one
addition: imported in IPython, check prints a plain sentence after the traceback of an error it
can read (check.register_plain_lines).
"""

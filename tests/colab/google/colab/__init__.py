"""A stand-in for Colab's own `google.colab`, for make test-colab only.

Colab's kernel has imported `google.colab` when a notebook starts; the lessons' first cell looks
for it in `sys.modules` to know it runs in Colab. tools/colab_check.py puts this folder on the
kernel's path and imports this module as the kernel starts, so that the cell installs the
helpers as it would there. It does nothing else.
"""

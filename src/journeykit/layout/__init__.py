"""Layout: from a Journey (and analysis results) and a Theme to a Scene.

Nothing here imports a drawing library; renderers in :mod:`journeykit.rendering`
paint the scenes.
"""

"""The desktop app (PySide6 + pyqtgraph): the only package that imports Qt.

Widgets drive the services through workers (ui.workers) and hold no business logic: what a
run does lives in dino_desktop.services, what a file holds in dino_desktop.core.
"""

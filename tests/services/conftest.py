"""The e2e fixtures (an app on the local profile in a temporary DINO_HOME) for services."""

from tests.e2e.conftest import app, env, home  # noqa: F401

"""Where the plugin's shipped files live."""

import os

PLUGIN_DIR = os.path.dirname(os.path.abspath(__file__))
ICON_PATH = os.path.join(PLUGIN_DIR, "resources", "icons", "lianwei.svg")

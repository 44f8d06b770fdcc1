# The course's server settings: `make lab` and the browser test read this folder through
# JUPYTER_CONFIG_PATH; Binder's postBuild copies it into ~/.jupyter.
from jupyter_server.services.kernels.kernelmanager import MappingKernelManager

c = get_config()  # noqa: F821 - provided by Jupyter when it reads this file

# A slider move reaches the kernel as a widget message (comm_msg), and the kernel reports "busy" and
# then "idle" for each one. JupyterLab and Notebook 7 redraw the kernel's state in the toolbar and
# status bar on each report, page work that delays the redrawn figure; they skip reports about the
# message types listed here. Code cells (execute_request) still show "busy" as usual.
_UNTRACKED = MappingKernelManager.class_traits()["untracked_message_types"].default()
c.MappingKernelManager.untracked_message_types = [*_UNTRACKED, "comm_msg"]

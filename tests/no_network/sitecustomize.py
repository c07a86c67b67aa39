"""Loaded by every Python process the tests start (PYTHONPATH): journal must never open a
network connection, so any attempt ends the process with status 97 and says where."""

import os
import socket
import sys
import traceback


def _refuse(self: socket.socket, address: object, *args: object) -> None:
    sys.stderr.write(f"NETWORK CONNECTION ATTEMPTED to {address!r}\n")
    traceback.print_stack(file=sys.stderr)
    sys.stderr.flush()
    os._exit(97)


socket.socket.connect = _refuse  # type: ignore[method-assign,assignment]
socket.socket.connect_ex = _refuse  # type: ignore[method-assign,assignment]

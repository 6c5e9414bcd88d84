"""A TCP relay on 127.0.0.1:LISTEN to 127.0.0.1:UPSTREAM, for tests that take
the Schema Registry away and bring it back: the registry URL points at the
relay's port, which refuses connections until the relay starts. It stops by
itself after IDLE seconds without a new connection.

    python3 relay.py LISTEN UPSTREAM IDLE
"""
import socket
import sys
import threading


def pipe(a, b):
    try:
        while (d := a.recv(65536)):
            b.sendall(d)
    except OSError:
        pass
    finally:
        for s in (a, b):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def main():
    listen, upstream, idle = (int(a) for a in sys.argv[1:4])
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", listen))
    srv.listen(16)
    srv.settimeout(idle)
    try:
        while True:
            c, _ = srv.accept()
            u = socket.create_connection(("127.0.0.1", upstream))
            threading.Thread(target=pipe, args=(c, u), daemon=True).start()
            threading.Thread(target=pipe, args=(u, c), daemon=True).start()
    except socket.timeout:
        pass


main()

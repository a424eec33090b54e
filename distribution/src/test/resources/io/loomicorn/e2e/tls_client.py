"""A TLS client on Python's ssl module, for TlsClientsIT.

Usage: tls_client.py PORT CAFILE CERT|- KEY|- MAX_VERSION|- PATH

Connects to 127.0.0.1:PORT as "localhost" with the default context (certificate and host
name checked against CAFILE, TLS 1.2 at least), offers ALPN http/1.1, presents CERT/KEY
when given, caps the protocol at MAX_VERSION (e.g. TLSv1_2) when given, sends one GET and
prints what the handshake settled and the response. A failure prints its class and exits 1.
"""
import socket
import ssl
import sys

port, cafile, cert, key, max_version, path = sys.argv[1:7]
context = ssl.create_default_context(cafile=cafile)
context.set_alpn_protocols(["http/1.1"])
if cert != "-":
    context.load_cert_chain(cert, key)
if max_version != "-":
    context.maximum_version = getattr(ssl.TLSVersion, max_version)
try:
    with socket.create_connection(("127.0.0.1", int(port)), timeout=20) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            request = "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" % path
            tls.sendall(request.encode("ascii"))
            response = b""
            while True:
                chunk = tls.recv(65536)
                if not chunk:
                    break
                response += chunk
            print("python_version=%s" % tls.version())
            print("python_cipher=%s" % tls.cipher()[0])
            print("python_alpn=%s" % tls.selected_alpn_protocol())
            print(response.decode("utf-8"))
except (OSError, ssl.SSLError) as e:
    print("failed: %s: %s" % (type(e).__name__, e))
    sys.exit(1)

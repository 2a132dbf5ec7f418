"""The phone mode: netcoach reachable from a phone on the home or office network, over HTTPS.

`make run` listens on 127.0.0.1 only. `NETCOACH_LAN=1 make run` runs `python -m netcoach.lan`,
which serves, in one process:

- the same local address as always (http://127.0.0.1:8000), for this computer's browser;
- the computer's network address over HTTPS only (https://<address>:8443), with a certificate
  made for this install on first use (kept in DATA_DIR/tls/, owner-only). Plain HTTP is never
  served on the network.

The settings accept exactly that address as a host (settings.NETCOACH_LAN_ADDRESS), cookies
sent over HTTPS are Secure (netcoach.middleware.SecureCookiesMiddleware), and the Settings page
shows the address, a QR code made here (segno: no network) and the certificate's fingerprint,
to compare with what the phone shows when it asks to trust it once (docs/user-guide.md,
"On your phone").
"""

import datetime
import ipaddress
import os
import socket
import sys
import threading
from pathlib import Path

CERT_NAME = "cert.pem"
KEY_NAME = "key.pem"
LAN_PORT = 8443
LOCAL_PORT = 8000
# A session opened over the network lasts a day: a phone can be lost.
SESSION_AGE = 60 * 60 * 24


def network_address() -> str:
    """This computer's address on its network: NETCOACH_LAN_ADDRESS when set, else the one
    the system would use to reach another network (a UDP socket is "connected", which sends
    nothing), else 127.0.0.1."""
    given = os.environ.get("NETCOACH_LAN_ADDRESS", "").strip()
    if given:
        return str(ipaddress.ip_address(given))
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def tls_dir(data_dir) -> Path:
    return Path(data_dir) / "tls"


def certificate(data_dir, address: str) -> tuple[Path, Path]:
    """The install's certificate and key for `address`, made on first use (and again when the
    address changed or it expires within a month)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder = tls_dir(data_dir)
    cert_path, key_path = folder / CERT_NAME, folder / KEY_NAME
    now = datetime.datetime.now(datetime.UTC)
    if cert_path.exists() and key_path.exists():
        current = x509.load_pem_x509_certificate(cert_path.read_bytes())
        names = current.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        if ipaddress.ip_address(address) in names.get_values_for_type(x509.IPAddress) and (
            current.not_valid_after_utc > now + datetime.timedelta(days=30)
        ):
            return cert_path, key_path
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"netcoach on {address}")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        # Phones refuse server certificates valid longer than 825 days.
        .not_valid_after(now + datetime.timedelta(days=825))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address(address)), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    _write_private(
        key_path,
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )
    _write_private(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


def _write_private(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    partial.replace(path)


def fingerprint(cert_path) -> str:
    """The certificate's SHA-256 fingerprint, as phones and browsers show it (AB:CD:…)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    cert = x509.load_pem_x509_certificate(Path(cert_path).read_bytes())
    return cert.fingerprint(hashes.SHA256()).hex(":").upper()


def qr_svg(text: str) -> str:
    """An inline SVG QR code of `text` (segno, computed here)."""
    import segno

    return segno.make(text, error="m").svg_inline(scale=5, border=2, dark="#111827")


def address_url(address: str, port: int = LAN_PORT) -> str:
    host = f"[{address}]" if ":" in address else address
    return f"https://{host}:{port}/"


# --- Serving --------------------------------------------------------------------------------


def servers(address: str, lan_port: int, local_port: int, data_dir):
    """The HTTPS server on the network address and the plain one on 127.0.0.1 (cheroot)."""
    from cheroot import wsgi
    from cheroot.ssl.builtin import BuiltinSSLAdapter

    from netcoach.wsgi import application

    cert, key = certificate(data_dir, address)
    secure = wsgi.Server((address, lan_port), application, numthreads=8)
    secure.ssl_adapter = BuiltinSSLAdapter(str(cert), str(key))
    local = wsgi.Server(("127.0.0.1", local_port), application, numthreads=8)
    return secure, local


def main(argv=None) -> None:
    """`python -m netcoach.lan [LAN_PORT [LOCAL_PORT]]`: both servers until Ctrl-C."""
    argv = sys.argv[1:] if argv is None else argv
    lan_port = int(argv[0]) if argv else LAN_PORT
    local_port = int(argv[1]) if len(argv) > 1 else LOCAL_PORT
    address = network_address()
    os.environ["NETCOACH_LAN"] = "1"
    os.environ["NETCOACH_LAN_ADDRESS"] = address
    os.environ["NETCOACH_LAN_PORT"] = str(lan_port)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netcoach.settings")
    import django
    from django.conf import settings

    django.setup()
    secure, local = servers(address, lan_port, local_port, settings.DATA_DIR)
    local_thread = threading.Thread(target=local.safe_start, daemon=True)
    local_thread.start()
    from django.utils.translation import gettext

    print(
        gettext("netcoach is serving on %(local)s (this computer)")
        % {"local": f"http://127.0.0.1:{local_port}/"}
    )
    print(
        gettext("and on %(url)s for your phone (Ctrl-C to stop)")
        % {"url": address_url(address, lan_port)},
        flush=True,
    )
    try:
        secure.safe_start()
    finally:
        local.stop()


if __name__ == "__main__":
    main()

"""The hub over https (``LocalHub(tls=True)``, ``graphistry-jupyter hub --tls``): a certificate
made for this hub alone, signed by a private CA made with it, as a server with a private CA
presents itself. Clients trust it only when told to: ``certificate_validation=hub.ca_bundle``
(the CA's certificate), or not at all with ``certificate_validation=False``; by default the
connection fails, which is how deployments with a private CA meet it (docs/hub.md).

Keys are EC P-256, made fresh for each hub. The CA's key is dropped once it has signed the hub's
certificate, so nothing else can ever be signed with it; the hub's key stays in its data directory,
readable by its owner only. Needs the ``cryptography`` package (the hub extra).
"""

from __future__ import annotations

import datetime
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

#: How long the certificates are valid (the hub's lifetime is a session, not a year).
VALID_FOR = datetime.timedelta(days=30)


@dataclass(frozen=True)
class HubCertificate:
    """Where a hub's certificate files are."""

    ca_bundle: Path
    """The private CA's certificate (PEM): what clients pass as ``certificate_validation``."""
    certfile: Path
    """The hub's own certificate (PEM), signed by that CA."""
    keyfile: Path
    """The hub's private key (PEM, owner-only)."""


def make_certificate(directory: Path, hosts: list[str]) -> HubCertificate:
    """A new CA and a server certificate for ``hosts`` (names or IP addresses), written into
    ``directory``."""
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    except ImportError as exc:  # the hub extra was not installed
        raise RuntimeError(
            "LocalHub(tls=True) needs the cryptography package: pip install "
            "'graphistry-jupyter[hub]' (or pip install cryptography)"
        ) from exc

    now = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, "graphistry-jupyter local hub CA")]
    )
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())

    def builder(
        subject: x509.Name, public_key: ec.EllipticCurvePublicKey
    ) -> x509.CertificateBuilder:
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(ca_name)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + VALID_FOR)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        )

    def key_usage(*, cert_sign: bool) -> x509.KeyUsage:
        """A CA signs certificates; the hub's key only signs its side of the handshake."""
        return x509.KeyUsage(
            digital_signature=not cert_sign,
            content_commitment=False,
            key_encipherment=False,
            data_encipherment=False,
            key_agreement=False,
            key_cert_sign=cert_sign,
            crl_sign=cert_sign,
            encipher_only=False,
            decipher_only=False,
        )

    ca = (
        builder(ca_name, ca_key.public_key())
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(key_usage(cert_sign=True), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    names: list[x509.GeneralName] = []
    for host in dict.fromkeys([*hosts, "localhost", "127.0.0.1", "::1"]):
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host.strip("[]"))))
        except ValueError:
            names.append(x509.DNSName(host))
    subject = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, hosts[0] if hosts else "localhost")]
    )
    leaf = (
        builder(subject, key.public_key())
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(key_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )

    directory.mkdir(parents=True, exist_ok=True)
    files = HubCertificate(directory / "ca.pem", directory / "hub.pem", directory / "hub-key.pem")
    pem = serialization.Encoding.PEM
    files.ca_bundle.write_bytes(ca.public_bytes(pem))
    files.certfile.write_bytes(leaf.public_bytes(pem))
    key_pem = key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(files.keyfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(key_pem)
    return files

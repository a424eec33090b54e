package io.loomicorn.tls;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Certificates read from PEM, and the checks made on the server's own chain before it is
 * used: each certificate is within its validity period, and the private key belongs to the
 * first one.
 */
final class Certificates {

    private Certificates() {
    }

    /**
     * Reads the {@code CERTIFICATE} blocks, in order; other blocks are skipped.
     *
     * @throws BadMaterialException when a block is not an X.509 certificate, or there is none
     */
    static List<X509Certificate> read(List<PemFile.Block> blocks) throws BadMaterialException {
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (PemFile.Block block : blocks) {
            if (!block.label().equals("CERTIFICATE")) {
                continue;
            }
            try {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            } catch (CertificateException e) {
                throw new BadMaterialException("certificate " + (certificates.size() + 1)
                        + " in the file cannot be read: it is not a valid X.509 certificate");
            }
        }
        if (certificates.isEmpty()) {
            throw new BadMaterialException("the file holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    /**
     * Checks that every certificate of the chain is valid at {@code now}.
     *
     * @throws BadMaterialException naming the first one that expired or is not valid yet
     */
    static void checkValidity(List<X509Certificate> chain, Instant now) throws BadMaterialException {
        for (X509Certificate c : chain) {
            try {
                c.checkValidity(Date.from(now));
            } catch (CertificateExpiredException e) {
                throw new BadMaterialException("the certificate " + c.getSubjectX500Principal().getName()
                        + " expired on " + c.getNotAfter().toInstant());
            } catch (CertificateNotYetValidException e) {
                throw new BadMaterialException("the certificate " + c.getSubjectX500Principal().getName()
                        + " is not valid before " + c.getNotBefore().toInstant());
            }
        }
    }

    /**
     * Checks that {@code key} is the private half of {@code certificate}'s public key: by the
     * modulus for RSA, else by signing a random challenge and verifying it.
     *
     * @throws BadMaterialException when it is not
     */
    static void checkKeyMatches(PrivateKey key, X509Certificate certificate) throws BadMaterialException {
        PublicKey publicKey = certificate.getPublicKey();
        String mismatch = "the key does not match the certificate " + certificate.getSubjectX500Principal().getName();
        if (key instanceof RSAKey rsa) {
            if (!(publicKey instanceof RSAKey pub) || !rsa.getModulus().equals(pub.getModulus())) {
                throw new BadMaterialException(mismatch);
            }
            return;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            case "Ed25519", "Ed448", "EdDSA" -> "EdDSA";
            default -> throw new BadMaterialException("a " + key.getAlgorithm() + " key is not supported");
        };
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            if (!verifier.verify(signature)) {
                throw new BadMaterialException(mismatch);
            }
        } catch (GeneralSecurityException e) {
            // A key of another type or curve than the certificate's.
            throw new BadMaterialException(mismatch);
        }
    }
}

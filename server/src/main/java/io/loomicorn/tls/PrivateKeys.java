package io.loomicorn.tls;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads the private key forms that openssl and Let's Encrypt clients write, with the JDK
 * alone: PKCS#8 ({@code PRIVATE KEY}), encrypted PKCS#8 ({@code ENCRYPTED PRIVATE KEY},
 * PBES2 as openssl 3 writes it), PKCS#1 RSA ({@code RSA PRIVATE KEY}) and SEC1 EC
 * ({@code EC PRIVATE KEY}). The last two are wrapped into PKCS#8 by hand (RFC 5208
 * {@code PrivateKeyInfo}), which needs only the algorithm identifier in front.
 */
final class PrivateKeys {

    /** The JCA algorithm of each key type's OID (RFC 8017, RFC 5480, RFC 8410). */
    private static final Map<String, String> ALGORITHMS = Map.of(
            "1.2.840.113549.1.1.1", "RSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS",
            "1.2.840.10045.2.1", "EC",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448",
            "1.2.840.10040.4.1", "DSA");

    /** {@code rsaEncryption} with its NULL parameters, as an AlgorithmIdentifier. */
    private static final byte[] RSA_ALGORITHM = Der.encode(Der.SEQUENCE,
            Der.encode(Der.OID, bytes(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01)),
            Der.encode(Der.NULL));
    /** The OID {@code id-ecPublicKey} (1.2.840.10045.2.1). */
    private static final byte[] EC_PUBLIC_KEY = Der.encode(Der.OID, bytes(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01));
    private static final byte[] VERSION_0 = Der.encode(Der.INTEGER, new byte[] {0});

    private PrivateKeys() {
    }

    /** The PEM labels this class reads. */
    static boolean isKeyLabel(String label) {
        return switch (label) {
            case "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY" -> true;
            default -> false;
        };
    }

    /**
     * Decodes a key block.
     *
     * @param block        a block whose label passes {@link #isKeyLabel}
     * @param password     the password, or {@code null} when none was given
     * @param certificate  the certificate's public key: it names the curve of a SEC1 key
     *                     that does not carry its own parameters
     * @return the key
     * @throws BadMaterialException when the key cannot be read
     */
    static PrivateKey decode(PemFile.Block block, char[] password, PublicKey certificate) throws BadMaterialException {
        if (block.encrypted()) {
            throw new BadMaterialException("the key is encrypted in OpenSSL's legacy PEM form (Proc-Type: 4,ENCRYPTED),"
                    + " which the JDK cannot read; convert it to encrypted PKCS#8 with:"
                    + " openssl pkcs8 -topk8 -v2 aes-256-cbc -in OLD.pem -out NEW.pem");
        }
        byte[] pkcs8 = switch (block.label()) {
            case "PRIVATE KEY" -> block.der();
            case "ENCRYPTED PRIVATE KEY" -> decrypt(block.der(), password);
            case "RSA PRIVATE KEY" -> Der.encode(Der.SEQUENCE, VERSION_0, RSA_ALGORITHM,
                    Der.encode(Der.OCTET_STRING, block.der()));
            case "EC PRIVATE KEY" -> ecToPkcs8(block.der(), certificate);
            default -> throw new BadMaterialException("a PEM block " + block.label() + " is not a private key");
        };
        return fromPkcs8(pkcs8);
    }

    /** Builds the key from PKCS#8 bytes, with the factory its algorithm identifier names. */
    static PrivateKey fromPkcs8(byte[] pkcs8) throws BadMaterialException {
        String algorithm;
        try {
            // PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier { OID, params }, OCTET STRING, ... }
            Der.Element identifier = Der.readWhole(pkcs8).children().get(1);
            String oid = identifier.children().getFirst().oid();
            algorithm = ALGORITHMS.get(oid);
            if (algorithm == null) {
                throw new BadMaterialException("the key's algorithm (OID " + oid + ") is not supported;"
                        + " use an RSA, EC or Ed25519 key");
            }
        } catch (Der.DerException | IndexOutOfBoundsException e) {
            throw new BadMaterialException("the private key is not valid DER");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new BadMaterialException("the " + algorithm + " private key cannot be read: " + e.getMessage());
        }
    }

    /** Encrypted PKCS#8 (RFC 5958): the JDK reads PBES2 with PBKDF2 and AES, as openssl 3 writes it. */
    private static byte[] decrypt(byte[] der, char[] password) throws BadMaterialException {
        if (password == null) {
            throw new BadMaterialException("the key is encrypted; give its password with keyfile_password_file"
                    + " or keyfile_password_env");
        }
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(der);
        } catch (java.io.IOException e) {
            throw new BadMaterialException("the encrypted key is not valid DER");
        }
        String scheme = info.getAlgName();
        Cipher cipher;
        try {
            cipher = Cipher.getInstance(scheme);
            cipher.init(Cipher.DECRYPT_MODE,
                    SecretKeyFactory.getInstance(scheme).generateSecret(new PBEKeySpec(password)),
                    info.getAlgParameters());
        } catch (GeneralSecurityException e) {
            throw new BadMaterialException("the key is encrypted with " + scheme + ", which this JDK cannot decrypt");
        }
        try {
            return info.getKeySpec(cipher).getEncoded();
        } catch (GeneralSecurityException e) {
            // A wrong password decrypts to garbage: bad padding, or padding that passes by chance
            // followed by bytes that are not a PrivateKeyInfo.
            throw new BadMaterialException("the password does not decrypt the key (wrong password?)");
        }
    }

    /**
     * SEC1 (RFC 5915) {@code ECPrivateKey} into PKCS#8: the algorithm identifier is
     * {@code id-ecPublicKey} with the named curve, which SEC1 keeps in its optional
     * {@code [0] parameters}, else the certificate's key tells.
     */
    private static byte[] ecToPkcs8(byte[] sec1, PublicKey certificate) throws BadMaterialException {
        byte[] curve = null;
        try {
            for (Der.Element field : Der.readWhole(sec1).children()) {
                if (field.tag() == Der.CONTEXT_0) {
                    curve = field.children().getFirst().encoded();
                }
            }
            if (curve == null && certificate != null && "EC".equals(certificate.getAlgorithm())) {
                // SubjectPublicKeyInfo ::= SEQUENCE { AlgorithmIdentifier { OID, namedCurve }, BIT STRING }
                curve = Der.readWhole(certificate.getEncoded()).children().getFirst().children().get(1).encoded();
            }
        } catch (Der.DerException | IndexOutOfBoundsException e) {
            throw new BadMaterialException("the EC private key is not valid DER");
        }
        if (curve == null) {
            throw new BadMaterialException("the EC private key does not name its curve, and the certificate's key"
                    + " is not an EC key");
        }
        return Der.encode(Der.SEQUENCE, VERSION_0, Der.encode(Der.SEQUENCE, EC_PUBLIC_KEY, curve),
                Der.encode(Der.OCTET_STRING, sec1));
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}

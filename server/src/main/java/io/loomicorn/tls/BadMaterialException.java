package io.loomicorn.tls;

/**
 * A certificate, key or password file that cannot be used, with the reason as the end of a
 * one-line message ("the key does not match the certificate"). The caller adds the
 * setting's name and value.
 */
final class BadMaterialException extends Exception {

    private static final long serialVersionUID = 1L;

    BadMaterialException(String reason) {
        super(reason, null, false, false);
    }
}

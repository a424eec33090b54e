package io.loomicorn.tls;

import javax.net.ssl.SSLException;

/**
 * A client sent a plain HTTP request to a TLS port. The connection answers
 * {@code 400} with {@link TlsCodec#PLAIN_HTTP_DETAIL}, unencrypted, straight to the socket,
 * and closes, as nginx does.
 */
public final class PlainHttpRequestException extends SSLException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public PlainHttpRequestException() {
        super("the client sent plain HTTP to a TLS port");
    }
}

/**
 * TLS for every worker class, on the JDK's JSSE alone: the SSL settings
 * ({@link io.loomicorn.tls.TlsSettings}), key material read from PEM and PKCS#12 files
 * ({@link io.loomicorn.tls.TlsMaterial}), the worker's context and parameters with the
 * {@code ssl_context} hook ({@link io.loomicorn.tls.ServerTls}), and the I/O-free codec
 * around {@link javax.net.ssl.SSLEngine} ({@link io.loomicorn.tls.TlsCodec}) with its two
 * thin sides for drivers: {@link io.loomicorn.tls.TlsReader} and
 * {@link io.loomicorn.tls.TlsOutbound}.
 *
 * <p>The package depends on the settings and the public API only, never on the engine or
 * the worker SPI, so that both can use it.
 */
package io.loomicorn.tls;

/**
 * Running behind a proxy: who the client is, which scheme it used, and where the
 * application is mounted, as trusted proxies tell it (gunicorn's {@code forwarded_allow_ips},
 * {@code secure_scheme_headers}, {@code forwarder_headers}, {@code root_path},
 * {@code proxy_protocol} and {@code proxy_allow_ips}; RFC 7239 {@code Forwarded} beyond them).
 *
 * <p>Everything here is free of I/O, like the HTTP parser: {@link io.loomicorn.proxy.AddressMatcher}
 * matches peers against address lists, {@link io.loomicorn.proxy.ProxyProtocolDecoder} decodes a
 * PROXY v1 or v2 header from bytes, {@link io.loomicorn.proxy.ProxiedConnection} keeps what one
 * connection's proxies said and is the contract with connection drivers, and
 * {@link io.loomicorn.proxy.ProxySettings} holds the rules (its class comment has the table of
 * what wins). The engine's {@code ServerRequest} applies them to each request.
 */
package io.loomicorn.proxy;

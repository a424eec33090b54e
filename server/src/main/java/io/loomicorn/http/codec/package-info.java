/**
 * The response side of the HTTP/1.1 engine: status lines and head encoding, the cached
 * {@code Date} header, chunked framing and the fixed error responses. Like the parser,
 * it does no I/O, so it can be benchmarked alone.
 */
package io.loomicorn.http.codec;

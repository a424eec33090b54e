/**
 * The incremental, I/O-free HTTP/1.1 request parser: bytes in, a request head and
 * body content out, errors as values. It is shared by every worker class and can be
 * benchmarked and fuzzed on its own.
 */
package io.loomicorn.http.parser;

/**
 * The incremental, I/O-free HTTP/1.1 request parser: bytes in, a request head and body
 * content out, errors as values. It is shared by every worker class and can be
 * benchmarked and fuzzed on its own.
 *
 * <p>{@link io.loomicorn.http.parser.RequestParser} is the entry point and documents the
 * limits and rules; {@link io.loomicorn.http.parser.ParserConfig} holds the limits and the
 * opt-in leniencies; {@link io.loomicorn.http.parser.ParseError} maps every violation to
 * its status in one place.
 */
package io.loomicorn.http.parser;

/**
 * JMH benchmarks of the HTTP/1.1 request parser, with Netty's {@code HttpRequestDecoder}
 * measured on the same inputs in the same run as the baseline. Run them with
 * {@code benchmarks/jmh.sh}.
 */
package io.loomicorn.bench.parser;

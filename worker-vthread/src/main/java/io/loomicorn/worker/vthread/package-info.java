/**
 * The {@code vthread} worker class, gevent's twin on virtual threads: a virtual thread per
 * connection over blocking JDK NIO, with HTTP/1.1 keep-alive and pipelining, capped at
 * {@code worker_connections}, and a real per-request {@code timeout}.
 */
package io.loomicorn.worker.vthread;

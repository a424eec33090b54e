/**
 * The HTTP/1.1 engine that every worker class shares: the {@link io.loomicorn.app.Request}
 * and {@link io.loomicorn.app.Response} implementations, response framing and
 * persistence rules, dispatch to the application with hooks, error mapping and request
 * accounting ({@link io.loomicorn.engine.Dispatcher}), and the blocking connection loop
 * that {@code sync} and {@code vthread} run ({@link io.loomicorn.engine.BlockingConnection}).
 *
 * <p>A worker class decides only how connections are accepted and on which threads they
 * run; what happens to the bytes of a connection is decided here, once.
 */
package io.loomicorn.engine;

/**
 * The {@code sync} worker class: one request at a time per process, a new connection
 * per request, as gunicorn's sync worker. It is the simplest class and the safest
 * behind a buffering reverse proxy; {@code timeout} bounds each request, because the
 * worker beats only between requests.
 */
package io.loomicorn.worker.sync;

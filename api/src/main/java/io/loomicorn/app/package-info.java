/**
 * The application API: Loomicorn's counterpart of WSGI (PEP 3333).
 *
 * <p>An {@link io.loomicorn.app.App} receives a {@link io.loomicorn.app.Request} and
 * fills in a {@link io.loomicorn.app.Response}. These types are the contract between
 * Loomicorn and applications: they are small, documented and stable, and no transport
 * type (socket, channel, XNIO conduit) ever appears in them.
 */
package io.loomicorn.app;

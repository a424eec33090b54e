/**
 * The master process, gunicorn's arbiter on the JVM: it binds the listeners once,
 * spawns worker JVMs that inherit them, watches their heartbeats, recycles and replaces
 * them, and turns signals into reloads, scaling and shutdowns. It never touches a
 * request.
 */
package io.loomicorn.master;

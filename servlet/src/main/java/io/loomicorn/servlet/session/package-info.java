/**
 * HTTP sessions (Servlet 6.1 §7): {@code SessionManager} (ids, the session cookie,
 * expiry, the session listeners), the {@code SessionStore} an application may replace to
 * keep sessions outside the workers, and the warning for sessions kept in a worker's
 * memory. It works on the Servlet API and the registered listeners only.
 */
package io.loomicorn.servlet.session;

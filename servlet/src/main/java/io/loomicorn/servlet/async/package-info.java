/**
 * Asynchronous requests (Servlet 6.1 §2.3.3.3): the state machine of one exchange that the
 * request's thread drives ({@code AsyncState}) and the {@code AsyncContext} handed to the
 * application. It names no other package of the container.
 */
package io.loomicorn.servlet.async;

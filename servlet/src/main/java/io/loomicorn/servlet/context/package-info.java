/**
 * The application as deployed: {@code AppContext}, its {@code ServletContext}, with the
 * lifecycle of Servlet 6.1 §4 and §8 (initializers, listeners, filters and servlets
 * started, then destroyed in reverse order), its attributes, registrations and session
 * cookie settings ({@code CookieConfig}); the error pages that an application registers in
 * code ({@code ErrorPages}); and what the server tells the container ({@code ServerFacts}).
 * It sits on the dispatch machinery, sessions, registrations and resources, and implements
 * the views of itself that those layers declare.
 */
package io.loomicorn.servlet.context;

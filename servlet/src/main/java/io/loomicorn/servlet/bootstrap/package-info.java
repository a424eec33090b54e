/**
 * Starts a servlet application from the class the user named: runs the
 * {@code ServletContainerInitializer}s with the classes their {@code @HandlesTypes} asks
 * for ({@code TypeScanner} reads class files, loading none), then starts the context; and
 * explains in one line what is not deployed (WAR files, {@code web.xml}). It builds on the
 * context only.
 */
package io.loomicorn.servlet.bootstrap;

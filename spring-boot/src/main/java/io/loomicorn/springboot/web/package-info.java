/**
 * Boot's web server contract over Loomicorn's servlet container: a
 * {@code ServletWebServerFactory} whose web server runs Boot's initializers against the
 * worker's servlet context and leaves the sockets and the process to Loomicorn.
 */
package io.loomicorn.springboot.web;

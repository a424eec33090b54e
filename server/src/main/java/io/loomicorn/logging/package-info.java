/**
 * Logging on log4j: the error log, the access log with gunicorn's format atoms, and syslog.
 */
package io.loomicorn.logging;

/**
 * Logging on log4j: the error log, the access log with gunicorn's format atoms, and syslog.
 *
 * <p>The pieces:
 * <ul>
 *   <li>{@link io.loomicorn.logging.Logging}: sets up a process from the settings,
 *       reopens files on USR1;</li>
 *   <li>{@link io.loomicorn.logging.ServerLog}: the loggers {@code loomicorn.error} and
 *       {@code loomicorn.access}, which live in a log4j context of their own
 *       ({@code ServerLoggerContext}) that an application's {@code Configurator} calls
 *       cannot reach;</li>
 *   <li>{@code BuiltInConfiguration}: the configuration built from the settings;
 *       {@code UserConfiguration}: a {@code logconfig} file instead;</li>
 *   <li>{@code PluginFreeConfiguration} and {@code LookupOnlyPluginIndex}: the server's
 *       context and its built-in configurations without log4j's plugin classes, which its
 *       plugin registry would otherwise load all of (some 300 classes per JVM);</li>
 *   <li>{@code LineAppender} with {@code LogFile} or {@code StandardStream}: whole lines,
 *       one {@code write(2)} each (or per batch), to files that several processes append
 *       to;</li>
 *   <li>{@link io.loomicorn.logging.ErrorLogLayout}: gunicorn's error line with the role;</li>
 *   <li>{@link io.loomicorn.logging.AccessLogFormat} and {@code AccessLogAtoms}: the
 *       access line, parsed once; {@link io.loomicorn.logging.AccessLogMessage} and
 *       {@link io.loomicorn.logging.JsonAccessLog}: its fields, and the JSON access log;</li>
 *   <li>{@code SyslogTarget}, {@code SyslogTransport}, {@code UnixDatagram}: syslog in
 *       gunicorn's line shape over UDP, TCP and Unix sockets.</li>
 * </ul>
 * See {@code docs/logging.md}.
 */
package io.loomicorn.logging;

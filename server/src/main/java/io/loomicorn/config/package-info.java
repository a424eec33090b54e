/**
 * The settings registry and the command line.
 *
 * <p>Every setting is declared once, as a {@link io.loomicorn.config.Setting} constant in
 * {@link io.loomicorn.config.Settings}: its name (gunicorn's config key), its command-line
 * flags, its HOCON key, its type, default, validator, section and documentation. Everything
 * else is derived from that one list, so nothing can drift apart:
 * <ul>
 *   <li>the command line, built with picocli's programmatic API ({@code CommandLineBuilder});</li>
 *   <li>the HOCON config file, {@code loomicorn.conf} or {@code -c FILE} ({@code HoconSource});</li>
 *   <li>the {@code LOOMICORN_CMD_ARGS} environment variable, split like a shell command line;</li>
 *   <li>validation, with one-line error messages that name the setting, the value and what
 *       is allowed;</li>
 *   <li>{@code --print-config} ({@link io.loomicorn.config.Config#printConfig()});</li>
 *   <li>{@code docs/settings.md} ({@link io.loomicorn.config.SettingsDoc}), which a test keeps
 *       in step with the registry.</li>
 * </ul>
 *
 * <p>{@link io.loomicorn.config.ConfigLoader#load} merges the sources, lowest to highest
 * precedence: defaults (some read {@code PORT} and {@code WEB_CONCURRENCY}), the config file,
 * {@code LOOMICORN_CMD_ARGS}, the command line. The result is an immutable
 * {@link io.loomicorn.config.Config} that remembers where each value came from, and that the
 * master hands to every worker JVM as HOCON text ({@link io.loomicorn.config.Config#toHocon()}).
 *
 * <p>Nothing in this package prints, exits the JVM or shows a stack trace: errors are
 * {@link io.loomicorn.config.ConfigException}s with one line of text, and the caller decides
 * what to do with them.
 */
package io.loomicorn.config;

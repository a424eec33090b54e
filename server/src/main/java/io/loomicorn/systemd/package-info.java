/**
 * systemd integration of the master: readiness, reload and stop notifications and the
 * watchdog ({@code sd_notify}, over {@code NOTIFY_SOCKET}). Socket activation
 * ({@code LISTEN_FDS}) is the master's {@code ListenerBinder}'s; the unit files are in
 * {@code docs/systemd/}.
 */
package io.loomicorn.systemd;

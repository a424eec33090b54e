/**
 * The master's operator interfaces, both opt-in: the admin endpoint ({@code admin_bind}:
 * {@code /livez}, {@code /readyz}, {@code /metrics}, {@code /status}), served by Loomicorn's
 * own HTTP engine on virtual threads inside the master, and the control socket
 * ({@code control_socket}) with its client, {@code loomicorn ctl}. Both read the master's
 * published {@link io.loomicorn.metrics.MasterView} and the
 * {@link io.loomicorn.metrics.MetricsLedger}, never the arbiter's own state, so they answer
 * while workers are busy or stuck; actions go to the arbiter's queue, as signals do.
 */
package io.loomicorn.admin;

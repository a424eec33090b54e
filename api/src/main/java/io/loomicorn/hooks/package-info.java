/**
 * Server hooks: user code that runs at points of the master's and the workers' life,
 * as gunicorn's {@code on_starting}, {@code post_fork}, {@code pre_request} and others do.
 */
package io.loomicorn.hooks;

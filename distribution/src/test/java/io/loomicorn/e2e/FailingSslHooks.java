package io.loomicorn.e2e;

import io.loomicorn.app.SettingsView;
import io.loomicorn.hooks.Hooks;

import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** Hooks whose {@code ssl_context} fails, as one that fetches a key from an unreachable vault would. */
public final class FailingSslHooks implements Hooks {

    /** Required public no-argument constructor. */
    public FailingSslHooks() {
    }

    @Override
    public SSLContext sslContext(SettingsView settings, Supplier<SSLContext> defaultContext, SSLParameters parameters) {
        throw new IllegalStateException("the key vault is unreachable");
    }
}

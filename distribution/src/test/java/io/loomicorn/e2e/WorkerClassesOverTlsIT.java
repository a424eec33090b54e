package io.loomicorn.e2e;

import org.junit.jupiter.api.Tag;

/**
 * {@link WorkerClassesIT}, every test of it, over TLS: the same servers with a certificate
 * ({@link Wire#TLS}), reached through the JDK's TLS client. Tagged {@code slow}: a second
 * set of masters, and a 100 MiB upload and a thousand handshakes on top.
 */
@Tag("slow")
class WorkerClassesOverTlsIT extends WorkerClassesIT {

    @Override
    Wire wire() {
        return Wire.TLS;
    }
}

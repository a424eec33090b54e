package io.loomicorn.e2e;

import org.junit.jupiter.api.Tag;

/**
 * {@link GunicornCorpusOverSocketIT} over TLS: every vector, sent through the JDK's TLS
 * client to servers with a certificate ({@link Wire#TLS}), must be answered exactly as over
 * plain TCP. Tagged {@code slow}: the truncated vectors each wait out a 2 s header timeout.
 */
@Tag("slow")
class GunicornCorpusOverTlsIT extends GunicornCorpusOverSocketIT {

    @Override
    Wire wire() {
        return Wire.TLS;
    }
}

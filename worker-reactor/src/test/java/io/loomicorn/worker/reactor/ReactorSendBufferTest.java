package io.loomicorn.worker.reactor;

import io.loomicorn.spi.WorkerFactory;
import io.loomicorn.testing.SendBufferContract;

/** {@code Response.send(ByteBuffer)} on the reactor worker class, over a real socket. */
class ReactorSendBufferTest extends SendBufferContract {

    @Override
    protected WorkerFactory factory() {
        return new ReactorWorkerFactory();
    }
}
